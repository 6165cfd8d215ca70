/**
 * The sweep journey: define a small sweep from the designer, watch its trials on the Sweeps
 * screen, pause and resume it, cancel it, rank it by another metric, compare its trials and open
 * one in Runs. Trials are tiny (300 images, two epochs so that Compare draws a band), so the whole
 * journey trains for well under two minutes.
 */
import { expect } from 'vitest';
import type { SweepDetail } from '../../common/sweeps/types';
import type { JourneySession } from './journeys';
import { callApi, designSmallRun, waitForScreen } from './steps';

const TRIAL_TIMEOUT_MS = 90_000;

async function sweepNow(session: JourneySession, id: number): Promise<SweepDetail> {
  return callApi(session.page, 'getSweep', id);
}

/** Waits until the Sweeps screen shows no trial training or waiting to. */
async function noTrialActive(session: JourneySession): Promise<void> {
  const active = '[data-testid="sweep-trial"][data-status="running"], [data-testid="sweep-trial"][data-status="queued"]';
  await session.page.waitForFunction((selector) => document.querySelectorAll(selector).length === 0, active, { timeout: TRIAL_TIMEOUT_MS });
}

export async function sweepJourney(session: JourneySession): Promise<void> {
  const { page } = session;
  await designSmallRun(page, { name: 'sweep base', epochs: 2, trainLimit: 300, testLimit: 200, batchSize: 50 });

  // Two learning rates x two seeds, planned as the user types.
  await page.getByRole('button', { name: 'Sweep…' }).click();
  const form = page.getByRole('dialog', { name: 'Define a sweep' });
  await form.getByLabel('Sweep name').fill('e2e sweep');
  const rate = form.getByRole('group', { name: 'Parameter 1' });
  await expect(rate.getByLabel('Vary').inputValue()).resolves.toBe('learningRate');
  // A problem shows at the parameter it concerns, and Start waits for it to be fixed.
  await rate.getByLabel('Values').fill('0.003,,0.03');
  await rate.getByText('a list needs values between its commas').waitFor();
  await expect(form.getByRole('button', { name: 'Start sweep' }).isDisabled()).resolves.toBe(true);
  await form.getByLabel('Strategy').selectOption('halving');
  await form.getByLabel('First rung (epochs)').fill('3');
  await form.getByTestId('sweep-problems').filter({ hasText: 'must come before the last epoch (2)' }).waitFor();
  await session.screenshot('sweeps', '1-form-problems');
  await form.getByLabel('Strategy').selectOption('grid');
  await rate.getByLabel('Values').fill('0.003, 0.03');
  await form.getByLabel('Seeds per combination').fill('2');
  await form.getByTestId('sweep-plan').filter({ hasText: '4 trials: 2 configurations × 2 seeds' }).waitFor();
  await session.screenshot('sweeps', '1-form');
  await form.getByRole('button', { name: 'Start sweep' }).click();

  await waitForScreen(page, 'Sweeps');
  const detail = page.getByTestId('sweep-detail');
  await detail.getByRole('heading', { name: 'e2e sweep' }).waitFor();
  const trials = detail.getByTestId('sweep-trial');
  await expect(trials.count()).resolves.toBe(4);
  const id = (await callApi(page, 'listSweeps')).find((s) => s.name === 'e2e sweep')!.id;

  // The first trial finishes while the user watches; the next one starts by itself.
  await trials.nth(0).and(page.locator('[data-status="completed"]')).waitFor({ timeout: TRIAL_TIMEOUT_MS });
  await detail.getByTestId('sweep-best').filter({ hasText: /best validation accuracy, trial 1/ }).waitFor();
  await session.screenshot('sweeps', '2-first-trial-done');

  // Pause: the trial already training finishes, no other starts.
  await detail.getByRole('button', { name: 'Pause' }).click();
  await detail.getByTestId('sweep-status').filter({ hasText: 'paused' }).waitFor();
  await noTrialActive(session);
  const paused = await sweepNow(session, id);
  expect(paused.trials.filter((t) => t.status === 'pending').length).toBeGreaterThanOrEqual(1);
  await session.screenshot('sweeps', '3-paused');

  // Resume starts the next pending trial; cancel stops it and leaves the rest unstarted.
  await detail.getByRole('button', { name: 'Resume' }).click();
  await detail.getByTestId('sweep-status').filter({ hasText: 'running' }).waitFor();
  await detail.getByRole('button', { name: 'Cancel sweep' }).click();
  await detail.getByTestId('sweep-status').filter({ hasText: 'cancelled' }).waitFor();
  await expect(detail.getByRole('button', { name: 'Resume' }).isDisabled()).resolves.toBe(true);
  // The trial that was training (or about to) ends too, and the table shows it.
  await noTrialActive(session);
  const cancelled = await sweepNow(session, id);
  expect(cancelled.status).toBe('cancelled');
  const completed = cancelled.trials.filter((t) => t.status === 'completed');
  expect(completed.length).toBeGreaterThanOrEqual(2);
  expect(cancelled.trials.some((t) => t.status === 'cancelled' || t.status === 'pending')).toBe(true);
  await session.screenshot('sweeps', '4-cancelled');

  // Ranked by test accuracy: the best is the completed trial whose run tested best.
  await detail.getByLabel('Rank trials by').selectOption({ label: 'test accuracy' });
  const byTest = completed.map((t) => ({ index: t.index, value: cancelled.runs.find((r) => r.id === t.runId)!.testAccuracy! }));
  const bestByTest = byTest.reduce((a, b) => (b.value > a.value ? b : a));
  await detail.getByTestId('sweep-best').filter({ hasText: `test accuracy, trial ${bestByTest.index + 1} ` }).waitFor();
  await expect(trials.nth(bestByTest.index).getAttribute('class')).resolves.toMatch(/\bbest\b/);
  await session.screenshot('sweeps', '5-ranked-by-test');

  // Parallel coordinates and the trade-off graph of the trials; dragging along an axis keeps a range.
  const charts = detail.getByRole('region', { name: 'Sweep charts' });
  await charts.scrollIntoViewIfNeeded();
  await session.screenshot('sweeps', '6-charts');
  const axis = charts.locator('[data-brush-axis="learningRate"]');
  const box = (await axis.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.3, { steps: 5 });
  await page.mouse.up();
  await charts.getByRole('status').filter({ hasText: /of 4 trials selected/ }).waitFor();
  await charts.getByRole('button', { name: 'Clear selection' }).waitFor();
  await session.screenshot('sweeps', '7-brushed');
  await expect(charts.getByRole('button', { name: /On the Pareto front/ }).count()).resolves.toBeGreaterThanOrEqual(1);

  // Compare the trials that ran: opened grouped, each learning rate a mean curve over its seeds.
  await detail.getByRole('button', { name: 'Compare trials' }).click();
  await waitForScreen(page, 'Compare');
  const curves = page.getByRole('region', { name: 'Curves' });
  await curves.locator('canvas').first().waitFor();
  await page.getByRole('table', { name: 'Final metrics of each group' }).waitFor();
  const legend = (await curves.locator('.u-legend').textContent()) ?? '';
  expect(legend).toMatch(/Learning rate 0\.003.*\(n=\d\)/);
  await session.screenshot('sweeps', '8-compare-grouped');

  // Back on the sweep, a trial's run opens in Runs.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sweeps' }).click();
  await waitForScreen(page, 'Sweeps');
  const firstRun = cancelled.trials[0].runId!;
  await page.getByRole('button', { name: `Open run #${firstRun} of trial 1 in Runs` }).click();
  await waitForScreen(page, 'Runs');
  await page.getByTestId('run-details').waitFor();

  // So does a point of the trade-off graph.
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Sweeps' }).click();
  await waitForScreen(page, 'Sweeps');
  await page.getByRole('region', { name: 'Sweep charts' }).getByRole('button', { name: /On the Pareto front/ }).first().click();
  await waitForScreen(page, 'Runs');
  await page.getByTestId('run-details').waitFor();
  expect(session.pageErrors).toEqual([]);
}
