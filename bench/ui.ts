/**
 * `npm run bench -- --ui`: the renderer's two timing targets of issue #4, in headless Chromium on
 * the built renderer (out/renderer: run `npx electron-vite build` after renderer changes; it is
 * built here only when missing) with the real services behind window.api, through the e2e
 * harness (test/e2e/harness.ts):
 *
 * - run-table: 10,000 finished runs; from the click on "Runs" to the table's rows painted.
 * - compare-chart: 20 runs x 20 epochs of per-batch points; from the click on "Compare 20 runs"
 *   to the chart drawn with every run in its legend, then switching the x axis to steps (every
 *   batch point) and to wall time.
 *
 * Data is synthetic, written through the recorder's store API (bench/ui-seed.ts). Times are taken
 * in the page (performance.now) from the action to the end of the paint of the first frame that
 * shows its result, so they include layout and paint. Phases that fetch go through the served
 * app's socket (main/server, binary frames of common/ipc/wire), the transport a browser user has;
 * what the main side spends on those calls is printed apart, in Node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserAvailability, launchLab, RENDERER_DIR, SCREENSHOT_DIR, type LabSession } from '../test/e2e/harness';
import { countPoints } from '../common/training/metric-series';
import type { RunQuery } from '../common/training/run';
import { LISTING_PAGES } from '../renderer/src/lib/runs-table';
import type { UiPart } from './args';
import { round, summarise } from './stats';
import { clickNav, timeApiCall, timeInPage, timeMilestones } from './ui-page';
import { seedComparedRuns, seedFinishedRuns } from './ui-seed';

export interface UiBenchOptions {
  runCount: number;
  repeats: number;
  compareRuns: number;
  compareEpochs: number;
  batchSize: number;
  parts: UiPart[];
}

type Print = (line: Record<string, unknown>) => void;

const DATA = 'synthetic runs written through the recorder store API';

/** Progress on stderr, so that stdout stays JSON lines. */
const note = (text: string): void => {
  process.stderr.write(`[ui bench] ${text}\n`);
};

