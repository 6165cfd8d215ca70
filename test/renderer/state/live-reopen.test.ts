// A run reopened in Live run while it trains draws what was drawn while it was followed live:
// history recorded by the real recorder into the real store, read back through the api.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import type { TrainingEvent } from '../../../common/training/run';
import { openRunStore } from '../../../main/store/run-store';
import { recordEvent } from '../../../main/training/recorder';
import { LiveRunState } from '../../../renderer/src/state/live.svelte';
import { createFakeApi, SMALL_LAYERS } from '../fake-api';

const BATCHES = 5;
const EPOCHS_DONE = 2;

/** Batch losses fall smoothly; an epoch's mean loss lies well above its last batch's. */
function trainingEvents(): TrainingEvent[] {
  const events: TrainingEvent[] = [
    {
      type: 'started',
      info: { backend: 'wasm', device: 'CPU (test)', tfjsVersion: '4.22.0', threads: 1 },
      trainSize: 500,
      valSize: 50,
      testSize: 50,
      batchesPerEpoch: BATCHES,
      epochs: 4,
      params: 100,
    },
  ];
  // Two whole epochs, then two batches into the third.
  for (let step = 1; step <= EPOCHS_DONE * BATCHES + 2; step++) {
    const epoch = Math.ceil(step / BATCHES);
    const loss = 2 / step;
    events.push({ type: 'batch', epoch, batch: ((step - 1) % BATCHES) + 1, batchesPerEpoch: BATCHES, step, loss, accuracy: 1 - loss / 3, samplesPerSec: 100, elapsedMs: step * 10, time: 1_000 + step, learningRate: 0.01 });
    if (step % BATCHES === 0) {
      const mean = 2 * (1 / (step - 4) + 1 / (step - 3) + 1 / (step - 2) + 1 / (step - 1) + 1 / step) / BATCHES;
      events.push({ type: 'epoch', epoch, step, time: 1_000 + step, trainLoss: mean, trainAccuracy: 1 - mean / 3, valLoss: mean * 1.1, valAccuracy: 0.8, learningRate: 0.01, seconds: 1 });
    }
  }
  return events;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('Live run reopened mid-training', () => {
  it('draws the recorded history exactly as it drew the run live: no jump at an epoch boundary', async () => {
    vi.useFakeTimers();
    const events = trainingEvents();

    // Followed live, event by event.
    const followedApi = createFakeApi();
    const followed = new LiveRunState(followedApi);
    await followed.connect();
    const runId = 1;
    for (const event of events) followedApi.emit('runEvent', { runId, event });
    await vi.runAllTimersAsync();

    // Recorded, then reopened from what the store holds.
    const store = openRunStore(':memory:');
    try {
      const id = store.createRun({ name: 'reopened', presetId: null, layers: SMALL_LAYERS, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 4 }, params: 100 }).id;
      for (const event of events) recordEvent(store, id, event);
      const recorded = store.getRunDetail(id);
      if (!recorded) throw new Error('the run was not recorded');
      const reopened = new LiveRunState(createFakeApi({ runs: [recorded] }));
      await reopened.watch(id);
      await vi.runAllTimersAsync();

      const batchLosses = events.flatMap((e) => (e.type === 'batch' ? [e.loss] : []));
      expect(Array.from(reopened.curves.trainLoss.y)).toEqual(batchLosses);
      for (const name of ['trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy'] as const) {
        expect(Array.from(reopened.curves[name].x)).toEqual(Array.from(followed.curves[name].x));
        expect(Array.from(reopened.curves[name].y)).toEqual(Array.from(followed.curves[name].y));
      }
      // One point per step, always going up: nothing drawn twice at an epoch's last step.
      const steps = Array.from(reopened.curves.trainLoss.x);
      expect(steps.every((step, i) => i === 0 || step > steps[i - 1])).toBe(true);
      expect(reopened.curves.valLoss.x).toHaveLength(EPOCHS_DONE);
    } finally {
      store.close();
      followed.disconnect();
    }
  });
});
