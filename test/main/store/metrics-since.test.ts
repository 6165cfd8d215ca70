// Following a training run reads only the points recorded after the last one it has: a run with
// none yet starts after the newest point of the store, so that read never goes through the points
// every other run recorded before it (tens of thousands each).
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricPoint } from '../../../common/training/run';
import { openRunStore } from '../../../main/store/run-store';
import type { RunStore } from '../../../main/store/types';
import { newRun } from './fixtures';

let store: RunStore;
afterEach(() => store.close());

const point = (step: number): MetricPoint => ({ name: 'loss', split: 'train', kind: 'batch', step, epoch: 1, value: 1 / step, time: step });

describe('points of a run recorded since', () => {
  it('numbers a run without points from the newest point of the store, and then gives all of its own', () => {
    store = openRunStore(':memory:');
    const older = store.createRun(newRun({ name: 'older' })).id;
    store.markRunning(older, { backend: 'wasm', device: 'CPU', tfjsVersion: '4.22.0', threads: 1 });
    store.appendMetrics(older, [point(1), point(2), point(3)]);
    const newestOfOlder = store.getRunDetail(older)!.metricsUpTo;

    const fresh = store.createRun(newRun({ name: 'fresh' })).id;
    const empty = store.getRunDetail(fresh)!;
    expect(empty.metrics).toEqual([]);
    expect(empty.metricsUpTo).toBe(newestOfOlder);

    store.markRunning(fresh, { backend: 'wasm', device: 'CPU', tfjsVersion: '4.22.0', threads: 1 });
    store.appendMetrics(older, [point(4)]);
    store.appendMetrics(fresh, [point(1), point(2)]);
    const since = store.getMetricsSince(fresh, empty.metricsUpTo);
    expect(Array.from(since.metrics[0].step)).toEqual([1, 2]);
    expect(since.upTo).toBe(store.getRunDetail(fresh)!.metricsUpTo);
  });
});