/** Builds the renderer when out/renderer is missing; the bench never rebuilds an existing one. */
function ensureRendererBuilt(): void {
  if (existsSync(join(RENDERER_DIR, 'index.html'))) return;
  note('out/renderer is missing: running `npx electron-vite build` first.');
  const built = spawnSync('npx', ['electron-vite', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) throw new Error('`npx electron-vite build` failed.');
}

const stats = (times: number[]): Record<string, number | number[]> => {
  const s = summarise(times);
  return { median: round(s.median), min: round(s.min), max: round(s.max), times: times.map((t) => round(t)) };
};

/** Milliseconds of a main-side step, timed in Node. */
function timeNode(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

/** A lab for one target; closed (browser, services, temp folder) even when the bench is interrupted. */
async function withLab(body: (lab: LabSession) => Promise<void>): Promise<void> {
  const lab = await launchLab();
  const interrupted = (): void => {
    void lab.close().finally(() => process.exit(130));
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    await body(lab);
    if (lab.pageErrors.length > 0) note(`page errors: ${lab.pageErrors.slice(0, 5).join(' | ')}`);
  } finally {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    await lab.close();
  }
}

async function reloadApp(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole('heading', { name: 'Design', level: 1 }).waitFor();
}

async function repeat(times: number, label: string, measure: (i: number) => Promise<number>): Promise<number[]> {
  const results: number[] = [];
  for (let i = 0; i < times; i++) {
    results.push(await measure(i));
    note(`${label}: ${results[i].toFixed(0)} ms`);
  }
  return results;
}

const ROWS = 'document.querySelectorAll(\'[data-testid="runs-table"] tbody tr\').length';
const TABLE_GONE = '!document.querySelector(\'[data-testid="runs-table"]\')';

/** The listRuns calls with which the app loads the whole listing, page after page. */
function listingPages(store: LabSession['services']['store']): { name: 'listRuns'; args: [RunQuery] }[] {
  const calls: { name: 'listRuns'; args: [RunQuery] }[] = [];
  let query: RunQuery = { limit: LISTING_PAGES.first };
  for (;;) {
    calls.push({ name: 'listRuns', args: [query] });
    const page = store.listRuns(query);
    const last = page.at(-1);
    if (!last || page.length < (query.limit ?? 0)) return calls;
    query = { limit: LISTING_PAGES.rest, after: { createdAt: last.createdAt, id: last.id } };
  }
}

/** Target (a): the Runs screen over `runCount` runs. */
async function benchRunTable(options: UiBenchOptions, print: Print): Promise<void> {
  await withLab(async (lab) => {
    const { page, services } = lab;
    const seedSeconds = timeNode(() => seedFinishedRuns(services.store, options.runCount)) / 1000;
    note(`seeded ${options.runCount} runs in ${seedSeconds.toFixed(1)} s`);
    const socketCall = await timeApiCall(page, 'listRuns', [{}]);
    const mainSide = summarise([0, 1, 2].map(() => timeNode(() => services.store.listRuns({}))));
    const cloneMs = timeNode(() => structuredClone(services.store.listRuns({}))) - mainSide.median;
    // The pages the app asks for (renderer/src/state/runs.svelte.ts).
    const pages = listingPages(services.store);
    const firstPage = pages[0].args;
    const firstPageMainSide = summarise([0, 1, 2].map(() => timeNode(() => services.store.listRuns(firstPage[0]))));

    await reloadApp(page);
    // What a fresh fetch of every run costs the page: the reply's deserialisation on its main thread.
    const ipc = await repeat(options.repeats, 'run table, listRuns reply in the page', () => timeApiCall(page, 'listRuns', [{}]));
    const ipcFirstPage = await repeat(options.repeats, 'run table, first page reply in the page', () => timeApiCall(page, 'listRuns', firstPage));
    const laterPage = pages[1]?.args;
    const ipcLaterPage = laterPage ? await repeat(options.repeats, 'run table, a later page reply in the page', () => timeApiCall(page, 'listRuns', laterPage)) : [];
    const open = await repeat(options.repeats, 'run table, open', async () => {
      await timeInPage(page, clickNav('Design'), TABLE_GONE);
      return timeInPage(page, clickNav('Runs'), `${ROWS} > 0`);
    });
    const sort = await repeat(options.repeats, 'run table, sort', (i) => {
      const header = i % 2 === 0 ? 'Test acc' : 'Date';
      const button = `[...document.querySelectorAll('[data-testid="runs-table"] thead th button')].find((b) => b.textContent.trim().startsWith(${JSON.stringify(header)}))`;
      return timeInPage(page, `${button}.click()`, `${button}.closest('th').getAttribute('aria-sort') !== 'none'`);
    });
    const scroll = await repeat(options.repeats, 'run table, scroll to the end', async (i) => {
      const to = i % 2 === 0 ? 'main.scrollHeight' : '0';
      const last = i % 2 === 0 ? options.runCount : 1;
      return timeInPage(page, `const main = document.querySelector('main'); main.scrollTop = ${to}`, `!!document.querySelector('[data-testid="runs-table"] tbody tr[aria-rowindex="${last + 1}"]') || ${ROWS} === ${options.runCount}`);
    });
    const domRows = (await page.evaluate(ROWS)) as number;
    const file = join(SCREENSHOT_DIR, 'bench-run-table.png');
    await page.evaluate(`document.querySelector('main').scrollTop = 0`);
    await page.screenshot({ path: file });

    const base = { bench: 'run-table', runs: options.runCount };
    print({ ...base, phase: 'open', targetMs: 200, note: 'click Runs -> rows painted; runs already in memory (fetched at app start)', ...stats(open), domRows, data: DATA, seedSeconds: round(seedSeconds), screenshot: file });
    print({ ...base, phase: 'listRuns-reply', note: `window.api.listRuns in the page, answered over the served socket (decoding ${options.runCount} runs on the main thread)`, ...stats(ipc) });
    print({ ...base, phase: 'sort', note: 'click a column header -> rows painted', ...stats(sort) });
    print({ ...base, phase: 'scroll', note: 'jump to the end or the top -> that row painted', ...stats(scroll) });
    print({ ...base, phase: 'listRuns-main-side', note: 'in Node: store.listRuns, then structuredClone of its result (what Electron IPC adds)', storeMedian: round(mainSide.median), cloneMs: round(cloneMs), socketRoundTripMs: round(socketCall) });
    print({ ...base, phase: 'listRuns-first-page', note: `the app's first page (limit ${LISTING_PAGES.first}): store.listRuns in Node, and its reply in the page; ${pages.length - 1} more pages follow`, storeMedian: round(firstPageMainSide.median), ...stats(ipcFirstPage) });
    if (ipcLaterPage.length > 0) {
      print({ ...base, phase: 'listRuns-later-page', note: `one of the pages of ${LISTING_PAGES.rest} that follow in the background: its reply in the page (one task on the main thread)`, ...stats(ipcLaterPage) });
    }
    const coldEstimate = firstPageMainSide.median + summarise(ipcFirstPage).median + summarise(open).median;
    print({ ...base, phase: 'cold-estimate', note: 'first page: store.listRuns + reply in the page, + open (over all runs): the Runs screen before the app has fetched any runs', ms: round(coldEstimate) });
  });
}

/** Target (b): the Compare chart for `compareRuns` runs with per-batch points. */
async function benchCompareChart(options: UiBenchOptions, print: Print): Promise<void> {
  await withLab(async (lab) => {
    const { page, services } = lab;
    const seeding = performance.now();
    const { ids, batchPointsPerRun } = seedComparedRuns(services.store, { runs: options.compareRuns, epochs: options.compareEpochs, batchSize: options.batchSize });
    const seedSeconds = (performance.now() - seeding) / 1000;
    note(`seeded ${ids.length} runs of ${batchPointsPerRun} batches in ${seedSeconds.toFixed(1)} s`);
    const points = countPoints(services.store.getMetricSeries(ids[0]));
    const socketCall = await timeApiCall(page, 'getRun', [ids[0]]);
    const mainSide = timeNode(() => ids.map((id) => services.store.getRunDetail(id)));
    const cloneMs = timeNode(() => structuredClone(ids.map((id) => services.store.getRunDetail(id)))) - mainSide;

    const compareButton = `[...document.querySelectorAll('button')].find((b) => b.textContent.trim() === ${JSON.stringify(`Compare ${ids.length} runs`)})`;
    // Train and validation curves of every run: one legend row per series (and one for x below 11 series).
    const series = 2 * ids.length;
    const drawnWith = (xLabel: string): string =>
      `(() => { const figure = document.querySelector('figure.metric-chart'); return !!figure && figure.getAttribute('aria-label').includes(${JSON.stringify(xLabel)}) && !!figure.querySelector('canvas') && figure.querySelectorAll('.u-legend .u-series').length >= ${series}; })()`;
    const selectRuns = async (): Promise<void> => {
      await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Runs' }).click();
      await page.getByLabel('Select all shown runs').check();
    };
    const xAxis = (value: string): string => {
      const select = `[...document.querySelectorAll('label')].find((l) => l.textContent.trim().startsWith('X axis')).querySelector('select')`;
      return `const select = ${select}; select.value = ${JSON.stringify(value)}; select.dispatchEvent(new Event('change', { bubbles: true }))`;
    };

    // The whole screen: the chart and, below it, one confusion matrix per run.
    const complete = `document.querySelectorAll('table.heat-map').length >= ${ids.length}`;
    const openComplete: number[] = [];
    const open = await repeat(options.repeats, 'compare, open', async () => {
      await reloadApp(page);
      await selectRuns();
      const [chart, all] = await timeMilestones(page, `${compareButton}.click()`, [drawnWith('Epoch'), complete]);
      openComplete.push(all);
      return chart;
    });
    const reopenComplete: number[] = [];
    const reopen = await repeat(options.repeats, 'compare, reopen', async () => {
      await timeInPage(page, clickNav('Runs'), `!!(${compareButton})`);
      const [chart, all] = await timeMilestones(page, `${compareButton}.click()`, [drawnWith('Epoch'), complete]);
      reopenComplete.push(all);
      return chart;
    });
    const byStep = await repeat(options.repeats, 'compare, x axis to steps', async () => {
      await timeInPage(page, xAxis('epoch'), drawnWith('Epoch'));
      return timeInPage(page, xAxis('step'), drawnWith('Step'));
    });
    const stepFile = join(SCREENSHOT_DIR, 'bench-compare-chart.png');
    await page.getByRole('region', { name: 'Curves' }).screenshot({ path: stepFile });
    const byTime = await repeat(options.repeats, 'compare, x axis to wall time', async () => {
      await timeInPage(page, xAxis('epoch'), drawnWith('Epoch'));
      return timeInPage(page, xAxis('time'), drawnWith('Wall time'));
    });
    const timeFile = join(SCREENSHOT_DIR, 'bench-compare-chart-time.png');
    await page.getByRole('region', { name: 'Curves' }).screenshot({ path: timeFile });

    const base = { bench: 'compare-chart', runs: ids.length, epochs: options.compareEpochs, points: batchPointsPerRun };
    print({ ...base, phase: 'open', targetMs: 200, note: 'click Compare -> chart drawn (epoch axis); getRun answered over the served socket', ...stats(open), completeMedian: round(summarise(openComplete).median), series, metricPointsPerRun: points, data: DATA, seedSeconds: round(seedSeconds) });
    print({ ...base, phase: 'reopen', note: 'back to Runs, click Compare again -> chart drawn (completeMedian: every table below too)', ...stats(reopen), completeMedian: round(summarise(reopenComplete).median) });
    print({ ...base, phase: 'x-step', targetMs: 200, note: 'x axis to steps: every batch point of every run -> chart drawn', ...stats(byStep), screenshot: stepFile });
    print({ ...base, phase: 'x-time', note: 'x axis to wall time (no shared x values between runs) -> chart drawn', ...stats(byTime), screenshot: timeFile });
    print({ ...base, phase: 'getRun-main-side', note: `in Node: store.getRunDetail of the ${ids.length} runs, then structuredClone of them (what Electron IPC adds)`, storeMs: round(mainSide), cloneMs: round(cloneMs), socketRoundTripMsOneRun: round(socketCall) });
  });
}

export async function benchUi(options: UiBenchOptions, print: Print): Promise<void> {
  ensureRendererBuilt();
  const browser = browserAvailability();
  if (!browser.available) {
    print({ bench: 'ui', error: browser.reason });
    return;
  }
  if (options.parts.includes('table')) await benchRunTable(options, print);
  if (options.parts.includes('compare')) await benchCompareChart(options, print);
}
