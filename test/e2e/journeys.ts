/**
 * The user journeys, written once against a page that shows the app. The Chromium tests
 * (design/training/cancel.test.ts) and the Electron test run these same functions.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import type { Page } from 'playwright-core';
import { designSmallRun, goTo, launchDesignedRun, layerCard, listRuns, loadPreset, runRow } from './steps';

export interface JourneySession {
  page: Page;
  pageErrors: string[];
  screenshot(journey: string, step: string): Promise<string>;
  /** Whether the page's downloads can be caught (Electron asks where to save instead). */
  catchesDownloads: boolean;
}

const TRAINING_TIMEOUT_MS = 240_000;

/** Design an invalid stack, see each message at its layer, fix it, export it. */
export async function designJourney(session: JourneySession): Promise<void> {
  const { page } = session;
  await goTo(page, 'Design');
  // A new user's Design screen opens on the default preset, Real 99: 11 layers, 150,266 parameters.
  await expect(page.getByLabel('Preset', { exact: true }).inputValue()).resolves.toBe('real99');
  await expect(page.getByTestId('layer-card').count()).resolves.toBe(11);
  await expect(page.getByTestId('total-params').textContent()).resolves.toBe('150,266');
  await session.screenshot('design', '0-default');
  await loadPreset(page, 'Keras simple convnet');
  await expect(page.getByTestId('layer-card').count()).resolves.toBe(7);
  await session.screenshot('design', '1-preset');

  // Move the dense output layer above flatten: a dense layer then sees a 3-D input.
  await layerCard(page, 7).getByRole('button', { name: 'Move layer 7 up' }).click();
  await layerCard(page, 6).getByRole('button', { name: 'Move layer 6 up' }).click();
  const misplaced = layerCard(page, 5);
  await expect(misplaced.getByTestId('layer-issues').textContent()).resolves.toMatch(/Layer 5 \(dense 10 softmax\).*flatten/i);
  await expect(layerCard(page, 1).getByTestId('layer-issues').count()).resolves.toBe(0);

  // A kernel bigger than its 13x13 input: highlighted at the field, explained at the layer.
  const kernel = layerCard(page, 3).getByLabel('Kernel size');
  await kernel.fill('15');
  await expect(kernel.getAttribute('aria-invalid')).resolves.toBe('true');
  await expect(layerCard(page, 3).getByTestId('layer-issues').textContent()).resolves.toMatch(/Layer 3 \(conv2d 64 15x15\)/);

  const train = page.getByRole('button', { name: 'Train', exact: true });
  await expect(train.isDisabled()).resolves.toBe(true);
  await expect(page.getByTestId('train-reason').textContent()).resolves.toMatch(/Fix \d+ problems/);
  await session.screenshot('design', '2-invalid');

  // Fix the field, and move the dense layer back down with the keyboard.
  await kernel.fill('3');
  await misplaced.focus();
  await page.keyboard.press('Alt+ArrowDown');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByTestId('layer-issues').count()).resolves.toBe(0);
  await expect(train.isEnabled()).resolves.toBe(true);
  await expect(page.getByTestId('total-params').textContent()).resolves.toBe('34,826');
  await session.screenshot('design', '3-fixed');

  if (session.catchesDownloads) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()]);
    const exported = JSON.parse(readFileSync(await download.path(), 'utf8')) as { layers: { type: string }[] };
    expect(exported.layers.map((layer) => layer.type)).toEqual([
      'conv2d',
      'maxPooling2d',
      'conv2d',
      'maxPooling2d',
      'flatten',
      'dropout',
      'dense',
    ]);
  }
  expect(session.pageErrors).toEqual([]);
}

