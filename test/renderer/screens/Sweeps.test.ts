import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SweepSpec } from '../../../common/sweeps/types';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import Sweeps from '../../../renderer/src/screens/Sweeps.svelte';
import { nav } from '../../../renderer/src/state/nav.svelte';
import { notices } from '../../../renderer/src/state/notices.svelte';
import { SweepsState } from '../../../renderer/src/state/sweeps.svelte';
import { createFakeApi, SMALL_LAYERS, type FakeApi } from '../fake-api';

// Planning and refetching wait for timers and a render: give a busy machine room (nothing here is timed).
configure({ asyncUtilTimeout: 4000 });

// Two learning rates x two seeds: four trials, run one at a time.
const SPEC: SweepSpec = {
  name: 'lr sweep',
  presetId: 'tiny',
  layers: SMALL_LAYERS,
  hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 2 },
  parameters: [{ key: 'lr', values: [0.001, 0.01] }],
  seeds: 2,
  strategy: { kind: 'grid' },
  metric: 'bestValAccuracy',
};

let api: FakeApi;
let state: SweepsState;

beforeEach(async () => {
  api = createFakeApi();
  window.api = api;
  const started = await api.startSweep(SPEC);
  if (!started.ok) throw new Error(started.error.message);
  state = new SweepsState(api);
  await state.connect();
  nav.go('sweeps', { sweepId: started.value.id });
});

afterEach(() => {
  state.disconnect();
  notices.clear();
});

