import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import type { TrainingEvent } from '../../../common/training/run';
import LiveRun from '../../../renderer/src/screens/LiveRun.svelte';
import { LiveRunState } from '../../../renderer/src/state/live.svelte';
import { nav } from '../../../renderer/src/state/nav.svelte';
import { notices } from '../../../renderer/src/state/notices.svelte';
import { createFakeApi, makeEpochMetrics, makeRunDetail, SMALL_LAYERS, type FakeApi } from '../fake-api';
import { installFakeApi } from '../screen-setup';

let api: FakeApi;
let live: LiveRunState;

const STARTED: TrainingEvent = {
  type: 'started',
  info: { backend: 'wasm', device: 'CPU (test machine)', tfjsVersion: '4.22.0', threads: 1 },
  trainSize: 1000,
  valSize: 100,
  testSize: 500,
  batchesPerEpoch: 10,
  epochs: 2,
  params: 13_610,
};

function batch(step: number, elapsedMs: number): TrainingEvent {
  const batchesPerEpoch = 10;
  return {
    type: 'batch',
    epoch: Math.floor((step - 1) / batchesPerEpoch) + 1,
    batch: ((step - 1) % batchesPerEpoch) + 1,
    batchesPerEpoch,
    step,
    loss: 2 / step,
    accuracy: 1 - 1 / (step + 1),
    samplesPerSec: 1234,
    elapsedMs,
    time: Date.now(),
  };
}

async function startRun(name: string): Promise<number> {
  const result = await api.startRun({ name, layers: SMALL_LAYERS, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 2 } });
  if (!result.ok) throw new Error(result.error.message);
  return result.value.id;
}

async function renderLive(): Promise<void> {
  live = new LiveRunState(api);
  await live.connect();
  render(LiveRun, { live });
}

beforeEach(() => {
  api = installFakeApi('live');
});

afterEach(() => {
  live.disconnect();
  notices.clear();
});