/** Launch a small run, watch it, let it finish, find it in the table, fork it. */
export async function trainingJourney(session: JourneySession): Promise<void> {
  const { page } = session;
  await designSmallRun(page, { name: 'e2e tiny', epochs: 2, trainLimit: 1000, batchSize: 25 });
  await session.screenshot('training', '1-designed');
  await launchDesignedRun(page);

  // The backend that really runs it, then epoch/batch counters moving.
  await page.getByTestId('live-run-name').filter({ hasText: 'e2e tiny' }).waitFor();
  await page.getByTestId('live-backend').filter({ hasText: /R(an|unning) on/ }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
  await page.getByTestId('live-batch').filter({ hasText: /\d+ \/ \d+/ }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
  expect(Number(await page.getByRole('progressbar').getAttribute('aria-valuenow'))).toBeGreaterThan(0);
  await session.screenshot('training', '2-progress');

  await page.getByTestId('live-ending').filter({ hasText: 'Finished' }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
  await expect(page.getByTestId('live-epoch').textContent()).resolves.toBe('2 / 2');
  await session.screenshot('training', '3-finished');

  await goTo(page, 'Runs');
  const row = runRow(page, 'e2e tiny');
  await row.getByText('completed').waitFor();
  const cells = await row.locator('td').allTextContents();
  expect(cells.some((text) => /^\d+\.\d\d%$/.test(text.trim()))).toBe(true);
  await row.getByRole('button', { name: 'e2e tiny', exact: true }).click();
  await page.getByTestId('run-details').getByRole('columnheader', { name: 'Val acc' }).waitFor();
  await session.screenshot('training', '4-runs-table');

  await row.getByRole('button', { name: 'Fork e2e tiny' }).click();
  await page.getByRole('heading', { name: 'Design', level: 1 }).waitFor();
  await expect(page.getByLabel('Run name').inputValue()).resolves.toBe('e2e tiny (fork)');
  await expect(page.getByLabel('Epochs').inputValue()).resolves.toBe('2');
  await expect(page.getByLabel('Batch size').inputValue()).resolves.toBe('25');
  await expect(page.getByLabel('Training examples').inputValue()).resolves.toBe('1000');
  await page.getByText('forked from run #').waitFor();
  await session.screenshot('training', '5-forked');

  const finished = (await listRuns(page)).find((run) => run.name === 'e2e tiny');
  expect(finished?.status).toBe('completed');
  expect(finished?.testAccuracy).not.toBeNull();
  expect(session.pageErrors).toEqual([]);
}

/** Queue two runs, cancel the waiting one and the running one, delete one and undo. */
export async function cancelJourney(session: JourneySession): Promise<void> {
  const { page } = session;
  // Long enough that it is still training when it is cancelled.
  await designSmallRun(page, { name: 'long run', epochs: 20, trainLimit: 5000, batchSize: 25 });
  await launchDesignedRun(page);
  await designSmallRun(page, { name: 'waiting run' });
  await launchDesignedRun(page);

  const entries = page.getByTestId('queue-entry');
  await entries.filter({ hasText: 'waiting run' }).filter({ hasText: '#1 waiting' }).waitFor();
  await expect(entries.filter({ hasText: 'long run' }).textContent()).resolves.toMatch(/running/);
  await expect(page.getByTestId('live-badge').textContent()).resolves.toBe('2');
  await session.screenshot('cancel', '1-queue');

  await page.getByRole('button', { name: 'Cancel waiting run' }).click();
  await entries.filter({ hasText: 'waiting run' }).waitFor({ state: 'detached' });

  await page.getByTestId('live-batch').filter({ hasText: /\d+ \/ \d+/ }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
  await session.screenshot('cancel', '2-running');
  await page.getByRole('button', { name: 'Cancel run' }).click();
  await page.getByTestId('live-ending').filter({ hasText: 'Cancelled' }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
  await page.getByText('Nothing is training or waiting.').waitFor();
  await session.screenshot('cancel', '3-cancelled');

  await goTo(page, 'Runs');
  await runRow(page, 'long run').getByText('cancelled').waitFor();
  await runRow(page, 'waiting run').getByText('cancelled').waitFor();

  await page.getByRole('button', { name: 'Delete waiting run' }).click();
  await runRow(page, 'waiting run').waitFor({ state: 'detached' });
  await session.screenshot('cancel', '4-deleted');
  await page.getByTestId('notice').getByRole('button', { name: 'Undo' }).click();
  await runRow(page, 'waiting run').waitFor();

  const statuses = (await listRuns(page)).filter((run) => run.name === 'long run' || run.name === 'waiting run').map((run) => run.status);
  expect(statuses).toEqual(['cancelled', 'cancelled']);
  expect(session.pageErrors).toEqual([]);
}
