/**
 * Steps the journeys share: gating on a browser, designing a small run, and reading the screens
 * the way a user would (by roles and labels).
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import type { CallName, LabCalls } from '../../common/ipc/contract';
import type { BackendChoice } from '../../common/training/hyperparameters';
import type { RunSummary } from '../../common/training/run';
import { browserAvailability, launchLab, type LabSession } from './harness';

/**
 * `describe` for journeys that need Chromium and the built renderer. Without them the journeys
 * are skipped with the reason, except under CI, where that is a failure.
 */
export function describeJourneys(name: string, body: () => void): void {
  const status = browserAvailability();
  if (status.available) {
    describe(name, body);
    return;
  }
  if (process.env.CI) {
    describe(name, () => {
      it('has a browser and a built renderer to run in', () => {
        throw new Error(status.reason);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${status.reason}`);
  describe.skip(`${name} (skipped: ${status.reason})`, body);
}

/**
 * One lab for the journeys of a `describeJourneys` block: launched before the first, closed after
 * the last. Call it in the block's body; the returned function gives the session inside a test.
 */
export function useLab(): () => LabSession {
  let lab: LabSession | undefined;
  beforeAll(async () => {
    lab = await launchLab();
  });
  afterAll(async () => {
    await lab?.close();
  });
  return () => {
    if (!lab) throw new Error('The lab is not launched yet: use it inside a test.');
    return lab;
  };
}

export interface SmallRun {
  name: string;
  presetName?: string;
  epochs?: number;
  trainLimit?: number;
  testLimit?: number;
  batchSize?: number;
  learningRate?: number;
  backend?: BackendChoice;
}

/** The rail's button label for each screen, and the heading the screen shows. */
const SCREEN_HEADINGS = {
  Design: 'Design',
  'Live run': 'Live run',
  Runs: 'Runs',
  Compare: 'Compare runs',
  Sweeps: 'Sweeps',
  Evaluate: 'Evaluate',
  Test: 'Test a model',
  Doctor: 'Doctor',
} as const;
export type ScreenName = keyof typeof SCREEN_HEADINGS;

export async function goTo(page: Page, screen: ScreenName): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen }).click();
  await waitForScreen(page, screen);
}

export async function waitForScreen(page: Page, screen: ScreenName): Promise<void> {
  await page.getByRole('heading', { name: SCREEN_HEADINGS[screen], level: 1, exact: true }).waitFor();
}

export async function loadPreset(page: Page, presetName: string): Promise<void> {
  await page.getByLabel('Preset', { exact: true }).selectOption({ label: presetName });
  await page.getByRole('button', { name: 'Load preset' }).click();
}

/** Sets up a small, fast run on the Design screen (a preset, few images, one epoch). */
export async function designSmallRun(page: Page, run: SmallRun): Promise<void> {
  await goTo(page, 'Design');
  await loadPreset(page, run.presetName ?? 'tfjs tiny');
  await page.getByLabel('Run name').fill(run.name);
  await page.getByLabel('Epochs').fill(String(run.epochs ?? 1));
  await page.getByLabel('Batch size').fill(String(run.batchSize ?? 50));
  await page.getByLabel('Training examples').fill(String(run.trainLimit ?? 1000));
  await page.getByLabel('Test examples').fill(String(run.testLimit ?? 500));
  await page.getByLabel('Validation split').fill('0.01');
  if (run.learningRate !== undefined) await page.getByLabel('Learning rate').fill(String(run.learningRate));
  if (run.backend !== undefined) await page.getByLabel('Backend', { exact: true }).selectOption(run.backend);
}

export async function launchDesignedRun(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.getByRole('heading', { name: 'Live run', level: 1 }).waitFor();
}

/** The layer card for a 1-based layer number, as the designer numbers them. */
export function layerCard(page: Page, layerNumber: number): Locator {
  return page.getByTestId('layer-card').nth(layerNumber - 1);
}

/** The runs table row of the run with this name. */
export function runRow(page: Page, name: string): Locator {
  return page.getByTestId('runs-table').locator('tbody tr').filter({ has: page.getByRole('button', { name, exact: true }) });
}

/**
 * One call through the page's own `window.api`, the way the renderer makes it: the same path
 * in Chromium (the harness's binding to the services) and in Electron (the preload).
 */
export async function callApi<K extends CallName>(page: Page, name: K, ...args: Parameters<LabCalls[K]>): Promise<ReturnType<LabCalls[K]>> {
  const result = await page.evaluate(
    ([callName, callArgs]) => {
      const api = window.api as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
      return api[callName](...callArgs);
    },
    [name, args] as [string, unknown[]],
  );
  const settled = result as { ok: true; value: ReturnType<LabCalls[K]> } | { ok: false; error: { message: string } };
  if (!settled.ok) throw new Error(`${name} failed: ${settled.error.message}`);
  return settled.value;
}

/** Every run as the app's own API reports it. */
export function listRuns(page: Page): Promise<RunSummary[]> {
  return callApi(page, 'listRuns', {});
}

export async function runById(page: Page, id: number): Promise<RunSummary> {
  const run = (await listRuns(page)).find((candidate) => candidate.id === id);
  if (!run) throw new Error(`Run #${id} is not in the store.`);
  return run;
}

/** Polls the app's API until the run reaches a finished status; returns it. */
export async function waitForRunEnd(page: Page, runId: number, timeoutMs: number): Promise<RunSummary> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const run = (await listRuns(page)).find((candidate) => candidate.id === runId);
    if (run && run.status !== 'queued' && run.status !== 'running') return run;
    if (Date.now() > deadline) throw new Error(`Run #${runId} was still ${run?.status ?? 'missing'} after ${timeoutMs / 1000} s.`);
    await page.waitForTimeout(500);
  }
}