const rows = () => screen.getAllByTestId('sweep-trial');
const statuses = () => rows().map((row) => row.dataset.status);
/** The id of the run of a 1-based trial, as the table links it. */
const runOfTrial = (n: number): number => Number(/run #(\d+)/.exec(rows()[n - 1].textContent ?? '')?.[1]);

async function renderOpen() {
  render(Sweeps, { sweeps: state });
  await waitFor(() => expect(rows()).toHaveLength(4));
}

describe('Sweeps screen', () => {
  it('lists sweeps with their progress and opens one with its trials, values and seeds', async () => {
    await renderOpen();
    const list = screen.getByTestId('sweep-list');
    expect(within(list).getByRole('button', { name: 'lr sweep' })).toBeInTheDocument();
    expect(within(list).getByTestId('sweep-progress')).toHaveTextContent('1 running · 3 pending');
    expect(statuses()).toEqual(['running', 'pending', 'pending', 'pending']);
    expect(rows().map((row) => within(row).getAllByRole('cell')[0].textContent)).toEqual(['0.001', '0.001', '0.01', '0.01']);
    expect(rows().map((row) => within(row).getAllByRole('cell')[1].textContent)).toEqual(['42', '43', '42', '43']);
    expect(within(rows()[1]).getByText('not started')).toBeInTheDocument();
    expect(screen.getByTestId('sweep-best')).toHaveTextContent('No completed trial has a best validation accuracy yet.');
  });

  it("follows trials as they finish, highlights the best, and re-ranks by the metric picked", async () => {
    await renderOpen();
    api.finishRun(runOfTrial(1), { bestValAccuracy: 0.95, finalValAccuracy: 0.94, testAccuracy: 0.9 });
    await waitFor(() => expect(statuses()).toEqual(['completed', 'running', 'pending', 'pending']));
    api.finishRun(runOfTrial(2), { bestValAccuracy: 0.91, finalValAccuracy: 0.9, testAccuracy: 0.97 });
    await waitFor(() => expect(statuses()).toEqual(['completed', 'completed', 'running', 'pending']));
    expect(within(screen.getByTestId('sweep-list')).getByTestId('sweep-progress')).toHaveTextContent('2 completed · 1 running · 1 pending');

    expect(rows()[0]).toHaveClass('best');
    expect(screen.getByTestId('sweep-best')).toHaveTextContent('95.00% best validation accuracy, trial 1');
    expect(screen.getByTestId('sweep-best')).toHaveTextContent('learningRate=0.001, seed 42');

    await fireEvent.change(screen.getByLabelText('Rank trials by'), { target: { value: 'testAccuracy' } });
    expect(rows()[1]).toHaveClass('best');
    expect(rows()[0]).not.toHaveClass('best');
    expect(screen.getByTestId('sweep-best')).toHaveTextContent('97.00% test accuracy, trial 2');
    expect(screen.getAllByTestId('trial-value').map((cell) => cell.textContent)).toEqual(['90.00%', '97.00%', '—', '—']);
    expect(screen.getByRole('columnheader', { name: 'test accuracy' })).toBeInTheDocument();
  });

  it('groups each combination over its seeds as mean ± std (n)', async () => {
    await renderOpen();
    api.finishRun(runOfTrial(1), { bestValAccuracy: 0.9 });
    await waitFor(() => expect(statuses()[1]).toBe('running'));
    api.finishRun(runOfTrial(2), { bestValAccuracy: 0.92 });
    await waitFor(() => expect(statuses()[2]).toBe('running'));
    api.finishRun(runOfTrial(3), { bestValAccuracy: 0.8 });
    const groups = await screen.findByTestId('sweep-groups');
    await waitFor(() => expect(within(groups).getAllByRole('row')).toHaveLength(3));
    const cells = within(groups).getAllByRole('row').slice(1).map((row) => row.textContent);
    expect(cells).toEqual(['0.00191.00% ± 1.41 (n=2)', '0.0180.00% (n=1)']);
  });

  it('shows a pruned trial with the epoch halving stopped it at, and never as best', async () => {
    await renderOpen();
    api.pruneRun(runOfTrial(1), 1);
    await waitFor(() => expect(statuses()).toEqual(['pruned', 'running', 'pending', 'pending']));
    expect(within(rows()[0]).getByText('pruned at epoch 1')).toBeInTheDocument();
    expect(rows()[0]).not.toHaveClass('best');
  });

  it('pauses, resumes and cancels the whole sweep, each button enabled only when it applies', async () => {
    await renderOpen();
    const button = (name: string) => screen.getByRole('button', { name });
    expect(button('Pause')).toBeEnabled();
    expect(button('Resume')).toBeDisabled();

    await fireEvent.click(button('Pause'));
    await waitFor(() => expect(screen.getByTestId('sweep-status')).toHaveTextContent('paused'));
    expect(button('Pause')).toBeDisabled();
    // The running trial finishes; no other starts while paused.
    api.finishRun(runOfTrial(1), { bestValAccuracy: 0.9 });
    await waitFor(() => expect(statuses()).toEqual(['completed', 'pending', 'pending', 'pending']));

    await fireEvent.click(button('Resume'));
    await waitFor(() => expect(statuses()).toEqual(['completed', 'running', 'pending', 'pending']));

    await fireEvent.click(button('Cancel sweep'));
    await waitFor(() => expect(screen.getByTestId('sweep-status')).toHaveTextContent('cancelled'));
    await waitFor(() => expect(statuses()).toEqual(['completed', 'cancelled', 'pending', 'pending']));
    expect(button('Pause')).toBeDisabled();
    expect(button('Resume')).toBeDisabled();
    expect(button('Cancel sweep')).toBeDisabled();
    const actions = api.calls.filter((c) => ['pauseSweep', 'resumeSweep', 'cancelSweep'].includes(c.name));
    expect(actions.map((c) => [c.name, c.args[0]])).toEqual([
      ['pauseSweep', state.openId],
      ['resumeSweep', state.openId],
      ['cancelSweep', state.openId],
    ]);
  });

  it('opens the trials in Compare and a trial run in Runs', async () => {
    await renderOpen();
    api.finishRun(runOfTrial(1));
    await waitFor(() => expect(statuses()[1]).toBe('running'));
    const [first, second] = [runOfTrial(1), runOfTrial(2)];
    await fireEvent.click(screen.getByRole('button', { name: 'Compare trials' }));
    expect(nav.screen).toBe('compare');
    expect(nav.params.runIds).toEqual([first, second]);

    nav.go('sweeps', { sweepId: state.openId! });
    await waitFor(() => expect(rows()).toHaveLength(4));
    await fireEvent.click(screen.getByRole('button', { name: `Open run #${second} of trial 2 in Runs` }));
    expect(nav.screen).toBe('runs');
    expect(nav.params.openRunId).toBe(second);
  });

  it("refetches the open sweep a few times for a burst of its runs' changes, never for other runs", async () => {
    await renderOpen();
    const fetches = () => api.calls.filter((c) => c.name === 'getSweep').length;
    const before = fetches();
    const { runs } = api;
    const other = await api.startRun({ name: 'not in the sweep', layers: SMALL_LAYERS, hyperparameters: DEFAULT_HYPERPARAMETERS });
    if (!other.ok) throw new Error(other.error.message);
    for (let i = 0; i < 5; i++) api.emit('runChanged', { ...other.value });
    await new Promise((done) => setTimeout(done, 50));
    expect(fetches()).toBe(before);

    const trialRun = runs.get(runOfTrial(1))!;
    for (let epoch = 1; epoch <= 20; epoch++) api.emit('runChanged', { ...trialRun, epochsDone: epoch });
    await waitFor(() => expect(fetches()).toBeGreaterThan(before));
    expect(fetches() - before).toBeLessThanOrEqual(2);
  });

  it('explains where sweeps come from when there is none', async () => {
    const empty = new SweepsState(createFakeApi());
    await empty.connect();
    nav.go('sweeps');
    render(Sweeps, { sweeps: empty });
    expect(screen.getByText(/No sweeps yet/)).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('button', { name: 'Go to Design' }));
    expect(nav.screen).toBe('design');
    empty.disconnect();
  });
});
