import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import type { ComputeTarget } from '../../../common/compute/compute-target';
import Doctor from '../../../renderer/src/screens/Doctor.svelte';
import { computeSettings } from '../../../renderer/src/state/compute.svelte';
import { createFakeApi, fakeDoctorReport, type FakeApi } from '../fake-api';

const SLURM: ComputeTarget = { on: 'slurm', slurm: { sharedDir: '/scratch/me/lab', partition: 'gpu' } };

/** A fake main side whose Compute setting is already saved as `target`. */
async function withCompute(target: ComputeTarget, overrides: Parameters<typeof createFakeApi>[0] = {}): Promise<FakeApi> {
  const api = createFakeApi(overrides);
  await api.setComputeSettings(target);
  window.api = api;
  return api;
}

describe('Doctor screen', () => {
  afterEach(() => {
    Reflect.deleteProperty(window, 'api');
    // The window's one Compute setting outlives a test: back to this machine.
    computeSettings.saved = { on: 'local' };
  });

  it('shows every backend with its status, reason and fix, and which one auto uses', async () => {
    const report = fakeDoctorReport();
    window.api = createFakeApi();
    render(Doctor);
    const table = await screen.findByRole('table', { name: 'TensorFlow.js backends on this machine' });
    for (const probe of report.backends) {
      const row = within(table).getByRole('row', { name: new RegExp(`^${probe.backend}(\\s|$)`) });
      expect(row).toHaveTextContent(probe.available ? 'Available' : 'Not available');
      if (probe.reason) expect(row).toHaveTextContent(probe.reason);
      if (probe.fix) expect(row).toHaveTextContent(`Fix: ${probe.fix}`);
    }
    expect(within(table).getByRole('row', { name: /^wasm/ })).toHaveTextContent('used by auto');
    expect(screen.getByText(report.homeDir)).toBeInTheDocument();
    expect(screen.getByText(report.dbFile)).toBeInTheDocument();
    const versions = screen.getByRole('table', { name: "Versions of the lab's parts" });
    expect(versions).toHaveTextContent('tfjs');
    expect(versions).toHaveTextContent('4.22.0');
  });

  it('says why the check failed', async () => {
    window.api = createFakeApi({
      doctor: async () => ({ ok: false, error: { code: 'internal', message: 'Probing backends crashed.' } }),
    });
    render(Doctor);
    expect(await screen.findByRole('alert')).toHaveTextContent('Probing backends crashed.');
  });

  it('shows no cluster check when runs train on this machine', async () => {
    const api = await withCompute({ on: 'local' });
    render(Doctor);
    await screen.findByRole('table', { name: 'TensorFlow.js backends on this machine' });
    await waitFor(() => expect(api.calls.some((c) => c.name === 'getComputeSettings')).toBe(true));
    expect(screen.queryByRole('heading', { name: 'Slurm cluster' })).not.toBeInTheDocument();
    expect(api.calls.some((c) => c.name === 'checkCluster')).toBe(false);
  });

  it('checks the Slurm cluster of the Compute setting on request, as `mnist-lab doctor --on slurm` does', async () => {
    const api = await withCompute(SLURM);
    render(Doctor);
    expect(await screen.findByRole('heading', { name: 'Slurm cluster' })).toBeInTheDocument();
    expect(screen.getByText('/scratch/me/lab')).toBeInTheDocument();
    // Nothing is submitted until asked: the last check is a test job.
    expect(api.calls.some((c) => c.name === 'checkCluster')).toBe(false);
    await fireEvent.click(screen.getByRole('button', { name: 'Check the cluster' }));
    const table = await screen.findByRole('table', { name: 'Checks of the Slurm cluster' });
    for (const [check, detail] of [['Slurm commands', 'sbatch, squeue'], ['Partition', 'gpu'], ['Shared folder, from here', '/scratch/me/lab'], ['Shared folder, from a test job', 'written by node1']]) {
      const row = within(table).getByRole('row', { name: new RegExp(`^${check}`) });
      expect(row).toHaveTextContent('OK');
      expect(row).toHaveTextContent(detail);
    }
    expect(screen.getByText('This machine can hand runs to the cluster.')).toBeInTheDocument();
  });

  it('shows a failed check with what to do, and says runs cannot train there yet', async () => {
    await withCompute(SLURM, {
      checkCluster: async () => ({ ok: true, value: [{ check: 'Slurm commands', ok: false, detail: 'not found: sbatch (run MNIST Lab on the cluster\'s login node, or install slurm-client)' }] }),
    });
    render(Doctor);
    await fireEvent.click(await screen.findByRole('button', { name: 'Check the cluster' }));
    const row = within(await screen.findByRole('table', { name: 'Checks of the Slurm cluster' })).getByRole('row', { name: /^Slurm commands/ });
    expect(row).toHaveTextContent('Failed');
    expect(row).toHaveTextContent('install slurm-client');
    expect(screen.getByText(/Runs cannot train on the cluster until this is fixed/)).toBeInTheDocument();
  });

  it('says why the cluster check itself failed', async () => {
    await withCompute(SLURM, { checkCluster: async () => ({ ok: false, error: { code: 'internal', message: 'sbatch hung.' } }) });
    render(Doctor);
    await fireEvent.click(await screen.findByRole('button', { name: 'Check the cluster' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The cluster check failed: sbatch hung.');
  });
});
