import { describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../common/training/run';
import { ProgressReporter, type BatchResult } from '../../../main/training/progress';

function fakeClock(start = 1000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return { now: () => t, advance: (ms) => (t += ms) };
}

function batch(step: number, batchesPerEpoch: number, overrides: Partial<BatchResult> = {}): BatchResult {
  const epoch = Math.floor((step - 1) / batchesPerEpoch) + 1;
  return {
    epoch,
    batch: step - (epoch - 1) * batchesPerEpoch,
    batchesPerEpoch,
    step,
    loss: 1 / step,
    accuracy: 0.5,
    size: 32,
    learningRate: 0.001,
    ...overrides,
  };
}

describe('ProgressReporter', () => {
  it('emits at most one batch event per 100 ms, plus the last batch of each epoch', () => {
    const clock = fakeClock();
    const events: TrainingEvent[] = [];
    const progress = new ProgressReporter((e) => events.push(e), { now: clock.now });
    progress.onTrainBegin();
    const batchesPerEpoch = 50;
    // 3 epochs of 50 batches, 7 ms apart: 1.05 s in all.
    for (let step = 1; step <= 150; step++) {
      clock.advance(7);
      progress.onBatchEnd(batch(step, batchesPerEpoch));
    }
    const batches = events.filter((e) => e.type === 'batch');
    const steps = batches.map((e) => e.step);
    expect(steps).toContain(50);
    expect(steps).toContain(100);
    expect(steps).toContain(150);
    // Between two consecutive emitted events, apart from epoch ends, at least 100 ms passed.
    for (let i = 1; i < batches.length; i++) {
      const gapMs = (batches[i].step - batches[i - 1].step) * 7;
      if (batches[i].batch !== batches[i].batchesPerEpoch) expect(gapMs).toBeGreaterThanOrEqual(100);
    }
    // 1.05 s of batches: about 11 throttled events plus the 3 epoch ends, far below 150.
    expect(batches.length).toBeLessThanOrEqual(11 + 3);
    expect(batches.length).toBeGreaterThanOrEqual(10);
  });

  it('always emits the first batch and every batch of a slow run', () => {
    const clock = fakeClock();
    const events: TrainingEvent[] = [];
    const progress = new ProgressReporter((e) => events.push(e), { now: clock.now });
    progress.onTrainBegin();
    for (let step = 1; step <= 5; step++) {
      clock.advance(250);
      expect(progress.onBatchEnd(batch(step, 100))).toBe(true);
    }
    expect(events.map((e) => (e.type === 'batch' ? e.step : -1))).toEqual([1, 2, 3, 4, 5]);
  });

  it('reports throughput over the window since the previous event and elapsed time since the start', () => {
    const clock = fakeClock();
    const events: TrainingEvent[] = [];
    const progress = new ProgressReporter((e) => events.push(e), { now: clock.now });
    progress.onTrainBegin();
    clock.advance(100);
    progress.onBatchEnd(batch(1, 10, { size: 64 }));
    clock.advance(50);
    progress.onBatchEnd(batch(2, 10, { size: 64 }));
    clock.advance(50);
    progress.onBatchEnd(batch(3, 10, { size: 64 }));
    const batches = events.filter((e) => e.type === 'batch');
    expect(batches).toHaveLength(2);
    expect(batches[0]).toMatchObject({ step: 1, samplesPerSec: 640, elapsedMs: 100, learningRate: 0.001 });
    // Two batches of 64 over the 100 ms since the first event.
    expect(batches[1]).toMatchObject({ step: 3, samplesPerSec: 1280, elapsedMs: 200 });
  });

  it('emits a forced batch (where a run diverged) despite the throttle', () => {
    const clock = fakeClock();
    const events: TrainingEvent[] = [];
    const progress = new ProgressReporter((e) => events.push(e), { now: clock.now });
    progress.onTrainBegin();
    progress.onBatchEnd(batch(1, 100));
    clock.advance(1);
    expect(progress.onBatchEnd(batch(2, 100))).toBe(false);
    clock.advance(1);
    expect(progress.onBatchEnd(batch(3, 100, { loss: Number.NaN }), true)).toBe(true);
    const last = events.at(-1);
    expect(last?.type === 'batch' && last.step === 3 && Number.isNaN(last.loss)).toBe(true);
  });

  it('emits every epoch result unthrottled, with its step', () => {
    const events: TrainingEvent[] = [];
    const progress = new ProgressReporter((e) => events.push(e), { now: () => 0 });
    progress.onTrainBegin();
    for (let epoch = 1; epoch <= 3; epoch++) {
      progress.onEpochEnd(
        { epoch, trainLoss: 1, trainAccuracy: 0.5, valLoss: 1, valAccuracy: 0.5, learningRate: 0.01, seconds: 1 },
        epoch * 10,
      );
    }
    expect(events.map((e) => (e.type === 'epoch' ? [e.epoch, e.step] : null))).toEqual([
      [1, 10],
      [2, 20],
      [3, 30],
    ]);
  });
});
