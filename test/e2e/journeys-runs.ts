/**
 * Journeys over finished runs: the Runs table (search, sort, star, rename, tags, and names that
 * look like HTML) and Compare. They share two small runs trained through the designer by
 * `trainRunsToCompare`, so the Chromium test and the Electron test train them once; Evaluate and
 * Fork (journeys-evaluate-fork.ts) use the same runs.
 */
import { expect } from 'vitest';
import type { Dialog, Locator, Page } from 'playwright-core';
import { percent } from '../../common/format/numbers';
import type { RunSummary } from '../../common/training/run';
import type { JourneySession } from './journeys';
import { designSmallRun, goTo, launchDesignedRun, listRuns, runById, runRow, waitForRunEnd, waitForScreen, type SmallRun } from './steps';

export const TRAINING_TIMEOUT_MS = 280_000;

/** Names a careless renderer would turn into markup; the page must show them as they are. */
export const IMG_NAME = '<img src=x onerror=alert(1)>';
export const SCRIPT_NAME = '<script>window.__injected = "name"</script>';
const SCRIPT_TAG = '<script>window.__injected = "tag"</script>';

/**
 * Two runs that differ in learning rate, epochs and training examples, and nothing else. The
 * second trains for several seconds: the fork journey launches its exact copy and must be able to
 * cancel it while it runs (at 2 epochs it could finish first).
 */
const FIRST: SmallRun = { name: 'alpha digits', learningRate: 0.001, epochs: 1, trainLimit: 1500, testLimit: 500, batchSize: 32, backend: 'wasm' };
const SECOND: SmallRun = { name: 'beta digits', learningRate: 0.003, epochs: 20, trainLimit: 1000, testLimit: 500, batchSize: 32, backend: 'wasm' };
const DIFFERING_SETTINGS = ['Learning rate', 'Epochs', 'Training examples'];

export interface RunPair {
  firstId: number;
  secondId: number;
}

/** "#12 alpha digits", as Compare and Evaluate label a run. */
const runLabel = (run: RunSummary): string => `#${run.id} ${run.name}`;

/** Designs and launches both runs from the designer and waits for both to finish. */
export async function trainRunsToCompare(session: JourneySession): Promise<RunPair> {
  const { page } = session;
  const ids: number[] = [];
  for (const run of [FIRST, SECOND]) {
    await designSmallRun(page, run);
    await launchDesignedRun(page);
    const started = (await listRuns(page)).filter((candidate) => candidate.name === run.name);
    expect(started).toHaveLength(1);
    ids.push(started[0].id);
  }
  for (const id of ids) expect((await waitForRunEnd(page, id, TRAINING_TIMEOUT_MS)).status).toBe('completed');
  return { firstId: ids[0], secondId: ids[1] };
}

/** The texts of one column of the runs table, found by its header. */
async function columnTexts(page: Page, header: string): Promise<string[]> {
  const table = page.getByTestId('runs-table');
  const headers = (await table.locator('thead th').allTextContents()).map((text) => text.replace(/[▲▼]/g, '').trim());
  const index = headers.indexOf(header);
  expect(index, `column "${header}" in ${headers.join(' | ')}`).toBeGreaterThan(-1);
  return table.locator(`tbody tr td:nth-child(${index + 1})`).allTextContents();
}

async function sortBy(page: Page, header: string, direction: 'ascending' | 'descending'): Promise<void> {
  const cell = page.getByTestId('runs-table').locator('thead th').filter({ has: page.getByRole('button', { name: header }) });
  for (let clicks = 0; clicks < 2 && (await cell.getAttribute('aria-sort')) !== direction; clicks++) {
    await cell.getByRole('button').click();
  }
  await expect(cell.getAttribute('aria-sort')).resolves.toBe(direction);
}

async function closeDetails(page: Page): Promise<void> {
  const close = page.getByTestId('run-details').getByRole('button', { name: 'Close details' });
  if (await close.isVisible()) await close.click();
}

/** Opens a run's details panel from the table and edits its name and tags there. */
async function renameRun(page: Page, oldName: string, name: string, tags: string): Promise<void> {
  await runRow(page, oldName).getByRole('button', { name: oldName, exact: true }).click();
  const details = page.getByTestId('run-details');
  await details.getByLabel('Name', { exact: true }).fill(name);
  await details.getByLabel('Tags (comma separated)').fill(tags);
  await details.getByRole('button', { name: 'Save' }).click();
  await runRow(page, name).waitFor();
}

/** What a page with injected markup would contain; all of it must stay empty. */
async function injectedMarkup(page: Page): Promise<{ images: number; inlineScripts: number; injected: unknown }> {
  return page.evaluate(() => ({
    images: document.querySelectorAll('img[src="x"], img[onerror]').length,
    inlineScripts: [...document.querySelectorAll('script')].filter((script) => !script.src).length,
    injected: (window as unknown as { __injected?: unknown }).__injected,
  }));
}

