import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Notices from '../../../renderer/src/components/common/Notices.svelte';
import Runs from '../../../renderer/src/screens/Runs.svelte';
import { nav } from '../../../renderer/src/state/nav.svelte';
import { notices } from '../../../renderer/src/state/notices.svelte';
import { RunsState } from '../../../renderer/src/state/runs.svelte';
import { createFakeApi, makeRunDetail, makeRunSummary, processStarted, type FakeApi } from '../fake-api';
import { installFakeApi } from '../screen-setup';

const DAY = 86_400_000;
const BASE = Date.UTC(2026, 2, 1);

function seedRuns() {
  return [
    makeRunDetail({ id: 1, name: 'alpha baseline', testAccuracy: 0.91, createdAt: BASE, tags: ['baseline'] }),
    makeRunDetail({ id: 2, name: 'bravo wide', testAccuracy: 0.985, createdAt: BASE + DAY, starred: true }),
    makeRunDetail({
      id: 3,
      name: 'charlie broken',
      status: 'failed',
      testAccuracy: null,
      bestValAccuracy: null,
      error: 'out of memory',
      createdAt: BASE + 2 * DAY,
    }),
    makeRunDetail({ id: 4, name: 'delta augmented', testAccuracy: 0.95, createdAt: BASE + 3 * DAY, notes: 'with shifts' }),
  ];
}

let api: FakeApi;
let state: RunsState;

async function renderRuns(): Promise<void> {
  state = new RunsState(api);
  await state.connect();
  render(Runs, { runs: state });
  render(Notices);
}

function rowNames(): string[] {
  const table = screen.getByTestId('runs-table');
  return within(table)
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('button')[1].textContent?.trim() ?? '');
}

beforeEach(() => {
  api = installFakeApi('runs', { runs: seedRuns() });
});

afterEach(() => {
  state.disconnect();
  notices.clear();
});

