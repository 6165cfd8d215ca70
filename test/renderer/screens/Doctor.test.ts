import { afterEach, describe, expect, it } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import Doctor from '../../../renderer/src/screens/Doctor.svelte';
import { createFakeApi, fakeDoctorReport } from '../fake-api';

describe('Doctor screen', () => {
  afterEach(() => {
    Reflect.deleteProperty(window, 'api');
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
});
