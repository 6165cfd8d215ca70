/**
 * Journey: the lab as `mnist-lab serve` serves it, opened in two tabs. A run launched in one tab
 * is watched live in both; the Doctor reports on the server; the address bar loses the token; a page without it gets the sign-in
 * page; a stopped server shows the lost-connection banner. In Debian's Chromium.
 */
import { expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SCREENSHOT_DIR } from './harness';
import { describeJourneys, designSmallRun, goTo, launchDesignedRun, useLab } from './steps';

const TRAINING_TIMEOUT_MS = 240_000;

describeJourneys('the served app in two tabs', () => {
  const launched = useLab();

  it('shows one run live in both tabs, and signs out pages without the token', async () => {
    const lab = launched();
    const { page } = lab;
    // The token was traded for a cookie: it is gone from the address (and the history).
    expect(page.url()).toBe(`${lab.server.origin}/`);
    const second: Page = await lab.newTab();
    await goTo(second, 'Live run');

    await designSmallRun(page, { name: 'watched twice', epochs: 2, trainLimit: 1000, batchSize: 25 });
    await launchDesignedRun(page);
    for (const tab of [page, second]) {
      await tab.getByTestId('live-run-name').filter({ hasText: 'watched twice' }).waitFor();
      await tab.getByTestId('live-batch').filter({ hasText: /\d+ \/ \d+/ }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
    }
    await second.screenshot({ path: `${SCREENSHOT_DIR}/served-1-second-tab-live.png` });
    for (const tab of [page, second]) await tab.getByTestId('live-ending').filter({ hasText: 'Finished' }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
    await expect(second.getByTestId('live-epoch').textContent()).resolves.toBe('2 / 2');
    await lab.screenshot('served', '2-first-tab-finished');

    // The Runs table of the tab that did not launch it shows the finished run too.
    await goTo(second, 'Runs');
    await second.getByRole('row').filter({ hasText: 'watched twice' }).getByText('completed').waitFor();

    // The Doctor reports on the server's machine: its backends and its data folder.
    await goTo(second, 'Doctor');
    await second.getByRole('heading', { name: 'Backends', level: 2 }).waitFor();
    await second.getByText(lab.homeDir, { exact: true }).waitFor();
    await second.screenshot({ path: `${SCREENSHOT_DIR}/served-2b-doctor.png`, fullPage: true });

    // A browser without the session cookie gets the sign-in page, not the app.
    await page.context().clearCookies();
    const foreign = await page.context().newPage();
    const response = await foreign.goto(`${lab.server.origin}/`);
    expect(response?.status()).toBe(401);
    await foreign.getByRole('button', { name: 'Open the lab' }).waitFor();
    await foreign.screenshot({ path: `${SCREENSHOT_DIR}/served-3-sign-in.png` });
    // Pasting the token signs the page in, as the printed address would.
    await foreign.getByPlaceholder('token').fill(lab.server.token);
    await foreign.getByRole('button', { name: 'Open the lab' }).click();
    await foreign.getByRole('heading', { name: 'Design', level: 1 }).waitFor();
    expect(foreign.url()).toBe(`${lab.server.origin}/`);
    await foreign.close();
    expect(lab.pageErrors).toEqual([]);
  });

  it('tells the user when the server has stopped', async () => {
    const lab = launched();
    await lab.server.close();
    const banner = lab.page.getByRole('alert').filter({ hasText: 'connection to the MNIST Lab server was lost' });
    await banner.waitFor();
    await lab.screenshot('served', '4-server-stopped');
    // The lost connection is expected here; it is not a page error.
    lab.pageErrors.length = 0;
  });
});