/** Find a finished run by search and sort, star it, rename and tag it with names that look like HTML. */
export async function runsTableJourney(session: JourneySession, pair: RunPair): Promise<void> {
  const { page } = session;
  const dialogs: string[] = [];
  const onDialog = (dialog: Dialog): void => {
    dialogs.push(dialog.message());
    void dialog.dismiss().catch(() => undefined);
  };
  page.on('dialog', onDialog);
  try {
    const first = await runById(page, pair.firstId);
    const second = await runById(page, pair.secondId);
    await goTo(page, 'Runs');
    await closeDetails(page);
    await runRow(page, first.name).getByText('completed').waitFor();
    await runRow(page, second.name).getByText('completed').waitFor();
    await session.screenshot('runs', '1-table');

    // Search: one word of one name leaves that run alone.
    const search = page.getByLabel('Search runs');
    await search.fill('ALPHA');
    await runRow(page, second.name).waitFor({ state: 'detached' });
    await expect(page.getByTestId('runs-table').locator('tbody tr').count()).resolves.toBe(1);
    await page.getByText(/^1 of \d+ runs$/).waitFor();
    await session.screenshot('runs', '2-search');
    await search.fill('');
    await runRow(page, second.name).waitFor();

    // Sort by test accuracy both ways, then by name.
    const accuracies = async (): Promise<number[]> => (await columnTexts(page, 'Test acc')).filter((t) => t.trim() !== '—').map((t) => Number.parseFloat(t));
    await sortBy(page, 'Test acc', 'descending');
    const descending = await accuracies();
    expect(descending.length).toBeGreaterThanOrEqual(2);
    expect(descending).toEqual([...descending].sort((a, b) => b - a));
    await sortBy(page, 'Test acc', 'ascending');
    expect(await accuracies()).toEqual([...descending].reverse());
    await sortBy(page, 'Name', 'ascending');
    const names = (await columnTexts(page, 'Name')).map((text) => text.trim());
    expect(names.filter((name) => name.startsWith('alpha') || name.startsWith('beta'))).toEqual(['alpha digits', 'beta digits']);
    await session.screenshot('runs', '3-sorted');

    // Star the first run; "Starred only" then shows it without the second.
    const firstRow = runRow(page, first.name);
    await firstRow.getByRole('button', { name: `Star ${first.name}`, exact: true }).click();
    const unstar = firstRow.getByRole('button', { name: `Unstar ${first.name}`, exact: true });
    await unstar.waitFor();
    await expect(unstar.getAttribute('aria-pressed')).resolves.toBe('true');
    await page.getByLabel('Starred only').check();
    await runRow(page, second.name).waitFor({ state: 'detached' });
    await firstRow.waitFor();
    await session.screenshot('runs', '4-starred');
    await page.getByLabel('Starred only').uncheck();

    // Rename both runs to markup and tag one with a script: all of it must read as text.
    await renameRun(page, first.name, IMG_NAME, `${SCRIPT_TAG}, baseline`);
    await renameRun(page, second.name, SCRIPT_NAME, 'slower');
    const imgRow = runRow(page, IMG_NAME);
    await expect(imgRow.getByRole('button', { name: IMG_NAME, exact: true }).textContent()).resolves.toBe(IMG_NAME);
    await expect(imgRow.locator('.tag').allTextContents()).resolves.toEqual([SCRIPT_TAG, 'baseline']);
    await expect(runRow(page, SCRIPT_NAME).getByRole('button', { name: SCRIPT_NAME, exact: true }).textContent()).resolves.toBe(SCRIPT_NAME);
    await expect(page.getByTestId('run-details').getByLabel('Name', { exact: true }).inputValue()).resolves.toBe(SCRIPT_NAME);

    // Tags are searchable too.
    await search.fill('baseline');
    await runRow(page, SCRIPT_NAME).waitFor({ state: 'detached' });
    await imgRow.waitFor();
    await session.screenshot('runs', '5-renamed');
    await search.fill('');

    expect(await injectedMarkup(page)).toEqual({ images: 0, inlineScripts: 0, injected: undefined });
    const stored = await runById(page, pair.firstId);
    expect({ name: stored.name, tags: stored.tags, starred: stored.starred }).toEqual({ name: IMG_NAME, tags: [SCRIPT_TAG, 'baseline'], starred: true });
    expect((await runById(page, pair.secondId)).name).toBe(SCRIPT_NAME);
    expect(dialogs).toEqual([]);
    expect(session.pageErrors).toEqual([]);
  } finally {
    page.off('dialog', onDialog);
  }
}

