/**
 * Journey: `mnist-lab train` runs in a terminal while the app is open on the same data folder.
 * The Live run screen follows it live, marks it as another process's, and cancels it through that
 * process. In Debian's Chromium.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startCli, type RunningCli } from '../main/faults/helpers';
import { launchLab, type LabSession } from './harness';
import { describeJourneys, goTo, runById } from './steps';

const TRAINING_TIMEOUT_MS = 90_000;

describeJourneys('a run started by the command line', () => {
  let lab: LabSession;
  let cli: RunningCli | null = null;

  beforeAll(async () => {
    lab = await launchLab();
  });

  afterAll(async () => {
    cli?.child.kill();
    await cli?.ended;
    await lab?.close();
  });

  it('shows live in the app, marked as another process, and is cancelled from there', async () => {
    const { page } = lab;
    await goTo(page, 'Live run');
    const args = ['train', '--preset', 'tfjs-tiny', '--epochs', '30', '--batch-size', '25', '--train-limit', '2000', '--test-limit', '100', '--backend', 'wasm'];
    const started = startCli(lab.homeDir, [...args, '--name', 'from a terminal']);
    const child = started.child;
    cli = started;

    const entry = page.getByTestId('queue-entry').filter({ hasText: 'from a terminal' });
    await entry.filter({ hasText: `in another process (pid ${child.pid})` }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
    await page.getByTestId('live-run-name').filter({ hasText: 'from a terminal' }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
    await page.getByTestId('live-other-process').filter({ hasText: `pid ${child.pid}` }).waitFor();
    // Progress moves on this screen while the other process trains.
    const batch = page.getByTestId('live-batch');
    await batch.filter({ hasText: /\d+ \/ \d+/ }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
    const first = await batch.textContent();
    await batch.filter({ hasNotText: first ?? '' }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
    await lab.screenshot('other-process', '1-following');

    await entry.getByRole('button', { name: 'Cancel from a terminal' }).click();
    await page.getByText(/Asked the MNIST Lab process that trains run #\d+ \(pid \d+\) to cancel it\./).waitFor();
    await page.getByTestId('live-status').filter({ hasText: 'cancelled' }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
    await entry.waitFor({ state: 'detached' });
    await started.ended;
    expect(child.exitCode).toBe(1);
    const run = await runById(page, 1);
    expect(run.status).toBe('cancelled');
    await lab.screenshot('other-process', '2-cancelled');
    expect(lab.pageErrors).toEqual([]);
  });
});
