import { describe, expect, it } from 'vitest';
import type { LabApi } from '../../../../common/ipc/contract';
import type { MetricPoint, RunDetail } from '../../../../common/training/run';
import { TrainingRunFollower } from '../../../../renderer/src/lib/compare/follow-runs';
import { createFakeApi, makeRunDetail, type FakeApi } from '../../fake-api';

const epochPoint = (epoch: number): MetricPoint => ({ name: 'loss', split: 'val', kind: 'epoch', step: epoch * 10, epoch, value: 1 / epoch, time: epoch });

/** A screen showing one training run (its first epoch recorded) through a follower; the first points fetch fails as `failFirst` says. */
async function followed(failFirst: (api: FakeApi) => ReturnType<LabApi['getRunMetrics']>) {
  const api = createFakeApi({ runs: [makeRunDetail({ id: 7, status: 'running', finishedAt: null, metrics: [epochPoint(1)] })] });
  const detail = await api.getRun(7);
  if (!detail.ok) throw new Error(detail.error.message);
  let shown: RunDetail = detail.value;
  const errors = new Map<number, string>();
  let failed = false;
  const getRunMetrics = api.getRunMetrics;
  api.getRunMetrics = (id, after) => {
    if (failed) return getRunMetrics(id, after);
    failed = true;
    return failFirst(api);
  };
  let settled = (): void => undefined;
  const follower = new TrainingRunFollower(
    api,
    () => shown,
    (run) => {
      shown = run;
      settled();
    },
    (id, message) => {
      if (message === null) errors.delete(id);
      else errors.set(id, message);
      settled();
    },
  );
  /** The run records an epoch and says so; resolves once the follower has dealt with it. */
  const epoch = (n: number): Promise<void> => {
    const done = new Promise<void>((resolve) => (settled = resolve));
    api.recordPoints(7, [epochPoint(n)]);
    follower.epochEnded(7);
    return done;
  };
  return { epoch, errors, shown: () => shown };
}

describe('TrainingRunFollower', () => {
  it('takes back the message of a failed catch-up once a later one succeeds', async () => {
    const run = await followed(async () => ({ ok: false, error: { code: 'internal', message: 'The database is busy.' } }));
    await run.epoch(2);
    expect(run.errors.get(7)).toBe('The database is busy.');
    await run.epoch(3);
    expect([...run.shown().metrics[0].epoch]).toEqual([1, 2, 3]);
    expect(run.errors.has(7)).toBe(false);
  });

  it('says when the lab could not be reached for a catch-up, and the next one fetches what was missed', async () => {
    const run = await followed(() => Promise.reject(new Error('The connection to MNIST Lab was lost.')));
    await run.epoch(2);
    expect(run.errors.get(7)).toBe('The connection to MNIST Lab was lost.');
    await run.epoch(3);
    expect([...run.shown().metrics[0].epoch]).toEqual([1, 2, 3]);
    expect(run.errors.has(7)).toBe(false);
  });
});
