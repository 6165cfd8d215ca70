import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import Compare from '../../../renderer/src/screens/Compare.svelte';
import { nav } from '../../../renderer/src/state/nav.svelte';
import type { LayerSpec } from '../../../common/layers/types';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import type { MetricPoint } from '../../../common/training/run';
import { createFakeApi, makeRunDetail, SMALL_LAYERS } from '../fake-api';

const WIDE_CONV: LayerSpec = { type: 'conv2d', filters: 32, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' };

function setup() {
  const api = createFakeApi({
    runs: [
      makeRunDetail({ id: 1, name: 'base', testAccuracy: 0.95 }),
      makeRunDetail({ id: 2, name: 'wider', layers: [WIDE_CONV, ...SMALL_LAYERS.slice(1)], testAccuracy: 0.97 }),
      makeRunDetail({ id: 3, name: 'queued one', status: 'queued' }),
    ],
  });
  window.api = api;
  return api;
}

describe('Compare screen', () => {
  afterEach(() => {
    Reflect.deleteProperty(window, 'api');
  });

  it('overlays the chosen runs and shows their differing settings, results and confusion matrices', async () => {
    setup();
    render(Compare, { runIds: [1, 2] });
    expect(await screen.findByText('#1 base (train): 3 points')).toBeInTheDocument();
    expect(screen.getByText('#2 wider (val): 3 points')).toBeInTheDocument();
    // The tables follow the chart a frame later.
    const settings = await screen.findByRole('table', { name: 'Settings that differ between the runs' });
    expect(within(settings).getByRole('row', { name: /Layer 1/ })).toHaveTextContent('conv2d 8 3x3');
    expect(within(settings).getByRole('row', { name: /Layer 1/ })).toHaveTextContent('conv2d 32 3x3');
    const results = screen.getByRole('table', { name: 'Final metrics of each run' });
    expect(within(results).getByRole('row', { name: /Test accuracy/ })).toHaveTextContent('97.00% (best)');
    expect(screen.getByRole('table', { name: '#1 base' })).toBeInTheDocument();
    expect(screen.getByRole('table', { name: '#2 wider' })).toBeInTheDocument();
  });

  it('finds runs in the picker with the same search as the Runs table', async () => {
    setup();
    render(Compare, { runIds: [1] });
    await screen.findByRole('checkbox', { name: /#2 wider/ });
    await fireEvent.input(screen.getByRole('searchbox', { name: 'Filter runs' }), { target: { value: '#2' } });
    await expect.poll(() => screen.queryByRole('checkbox', { name: /#1 base/ })).toBeNull();
    expect(screen.getByRole('checkbox', { name: /#2 wider/ })).toBeInTheDocument();
  });

  it('adds and removes runs with the picker and remembers the choice in navigation', async () => {
    setup();
    render(Compare, { runIds: [1] });
    const picker = await screen.findByRole('checkbox', { name: /#2 wider/ });
    await fireEvent.click(picker);
    expect(nav.params.runIds).toEqual([1, 2]);
    expect(await screen.findByRole('table', { name: '#2 wider' })).toBeInTheDocument();
    await fireEvent.click(screen.getByRole('checkbox', { name: /#1 base/ }));
    expect(nav.params.runIds).toEqual([2]);
    await expect.poll(() => screen.queryByRole('table', { name: '#1 base' })).toBeNull();
  });

  it('changes what the chart plots', async () => {
    setup();
    render(Compare, { runIds: [1] });
    await screen.findByText('#1 base (train): 3 points');
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Train' }));
    expect(await screen.findByText('#1 base: 3 points')).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Loss by Epoch, 1 series' })).toBeInTheDocument();
    await fireEvent.change(screen.getByRole('combobox', { name: 'Metric' }), { target: { value: 'accuracy' } });
    expect(await screen.findByRole('figure', { name: 'Accuracy by Epoch, 1 series' })).toBeInTheDocument();
  });

  it('draws a run with every batch recorded as at most a few points a pixel column', async () => {
    const batches: MetricPoint[] = Array.from({ length: 12_000 }, (_, i) => ({
      name: 'loss' as const,
      split: 'train' as const,
      kind: 'batch' as const,
      step: i + 1,
      epoch: Math.floor(i / 1000) + 1,
      value: 2 / (1 + i / 500) + 0.05 * Math.sin(i),
      time: Date.UTC(2026, 0, 1) + i * 30,
    }));
    // Each epoch's figure, recorded at the step of its last batch.
    for (let epoch = 1; epoch <= 12; epoch++) batches.push({ ...batches[epoch * 1000 - 1], kind: 'epoch' });
    window.api = createFakeApi({ runs: [makeRunDetail({ id: 1, name: 'long', metrics: batches })] });
    render(Compare, { runIds: [1] });
    await screen.findByText('#1 long (train): 12 points');
    await fireEvent.change(screen.getByRole('combobox', { name: 'X axis' }), { target: { value: 'step' } });
    // jsdom lays nothing out: the window's width (1024 px) stands for the chart's.
    const summary = await screen.findByText(/^#1 long \(train\): \d+ points$/, {}, { timeout: 2000 });
    const shown = Number(/(\d+) points/.exec(summary.textContent ?? '')?.[1]);
    expect(shown).toBeGreaterThan(1024);
    expect(shown).toBeLessThanOrEqual(2 * 1024);
  });

  it('shows runs compared before without fetching them again', async () => {
    const api = setup();
    const first = render(Compare, { runIds: [1, 2] });
    await screen.findByText('#2 wider (val): 3 points');
    first.unmount();
    render(Compare, { runIds: [1, 2] });
    await screen.findByText('#2 wider (val): 3 points');
    expect(api.calls.filter((c) => c.name === 'getRun').map((c) => c.args[0])).toEqual([1, 2]);
  });

  it('takes a rename from the event, without fetching the run again', async () => {
    const api = setup();
    render(Compare, { runIds: [1, 2] });
    await screen.findByText('#1 base (train): 3 points');
    await api.updateRun(1, { name: 'base renamed' });
    expect(await screen.findByText('#1 base renamed (train): 3 points')).toBeInTheDocument();
    expect(api.calls.filter((c) => c.name === 'getRun').map((c) => c.args[0])).toEqual([1, 2]);
  });

  it('fetches a training run once, then only the points of each epoch and, at its end, its results', async () => {
    const epochPoints = (epoch: number): MetricPoint[] =>
      (['train', 'val'] as const).map((split) => ({ name: 'loss', split, kind: 'epoch', step: epoch * 10, epoch, value: 1 / epoch, time: epoch }));
    const batchPoint = (step: number): MetricPoint => ({ name: 'loss', split: 'train', kind: 'batch', step, epoch: Math.ceil(step / 10), value: 2 / step, time: step });
    const api = createFakeApi({
      runs: [makeRunDetail({ id: 41, name: 'training', status: 'running', epochsDone: 1, finishedAt: null, metrics: [batchPoint(10), ...epochPoints(1)] })],
    });
    window.api = api;
    render(Compare, { runIds: [41] });
    await screen.findByText('#41 training (val): 1 points');

    for (const epoch of [2, 3]) {
      api.recordPoints(41, [batchPoint(epoch * 10 - 5), batchPoint(epoch * 10), ...epochPoints(epoch)]);
      const run = api.runs.get(41)!;
      run.epochsDone = epoch;
      // As the services send them: the epoch's event, and the run's summary (its new epoch count).
      api.emit('runEvent', { runId: 41, event: { type: 'epoch', epoch, step: epoch * 10, time: epoch, trainLoss: 1, trainAccuracy: 0.5, valLoss: 1, valAccuracy: 0.5, learningRate: 0.01, seconds: 1 } });
      await api.updateRun(41, { notes: `epoch ${epoch}` });
      expect(await screen.findByText(`#41 training (val): ${epoch} points`)).toBeInTheDocument();
    }
    await fireEvent.change(screen.getByRole('combobox', { name: 'X axis' }), { target: { value: 'step' } });
    expect(await screen.findByText('#41 training (train): 5 points')).toBeInTheDocument();

    api.runs.get(41)!.confusion = Array.from({ length: 10 }, (_, t) => Array.from({ length: 10 }, (_, p) => (t === p ? 9 : 0)));
    api.finishRun(41, { testAccuracy: 0.93 });
    expect(await screen.findByRole('table', { name: '#41 training' })).toBeInTheDocument();
    const results = screen.getByRole('table', { name: 'Final metrics of each run' });
    expect(within(results).getByRole('row', { name: /Test accuracy/ })).toHaveTextContent('93.00%');

    const fetched = (name: string) => api.calls.filter((c) => c.name === name).map((c) => c.args);
    expect(fetched('getRun')).toEqual([[41]]);
    // Epochs 2 and 3, then the end: each from where the one before left off.
    expect(fetched('getRunMetrics')).toEqual([[41, 3], [41, 7], [41, 11]]);
    expect(fetched('getRunResults')).toEqual([[41]]);
  });

  it('shows the end of a training run that ended while it was not picked, once it is picked again', async () => {
    const api = createFakeApi({
      runs: [makeRunDetail({ id: 43, name: 'other' }), makeRunDetail({ id: 42, name: 'was training', status: 'running', finishedAt: null, testAccuracy: null })],
    });
    window.api = api;
    const view = render(Compare, { runIds: [42] });
    await screen.findByRole('table', { name: 'Final metrics of each run' });
    await view.rerender({ runIds: [43] });
    await screen.findByText('#43 other (val): 3 points');
    api.finishRun(42, { testAccuracy: 0.94 });
    await view.rerender({ runIds: [42] });
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Final metrics of each run' })).getByRole('row', { name: /Test accuracy/ })).toHaveTextContent('94.00%'));
  });

  it('shows the end of a training run that was unpicked while it was being fetched, once it is picked again', async () => {
    const api = createFakeApi({
      runs: [makeRunDetail({ id: 45, name: 'other' }), makeRunDetail({ id: 44, name: 'was training', status: 'running', finishedAt: null, testAccuracy: null })],
    });
    let release = (): void => undefined;
    const arrived = new Promise<void>((resolve) => (release = resolve));
    let answered = (): void => undefined;
    const answer = new Promise<void>((resolve) => (answered = resolve));
    const getRun = api.getRun;
    api.getRun = async (id) => {
      if (id !== 44) return getRun(id);
      await arrived;
      const result = await getRun(id);
      setTimeout(answered);
      return result;
    };
    window.api = api;
    const view = render(Compare, { runIds: [44] });
    await view.rerender({ runIds: [45] });
    await screen.findByText('#45 other (val): 3 points');
    // The first fetch comes back after the run was unpicked; the run then ends unseen.
    release();
    await answer;
    api.finishRun(44, { testAccuracy: 0.94 });
    await view.rerender({ runIds: [44] });
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Final metrics of each run' })).getByRole('row', { name: /Test accuracy/ })).toHaveTextContent('94.00%'));
  });

  it('groups runs that share settings into mean curves with bands and mean ± std (n) results', async () => {
    // Two learning rates, two seeds each (ids of their own: run details are cached between tests).
    const run = (id: number, learningRate: number, seed: number, bestValAccuracy: number) =>
      makeRunDetail({ id, name: `lr ${learningRate} seed ${seed}`, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, learningRate, seed }, bestValAccuracy, layers: SMALL_LAYERS });
    window.api = createFakeApi({ runs: [run(11, 0.001, 1, 0.95), run(12, 0.001, 2, 0.97), run(13, 0.01, 1, 0.9), run(14, 0.01, 2, 0.92)] });
    render(Compare, { runIds: [11, 12, 13, 14] });
    await screen.findByText('#11 lr 0.001 seed 1 (train): 3 points');
    await fireEvent.change(screen.getByRole('combobox', { name: 'Group by' }), { target: { value: 'settings' } });

    expect(await screen.findByText('Learning rate 0.001 (n=2) (train): 3 points')).toBeInTheDocument();
    expect(screen.getByText('Learning rate 0.01 (n=2) (val): 3 points')).toBeInTheDocument();
    expect(screen.getByRole('figure', { name: 'Loss by Epoch, 4 series' })).toBeInTheDocument();
    const results = await screen.findByRole('table', { name: 'Final metrics of each group' });
    const best = within(results).getByRole('row', { name: /Best validation accuracy/ });
    // 0.95 and 0.97: mean 96.00%, sample standard deviation sqrt(2 * 0.01^2) = 1.41 points.
    const std = (Math.sqrt(((0.95 - 0.96) ** 2 + (0.97 - 0.96) ** 2) / 1) * 100).toFixed(2);
    expect(best).toHaveTextContent(`96.00% ± ${std} (n=2)`);
    expect(best).toHaveTextContent(`91.00% ± ${std} (n=2)`);
    expect(within(results).getByRole('row', { name: /Runs/ })).toHaveTextContent('#11, #12');

    // Averaging over the learning rate too leaves one group of four.
    await fireEvent.click(screen.getByRole('checkbox', { name: 'Learning rate' }));
    expect(await screen.findByText('All runs (n=4) (train): 3 points')).toBeInTheDocument();
    expect(within(screen.getByRole('table', { name: 'Final metrics of each group' })).getByRole('row', { name: /Best validation accuracy/ })).toHaveTextContent(
      /93\.50% ± [\d.]+ \(n=4\)/,
    );

    // Wall time cannot line grouped runs up; switching grouping off brings one line per run back.
    expect(screen.getByRole('option', { name: 'Wall time (s)' })).toBeDisabled();
    await fireEvent.change(screen.getByRole('combobox', { name: 'Group by' }), { target: { value: 'off' } });
    expect(await screen.findByText('#14 lr 0.01 seed 2 (val): 3 points')).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Final metrics of each run' })).toBeInTheDocument();
  });
  it("opens grouped when it comes from a sweep's trials", async () => {
    const run = (id: number, learningRate: number, seed: number) =>
      makeRunDetail({ id, name: `trial lr ${learningRate} seed ${seed}`, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, learningRate, seed }, layers: SMALL_LAYERS });
    window.api = createFakeApi({ runs: [run(21, 0.001, 1), run(22, 0.001, 2), run(23, 0.01, 1), run(24, 0.01, 2)] });
    render(Compare, { runIds: [21, 22, 23, 24], grouped: true });
    expect(await screen.findByText('Learning rate 0.001 (n=2) (train): 3 points')).toBeInTheDocument();
    expect(await screen.findByRole('table', { name: 'Final metrics of each group' })).toBeInTheDocument();
  });
});
