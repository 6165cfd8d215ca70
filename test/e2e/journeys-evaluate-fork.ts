/**
 * Journeys from a finished run onward: its confusion matrix and the test images behind a cell
 * (Evaluate), and a fork back into the designer with its exact settings, launched.
 */
import { expect } from 'vitest';
import type { Locator } from 'playwright-core';
import { describeLayer } from '../../common/layers/describe';
import { sum, TRAINING_TIMEOUT_MS } from './journeys-runs';
import type { JourneySession } from './journeys';
import { callApi, goTo, launchDesignedRun, listRuns, runById, runRow, waitForRunEnd, waitForScreen } from './steps';

const CELL_LABEL = /^True (\d), (?:correctly )?predicted as (\d): (\d+) images?$/;

/** Open a run's confusion matrix, click an off-diagonal cell, see its misclassified test images. */
export async function evaluateJourney(session: JourneySession, runId: number): Promise<void> {
  const { page } = session;
  const run = await runById(page, runId);
  await goTo(page, 'Runs');
  await runRow(page, run.name).getByRole('button', { name: run.name, exact: true }).click();
  await page.getByTestId('run-details').getByRole('button', { name: 'Evaluate' }).click();
  await waitForScreen(page, 'Evaluate');

  const matrix = page.getByRole('region', { name: 'Confusion matrix', exact: true });
  const cellButtons = matrix.getByRole('button');
  await cellButtons.first().waitFor();
  const cells = (await cellButtons.evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label') ?? ''))).map((label) => {
    const match = CELL_LABEL.exec(label);
    if (!match) throw new Error(`Unexpected cell label "${label}".`);
    return { trueLabel: Number(match[1]), predicted: Number(match[2]), count: Number(match[3]) };
  });
  expect(cells).toHaveLength(100);
  // The matrix agrees with the run's recorded test accuracy.
  const total = sum(cells.map((cell) => cell.count));
  const correct = sum(cells.filter((cell) => cell.trueLabel === cell.predicted).map((cell) => cell.count));
  expect(total).toBe(run.hyperparameters.testLimit);
  expect(correct / total).toBeCloseTo(run.testAccuracy ?? Number.NaN, 6);
  await page.getByRole('region', { name: 'Per class' }).getByRole('table').waitFor();
  await session.screenshot('evaluate', '1-matrix');

  const mistakes = cells.filter((cell) => cell.trueLabel !== cell.predicted && cell.count > 0).sort((a, b) => b.count - a.count);
  expect(mistakes.length).toBeGreaterThan(0);
  const cell = mistakes[0];
  const button = matrix.getByRole('button', { name: CELL_LABEL }).nth(cell.trueLabel * 10 + cell.predicted);
  await button.click();
  await expect(button.getAttribute('aria-pressed')).resolves.toBe('true');

  const gallery = page.getByRole('region', { name: `Test images of ${cell.trueLabel} predicted as ${cell.predicted}` });
  const images = gallery.getByRole('img');
  await images.first().waitFor();
  await expect(images.count()).resolves.toBe(Math.min(cell.count, 60));
  for (const alt of await images.evaluateAll((found) => found.map((image) => image.getAttribute('alt') ?? ''))) {
    expect(alt).toMatch(new RegExp(`^Test image \\d+: a ${cell.trueLabel}, predicted ${cell.predicted}$`));
  }
  await expect(images.first().evaluate((image) => (image as HTMLImageElement).naturalWidth)).resolves.toBe(28);
  await session.screenshot('evaluate', '2-cell-images');
  expect(session.pageErrors).toEqual([]);
}

/** The value a form control shows, as text (checkboxes as "true"/"false"). */
async function controlValue(control: Locator): Promise<string> {
  return control.evaluate((element) =>
    element instanceof HTMLInputElement && element.type === 'checkbox' ? String(element.checked) : (element as HTMLInputElement | HTMLSelectElement).value,
  );
}

/** Fork a run from the table: the designer shows its exact layers and settings; launch the fork. */
export async function forkJourney(session: JourneySession, runId: number): Promise<void> {
  const { page } = session;
  const run = await runById(page, runId);
  await goTo(page, 'Runs');
  await runRow(page, run.name).getByRole('button', { name: `Fork ${run.name}`, exact: true }).click();
  await waitForScreen(page, 'Design');
  await page.getByText(`forked from run #${run.id}`).waitFor();
  await expect(page.getByLabel('Run name').inputValue()).resolves.toBe(`${run.name} (fork)`);

  // Every layer, in order, with every field as the run had it.
  const cards = page.getByTestId('layer-card');
  await expect(cards.count()).resolves.toBe(run.layers.length);
  for (const [index, spec] of run.layers.entries()) {
    const card = cards.nth(index);
    await expect(card.getAttribute('aria-label')).resolves.toBe(`Layer ${index + 1}: ${describeLayer(spec)}`);
    const record = spec as unknown as Record<string, unknown>;
    for (const control of await card.locator('input[id^="layer-"], select[id^="layer-"]').all()) {
      const field = ((await control.getAttribute('id')) ?? '').replace(/^layer-\d+-/, '');
      expect(Object.hasOwn(record, field), `layer ${index + 1} field ${field}`).toBe(true);
      expect(await controlValue(control), `layer ${index + 1} field ${field}`).toBe(String(record[field]));
    }
  }

  // Every training setting the form shows; the ones it hides do not apply to this optimizer or schedule.
  const shown: string[] = [];
  for (const [key, value] of Object.entries(run.hyperparameters)) {
    const control = page.locator(`#hp-${key}`);
    if ((await control.count()) === 0) continue;
    shown.push(key);
    const text = await controlValue(control);
    if (typeof value === 'number') expect(Number(text), key).toBe(value);
    else expect(text, key).toBe(value === null ? '' : String(value));
  }
  expect(shown).toEqual(expect.arrayContaining(['optimizer', 'learningRate', 'batchSize', 'epochs', 'validationSplit', 'seed', 'trainLimit', 'testLimit', 'backend', 'augment']));
  await session.screenshot('fork', '1-design');

  // Launch the fork: it starts with the same layers and settings, then is cancelled to save time.
  await launchDesignedRun(page);
  await page.getByTestId('live-run-name').filter({ hasText: `${run.name} (fork)` }).waitFor();
  const fork = (await listRuns(page)).find((candidate) => candidate.name === `${run.name} (fork)`);
  expect(fork).toBeDefined();
  expect({ presetId: fork?.presetId, layers: fork?.layers, hyperparameters: fork?.hyperparameters }).toEqual({
    presetId: run.presetId,
    layers: run.layers,
    hyperparameters: run.hyperparameters,
  });
  await page.getByTestId('live-batch').filter({ hasText: /\d+ \/ \d+/ }).waitFor({ timeout: TRAINING_TIMEOUT_MS });
  await session.screenshot('fork', '2-launched');
  await page.getByRole('button', { name: 'Cancel run' }).click();
  expect((await waitForRunEnd(page, fork?.id ?? -1, TRAINING_TIMEOUT_MS)).status).toBe('cancelled');
  await callApi(page, 'queue').then((entries) => expect(entries).toEqual([]));
  expect(session.pageErrors).toEqual([]);
}