/** Header texts and body rows (row header + cells) of a table. */
async function readTable(table: Locator): Promise<{ columns: string[]; rows: string[][] }> {
  const columns = (await table.locator('thead th').allTextContents()).map((text) => text.trim());
  const rows: string[][] = [];
  for (const row of await table.locator('tbody tr').all()) {
    rows.push((await row.locator('th, td').allTextContents()).map((text) => text.replace(/\(best\)/, '').trim()));
  }
  return { columns, rows };
}

/** The counts of a confusion-matrix table, row by row. */
async function heatMapCounts(table: Locator): Promise<number[][]> {
  const rows: number[][] = [];
  for (const row of await table.locator('tbody tr').all()) rows.push((await row.locator('td').allTextContents()).map((text) => Number(text.trim())));
  return rows;
}

export const sum = (values: number[]): number => values.reduce((total, value) => total + value, 0);

/** Select the two runs in the table, compare them: curves, differing settings, results, confusion matrices. */
export async function compareJourney(session: JourneySession, pair: RunPair): Promise<void> {
  const { page } = session;
  const runs = [await runById(page, pair.firstId), await runById(page, pair.secondId)];
  await goTo(page, 'Runs');
  await closeDetails(page);
  const clear = page.getByRole('button', { name: 'Clear', exact: true });
  if (await clear.isVisible()) await clear.click();
  for (const run of runs) await runRow(page, run.name).getByRole('checkbox', { name: `Select ${run.name}`, exact: true }).check();
  await page.getByRole('button', { name: 'Compare 2 runs' }).click();
  await waitForScreen(page, 'Compare');

  // Overlaid curves: uPlot draws on a canvas, its legend names every run.
  const curves = page.getByRole('region', { name: 'Curves' });
  await curves.locator('canvas').first().waitFor();
  const legend = (await curves.locator('.u-legend').textContent()) ?? '';
  for (const run of runs) expect(legend).toContain(runLabel(run));

  // Only what differs, in the order of the columns (the runs). The tables follow the chart a frame or two later.
  const settingsTable = page.getByRole('region', { name: 'Settings that differ' }).getByRole('table');
  await settingsTable.waitFor();
  const settings = await readTable(settingsTable);
  const order = settings.columns.slice(1).map((label) => runs.find((run) => runLabel(run) === label));
  expect(order.every((run) => run !== undefined)).toBe(true);
  const ordered = order as RunSummary[];
  expect(settings.rows.filter((row) => row.length > 1).map((row) => row[0])).toEqual(DIFFERING_SETTINGS);
  const settingRow = (name: string): string[] => settings.rows.find((row) => row[0] === name)?.slice(1) ?? [];
  expect(settingRow('Learning rate')).toEqual(ordered.map((run) => String(run.hyperparameters.learningRate)));
  expect(settingRow('Epochs')).toEqual(ordered.map((run) => String(run.hyperparameters.epochs)));
  expect(settingRow('Training examples')).toEqual(ordered.map((run) => String(run.hyperparameters.trainLimit)));

  // Final metrics side by side.
  const results = await readTable(page.getByRole('region', { name: 'Results' }).getByRole('table'));
  expect(results.columns.slice(1)).toEqual(ordered.map(runLabel));
  expect(results.rows.find((row) => row[0] === 'Test accuracy')?.slice(1)).toEqual(ordered.map((run) => percent(run.testAccuracy)));
  expect(results.rows.find((row) => row[0] === 'Epochs done')?.slice(1)).toEqual(ordered.map((run) => String(run.epochsDone)));

  // Confusion matrices side by side, each over every evaluated test image.
  const matrices = page.getByRole('region', { name: 'Confusion matrices' }).locator('table.heat-map');
  await expect(matrices.count()).resolves.toBe(2);
  for (const [index, run] of ordered.entries()) {
    const matrix = matrices.nth(index);
    await expect(matrix.locator('caption').textContent()).resolves.toBe(runLabel(run));
    const counts = await heatMapCounts(matrix);
    expect(counts).toHaveLength(10);
    expect(sum(counts.map(sum))).toBe(run.hyperparameters.testLimit);
  }
  const boxes = await Promise.all([matrices.nth(0).locator('tbody').boundingBox(), matrices.nth(1).locator('tbody').boundingBox()]);
  // Side by side: the grids level with each other (whatever the captions), the second right of the first.
  expect(Math.abs((boxes[0]?.y ?? 0) - (boxes[1]?.y ?? 1))).toBeLessThan(2);
  expect(boxes[1]?.x ?? 0).toBeGreaterThan((boxes[0]?.x ?? 0) + (boxes[0]?.width ?? 0));
  await session.screenshot('compare', '1-two-runs');
  expect(await injectedMarkup(page)).toEqual({ images: 0, inlineScripts: 0, injected: undefined });
  expect(session.pageErrors).toEqual([]);
}