describe('Live run screen', () => {
  it('shows an empty state when nothing trains', async () => {
    await renderLive();
    expect(screen.getByText(/No run is training/)).toBeInTheDocument();
    expect(screen.getByText('Nothing is training or waiting.')).toBeInTheDocument();
  });

  it('follows progress, backend and the end of a run from its events', async () => {
    await renderLive();
    const runId = await startRun('watch me');
    await waitFor(() => expect(screen.getByTestId('live-run-name')).toHaveTextContent('watch me'));

    api.emit('runEvent', { runId, event: STARTED });
    await waitFor(() => expect(screen.getByTestId('live-backend')).toHaveTextContent('wasm'));
    expect(screen.getByTestId('live-backend')).toHaveTextContent('CPU (test machine)');

    api.emit('runEvent', { runId, event: batch(5, 1000) });
    await waitFor(() => expect(screen.getByTestId('live-epoch')).toHaveTextContent('1 / 2'));
    expect(screen.getByTestId('live-batch')).toHaveTextContent('5 / 10');
    // 5 of 20 batches in 1 s: 3 s left at that pace.
    expect(screen.getByTestId('live-eta')).toHaveTextContent('3.0 s');
    expect(screen.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '25');

    api.emit('runEvent', { runId, event: batch(10, 2000) });
    api.emit('runEvent', {
      runId,
      event: {
        type: 'epoch',
        step: 10,
        time: Date.now(),
        epoch: 1,
        trainLoss: 0.5,
        trainAccuracy: 0.8,
        valLoss: 0.4,
        valAccuracy: 0.875,
        learningRate: 0.001,
        seconds: 2,
      },
    });
    await waitFor(() => expect(screen.getByText('87.50%')).toBeInTheDocument());
    await waitFor(() => expect(live.curves.valAccuracy.y[0]).toBe(0.875));
    expect(Array.from(live.curves.trainLoss.x)).toEqual([5, 10]);

    api.emit('runEvent', {
      runId,
      event: {
        type: 'done',
        testLoss: 0.3,
        testAccuracy: 0.9123,
        confusion: [],
        perClass: [],
        predictions: [],
        realWorld: { ok: true, model: 'final', correct: 3, total: 4, styles: [{ style: 'pen', correct: 3, total: 4, refused: 0 }], views: 6 },
        time: Date.now(),
      },
    });
    await waitFor(() => expect(screen.getByTestId('live-ending')).toHaveTextContent('Test accuracy 91.23%, real-world accuracy 75.00%.'));
    await fireEvent.click(screen.getByRole('button', { name: 'Evaluate' }));
    expect(nav.screen).toBe('evaluate');
    expect(nav.params.runId).toBe(runId);
  });

  it('takes thousands of batch points in one burst without losing any', async () => {
    await renderLive();
    const runId = await startRun('busy');
    api.emit('runEvent', { runId, event: STARTED });
    for (let step = 1; step <= 5000; step++) api.emit('runEvent', { runId, event: batch(step, step * 10) });
    await waitFor(() => expect(live.curves.trainLoss.x.length).toBe(5000));
    expect(live.curves.trainAccuracy.y[4999]).toBeCloseTo(1 - 1 / 5001);
    // The figures repaint with the curves.
    expect(live.progress?.step).toBe(5000);
  });

  it('repaints at most every two seconds while training, but shows an epoch\'s end at once', async () => {
    await renderLive();
    const runId = await startRun('epochs');
    api.emit('runEvent', { runId, event: STARTED });
    api.emit('runEvent', { runId, event: batch(1, 100) });
    await waitFor(() => expect(live.progress?.step).toBe(1));
    // Within the next two seconds later batches wait for the next repaint...
    api.emit('runEvent', { runId, event: batch(10, 1000) });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(live.progress?.step).toBe(1);
    expect(live.curves.trainLoss.x.length).toBe(1);
    // ...and the epoch's end brings them, with its validation figures, at once.
    api.emit('runEvent', { runId, event: { type: 'epoch', epoch: 1, step: 10, time: Date.now(), trainLoss: 0.5, trainAccuracy: 0.8, valLoss: 0.4, valAccuracy: 0.9, learningRate: 0.001, seconds: 1 } });
    expect(live.progress?.step).toBe(10);
    expect(Array.from(live.curves.valAccuracy.y)).toEqual([0.9]);
    expect(live.curves.trainLoss.x.length).toBe(2);
  });

  it('loads the history of a run that was already training', async () => {
    const running = makeRunDetail({
      id: 5,
      name: 'already going',
      status: 'running',
      backend: 'cpu',
      device: 'CPU (history)',
      finishedAt: null,
      metrics: makeEpochMetrics(2),
    });
    api = createFakeApi({ runs: [running] });
    window.api = api;
    await renderLive();
    await waitFor(() => expect(screen.getByTestId('live-run-name')).toHaveTextContent('already going'));
    await waitFor(() => expect(live.curves.valLoss.x.length).toBe(2));
    expect(screen.getByTestId('live-backend')).toHaveTextContent('CPU (history)');
  });

  it('lists the queue with positions and cancels a waiting run', async () => {
    await renderLive();
    await startRun('first');
    const second = await startRun('second');
    await waitFor(() => expect(screen.getAllByTestId('queue-entry')).toHaveLength(2));
    const [running, waiting] = screen.getAllByTestId('queue-entry');
    expect(running).toHaveTextContent('running');
    expect(running).toHaveTextContent('first');
    expect(waiting).toHaveTextContent('#1 waiting');
    expect(waiting).toHaveTextContent('second');

    await fireEvent.click(within(waiting).getByRole('button', { name: 'Cancel second' }));
    await waitFor(() => expect(screen.getAllByTestId('queue-entry')).toHaveLength(1));
    expect(api.runs.get(second)?.status).toBe('cancelled');
  });

  it('cancels the running run from the header', async () => {
    await renderLive();
    const runId = await startRun('stop me');
    // Queued until its training process says it has started (the screen says "starting" meanwhile).
    await waitFor(() => expect(screen.getByTestId('live-status')).toHaveTextContent('starting'));
    api.train(runId, STARTED);
    await waitFor(() => expect(screen.getByTestId('live-status')).toHaveTextContent('running'));
    await fireEvent.click(screen.getByRole('button', { name: 'Cancel run' }));
    await waitFor(() => expect(screen.getByTestId('live-status')).toHaveTextContent('cancelled'));
    expect(api.runs.get(runId)?.status).toBe('cancelled');
  });

  it('marks a run another process trains, says both run slower, and says a cancel was asked of that process', async () => {
    await renderLive();
    const here = await startRun('here');
    api.train(here, STARTED);
    const there = await startRun('from the command line');
    await waitFor(() => expect(screen.getByTestId('live-status')).toHaveTextContent('running'));
    expect(screen.queryByTestId('live-training-at-once')).not.toBeInTheDocument();
    // As the services list a run that another MNIST Lab process holds in its own queue.
    api.emit('queueChanged', [
      { runId: here, status: 'running', position: 0 },
      { runId: there, status: 'running', position: 0, otherProcess: { pid: 4321 } },
    ]);
    await waitFor(() => expect(screen.getByTestId('live-training-at-once')).toHaveTextContent(/2 runs are training at once in 2 different MNIST Lab processes.*each one runs slower/));
    const [, elsewhere] = screen.getAllByTestId('queue-entry');
    expect(elsewhere).toHaveTextContent('in another process (pid 4321)');
    // Its progress does not take the view away from the run training here.
    api.emit('runEvent', { runId: there, event: batch(3, 300) });
    expect(live.runId).toBe(here);
    expect(screen.getByTestId('live-run-name')).toHaveTextContent('here');

    // The other process stops the run itself, a moment after the answer.
    const stillRunning = { ...api.runs.get(there)!, status: 'running' as const };
    api.cancelRun = async () => ({ ok: true, value: stillRunning });
    await fireEvent.click(within(elsewhere).getByRole('button', { name: 'Cancel from the command line' }));
    await waitFor(() =>
      expect(notices.items.map((n) => n.message)).toContain(`Asked the MNIST Lab process that trains run #${there} (pid 4321) to cancel it.`),
    );
  });

  it('unsubscribes from every event on disconnect', async () => {
    await renderLive();
    expect(api.listenerCount('runEvent')).toBe(1);
    live.disconnect();
    expect(api.listenerCount('runEvent')).toBe(0);
    expect(api.listenerCount('queueChanged')).toBe(0);
    expect(api.listenerCount('runChanged')).toBe(0);
  });
});
