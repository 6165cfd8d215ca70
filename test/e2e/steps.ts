/**
 * Steps the journeys share: gating on a browser, designing a small run, and reading the screens
 * the way a user would (by roles and labels).
 */
import { describe, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { browserAvailability } from './harness';

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

export interface SmallRun {
  name: string;
  presetName?: string;
  epochs?: number;
  trainLimit?: number;
  testLimit?: number;
  batchSize?: number;
}

export async function goTo(page: Page, screen: 'Design' | 'Live run' | 'Runs'): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: screen }).click();
  await page.getByRole('heading', { name: screen, level: 1 }).waitFor();
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
  await page.getByLabel('Train limit').fill(String(run.trainLimit ?? 1000));
  await page.getByLabel('Test limit').fill(String(run.testLimit ?? 500));
  await page.getByLabel('Validation split').fill('0.01');
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
