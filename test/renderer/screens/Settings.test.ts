import { configure, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ComputeTarget } from '../../../common/compute/compute-target';
import type { SweepSpec } from '../../../common/sweeps/types';
import Design from '../../../renderer/src/screens/Design.svelte';
import Settings from '../../../renderer/src/screens/Settings.svelte';
import { computeSettings } from '../../../renderer/src/state/compute.svelte';
import { DesignerState } from '../../../renderer/src/state/designer.svelte';
import { notices } from '../../../renderer/src/state/notices.svelte';
import type { FakeApi } from '../fake-api';
import { installFakeApi, smallPreset } from '../screen-setup';

configure({ asyncUtilTimeout: 4000 });

let api: FakeApi;

beforeEach(() => {
  api = installFakeApi('settings');
});
afterEach(() => notices.clear());

const SLURM: ComputeTarget = { on: 'slurm', slurm: { sharedDir: '/scratch/me/lab', partition: 'gpu', gpus: 1, timeLimit: '1:00:00', extraOptions: ['--qos=short'] } };

async function chooseSlurm(): Promise<void> {
  render(Settings);
  await fireEvent.click(await screen.findByLabelText('A Slurm cluster (each run one job)'));
}

describe('Settings: Compute', () => {
  it('saves a Slurm cluster with its settings, as the main side checks them', async () => {
    await chooseSlurm();
    await fireEvent.input(screen.getByLabelText('Shared folder'), { target: { value: ' /scratch/me/lab ' } });
    await fireEvent.input(screen.getByLabelText('Partition'), { target: { value: 'gpu' } });
    await fireEvent.input(screen.getByLabelText('GPUs per trial'), { target: { value: '1' } });
    await fireEvent.input(screen.getByLabelText('Time limit'), { target: { value: '1:00:00' } });
    await fireEvent.input(screen.getByLabelText('Extra sbatch options'), { target: { value: '--qos=short' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.calls.some((c) => c.name === 'setComputeSettings')).toBe(true));
    expect(api.calls.find((c) => c.name === 'setComputeSettings')!.args).toEqual([SLURM]);
    await waitFor(() => expect(notices.items.map((n) => n.message)).toContain('Saved: new runs and sweeps train on the Slurm cluster.'));
    expect(computeSettings.saved).toEqual(SLURM);
  });

  it('shows a refusal at the field it concerns, and keeps what was typed', async () => {
    api = installFakeApi('settings', {
      setComputeSettings: async () => ({
        ok: false,
        error: { code: 'invalid-input', message: 'One problem to fix.', issues: [{ layerIndex: null, field: 'compute.slurm.timeLimit', message: 'The time limit must be written as Slurm does.' }] },
      }),
    });
    await chooseSlurm();
    await fireEvent.input(screen.getByLabelText('Shared folder'), { target: { value: '/scratch' } });
    await fireEvent.input(screen.getByLabelText('Time limit'), { target: { value: 'soon' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('The time limit must be written as Slurm does.')).toBeInTheDocument();
    expect(screen.getByRole('alert')).toHaveTextContent('One problem to fix.');
    expect(screen.getByLabelText('Time limit')).toHaveValue('soon');
  });

  it('sends a sweep to the saved cluster when the sweep form says so', async () => {
    await api.setComputeSettings(SLURM);
    await computeSettings.load();
    render(Design, { designer: new DesignerState(smallPreset({ epochs: 1 })) });
    expect(screen.getByTestId('train-reason')).toHaveTextContent('on the Slurm cluster');
    await fireEvent.click(screen.getByRole('button', { name: 'Sweep…' }));
    expect(screen.getByLabelText('Trials train on')).toHaveValue('slurm');
    await fireEvent.input(screen.getByLabelText('Values'), { target: { value: '0.001, 0.01' } });
    await waitFor(() => expect(screen.getByRole('button', { name: 'Start sweep' })).toBeEnabled());
    await fireEvent.click(screen.getByRole('button', { name: 'Start sweep' }));
    await waitFor(() => expect(api.calls.some((c) => c.name === 'startSweep')).toBe(true));
    expect((api.calls.find((c) => c.name === 'startSweep')!.args[0] as SweepSpec).compute).toEqual(SLURM);
  });
});