describe('Runs screen', () => {
  it('lists runs newest first with their figures', async () => {
    await renderRuns();
    expect(rowNames()).toEqual(['delta augmented', 'charlie broken', 'bravo wide', 'alpha baseline']);
    const bravo = screen.getByRole('button', { name: 'bravo wide' }).closest('tr') as HTMLElement;
    expect(within(bravo).getByText('98.50%')).toBeInTheDocument();
    expect(within(bravo).getByText('completed')).toBeInTheDocument();
  });

  it('sorts by a column and flips the direction on a second click', async () => {
    await renderRuns();
    const header = screen.getByRole('button', { name: /Test acc/ });
    await fireEvent.click(header);
    // Highest first; the failed run without a test accuracy goes last.
    expect(rowNames()).toEqual(['bravo wide', 'delta augmented', 'alpha baseline', 'charlie broken']);
    expect(header.closest('th')).toHaveAttribute('aria-sort', 'descending');
    await fireEvent.click(header);
    expect(rowNames()).toEqual(['alpha baseline', 'delta augmented', 'bravo wide', 'charlie broken']);
    expect(header.closest('th')).toHaveAttribute('aria-sort', 'ascending');

    await fireEvent.click(screen.getByRole('button', { name: /^Name/ }));
    expect(rowNames()).toEqual(['alpha baseline', 'bravo wide', 'charlie broken', 'delta augmented']);
  });

  it('filters by status and by star', async () => {
    await renderRuns();
    await fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'failed' } });
    expect(rowNames()).toEqual(['charlie broken']);
    await fireEvent.change(screen.getByLabelText('Status'), { target: { value: 'all' } });
    await fireEvent.click(screen.getByLabelText('Starred only'));
    expect(rowNames()).toEqual(['bravo wide']);
  });

  it('searches names, notes and tags', async () => {
    await renderRuns();
    const search = screen.getByLabelText('Search runs');
    await fireEvent.input(search, { target: { value: 'shifts' } });
    expect(rowNames()).toEqual(['delta augmented']);
    await fireEvent.input(search, { target: { value: 'baseline' } });
    expect(rowNames()).toEqual(['alpha baseline']);
    await fireEvent.input(search, { target: { value: 'nothing like this' } });
    expect(screen.getByText('No run matches this search or filter.')).toBeInTheDocument();
  });

  it('stars a run through the api', async () => {
    await renderRuns();
    const star = screen.getByRole('button', { name: 'Star alpha baseline' });
    await fireEvent.click(star);
    await waitFor(() => expect(screen.getByRole('button', { name: 'Unstar alpha baseline' })).toHaveAttribute('aria-pressed', 'true'));
    expect(api.runs.get(1)?.starred).toBe(true);
  });

  it('deletes a run and brings it back with Undo', async () => {
    await renderRuns();
    await fireEvent.click(screen.getByRole('button', { name: 'Delete bravo wide' }));
    await waitFor(() => expect(rowNames()).not.toContain('bravo wide'));
    expect(api.runs.get(2)?.deletedAt).not.toBeNull();

    const notice = screen.getByTestId('notice');
    expect(notice).toHaveTextContent('Deleted "bravo wide"');
    await fireEvent.click(within(notice).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(rowNames()).toContain('bravo wide'));
    expect(api.runs.get(2)?.deletedAt).toBeNull();
  });

  it('keeps deleted runs in the trash until they are restored or removed for good', async () => {
    await renderRuns();
    await fireEvent.click(screen.getByRole('button', { name: 'Delete bravo wide' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Delete alpha baseline' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Trash' }));
    const trash = screen.getByRole('region', { name: 'Trash' });
    await waitFor(() => expect(within(trash).getAllByTestId('trash-row')).toHaveLength(2));

    const bravo = within(trash).getAllByTestId('trash-row').find((row) => row.textContent?.includes('bravo wide'))!;
    await fireEvent.click(within(bravo).getByRole('button', { name: 'Restore' }));
    await waitFor(() => expect(rowNames()).toContain('bravo wide'));
    await waitFor(() => expect(within(trash).getAllByTestId('trash-row')).toHaveLength(1));

    // Removing for good asks once more, then the run is gone from the data folder.
    const alpha = within(trash).getByTestId('trash-row');
    await fireEvent.click(within(alpha).getByRole('button', { name: 'Delete forever' }));
    expect(api.runs.has(1)).toBe(true);
    await fireEvent.click(within(alpha).getByRole('button', { name: 'Remove for good?' }));
    await waitFor(() => expect(api.runs.has(1)).toBe(false));
    expect(within(trash).getByText(/The trash is empty/)).toBeInTheDocument();
  });

  it('refreshes when a run changes elsewhere', async () => {
    await renderRuns();
    api.emit('runChanged', makeRunSummary({ id: 9, name: 'echo new', createdAt: BASE + 9 * DAY, status: 'running' }));
    await waitFor(() => expect(rowNames()[0]).toBe('echo new'));
    api.emit('runChanged', makeRunSummary({ id: 9, name: 'echo renamed', createdAt: BASE + 9 * DAY }));
    await waitFor(() => expect(rowNames()[0]).toBe('echo renamed'));
  });

  it('opens details, renames and tags a run', async () => {
    await renderRuns();
    await fireEvent.click(screen.getByRole('button', { name: 'alpha baseline' }));
    const details = screen.getByTestId('run-details');
    await fireEvent.input(within(details).getByLabelText('Name'), { target: { value: 'alpha renamed' } });
    await fireEvent.input(within(details).getByLabelText('Tags (comma separated)'), { target: { value: 'a, b, a' } });
    await fireEvent.click(within(details).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(api.runs.get(1)?.name).toBe('alpha renamed'));
    expect(api.runs.get(1)?.tags).toEqual(['a', 'b']);
    await waitFor(() => expect(rowNames()).toContain('alpha renamed'));
    // The epoch table comes from the run's recorded metrics.
    await waitFor(() => expect(within(details).getByRole('columnheader', { name: 'Val acc' })).toBeInTheDocument());
  });

  it('follows a training run in its details: fetched once, then only the points of each new epoch', async () => {
    const training = makeRunDetail({ id: 5, name: 'echo training', status: 'queued', createdAt: BASE + 4 * DAY, finishedAt: null, epochsDone: 0, bestValAccuracy: null, testAccuracy: null });
    api = installFakeApi('runs', { runs: [...seedRuns(), training] });
    await renderRuns();
    await fireEvent.click(screen.getByRole('button', { name: 'echo training' }));
    const details = screen.getByTestId('run-details');
    api.train(5, processStarted(training));
    const epochRowsShown = () => within(details).queryAllByRole('row').filter((row) => within(row).queryAllByRole('cell').length === 5);
    for (const epoch of [1, 2]) {
      api.train(5, { type: 'batch', epoch, batch: 1, batchesPerEpoch: 1, step: epoch, loss: 1 / epoch, accuracy: 0.5, samplesPerSec: 1, elapsedMs: epoch, time: epoch, learningRate: 0.01 });
      api.train(5, { type: 'epoch', epoch, step: epoch, time: epoch, trainLoss: 0.9 / epoch, trainAccuracy: 0.6, valLoss: 0.8 / epoch, valAccuracy: 0.7 + epoch / 100, learningRate: 0.01, seconds: 1 });
      await waitFor(() => expect(epochRowsShown()).toHaveLength(epoch));
    }
    expect(epochRowsShown()[1]).toHaveTextContent('72.00%');
    expect(api.calls.filter((c) => c.name === 'getRun').map((c) => c.args)).toEqual([[5]]);
    // Each fetch after the first starts where the one before ended.
    const since = api.calls.filter((c) => c.name === 'getRunMetrics').map((c) => c.args[1] as number);
    expect(since.length).toBeGreaterThanOrEqual(2);
    expect(since.every((after, i) => i === 0 || after >= since[i - 1])).toBe(true);
  });

  it('compares the selected runs', async () => {
    await renderRuns();
    const compare = screen.getByRole('button', { name: /Compare/ });
    expect(compare).toBeDisabled();
    await fireEvent.click(screen.getByLabelText('Select alpha baseline'));
    await fireEvent.click(screen.getByLabelText('Select delta augmented'));
    expect(compare).toBeEnabled();
    await fireEvent.click(compare);
    expect(nav.screen).toBe('compare');
    expect([...(nav.params.runIds ?? [])].sort()).toEqual([1, 4]);
  });

  it('forks a run into the designer with its exact settings', async () => {
    await renderRuns();
    await fireEvent.click(screen.getByRole('button', { name: 'Fork delta augmented' }));
    expect(nav.screen).toBe('design');
    const run = api.runs.get(4);
    expect(nav.params.fork).toEqual({
      fromRunId: 4,
      name: 'delta augmented (fork)',
      presetId: run?.presetId,
      layers: run?.layers,
      hyperparameters: run?.hyperparameters,
    });
  });

  it('re-runs a run from its details: the same settings, recorded as its re-run, followed live', async () => {
    await renderRuns();
    await fireEvent.click(screen.getByRole('button', { name: 'delta augmented' }));
    await fireEvent.click(within(screen.getByTestId('run-details')).getByRole('button', { name: 'Re-run' }));
    await waitFor(() => expect(nav.screen).toBe('live'));
    expect(api.calls.filter((c) => c.name === 'rerunRun').map((c) => c.args)).toEqual([[4]]);
    const rerun = api.runs.get(nav.params.runId ?? 0);
    const original = api.runs.get(4);
    expect(rerun).toMatchObject({ parentRunId: 4, relation: 'rerun', layers: original?.layers, hyperparameters: original?.hyperparameters });
    expect(screen.getByText(/is queued: the same layers, settings and seed as #4/)).toBeInTheDocument();
  });

  it('shows a run’s family: its parent as a link and its re-runs and forks', async () => {
    api = createFakeApi({
      runs: [
        ...seedRuns(),
        makeRunDetail({ id: 5, name: 'delta again', createdAt: BASE + 4 * DAY, parentRunId: 4, relation: 'rerun' }),
        makeRunDetail({ id: 6, name: 'delta wider', createdAt: BASE + 5 * DAY, parentRunId: 4, relation: 'fork', status: 'running' }),
      ],
    });
    window.api = api;
    await renderRuns();
    await fireEvent.click(screen.getByRole('button', { name: 'delta again' }));
    let details = screen.getByTestId('run-details');
    await waitFor(() => expect(within(details).getByText(/A re-run of/)).toBeInTheDocument());
    await fireEvent.click(within(details).getByRole('button', { name: '#4 delta augmented' }));

    details = screen.getByTestId('run-details');
    expect(within(details).getByRole('heading', { name: 'Run #4' })).toBeInTheDocument();
    const family = await within(details).findByRole('list', { name: 'Re-runs and forks' });
    expect(within(family).getAllByRole('listitem').map((item) => item.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      're-run #5 delta again completed',
      'fork #6 delta wider running',
    ]);
    expect(within(details).getByTestId('reproducibility')).toHaveTextContent('A re-run on wasm with the same number of workers repeats these numbers exactly.');
  });
});
