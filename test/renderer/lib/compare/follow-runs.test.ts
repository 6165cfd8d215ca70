import { describe, expect, it } from 'vitest';
import type { MetricPoint, RunDetail } from '../../../../common/training/run';
import { TrainingRunFollower } from '../../../../renderer/src/lib/compare/follow-runs';
import { createFakeApi, makeRunDetail } from '../../fake-api';

const epochPoint = (epoch: number): MetricPoint => ({ name: 'loss', split: 'val', kind: 'epoch', step: epoch * 10, epoch, value: 1 / epoch, time: epoch });

describe('TrainingRunFollower', () => {
  it('takes back the message of a failed catch-up once a later one succeeds', async () => {
    const api = createFakeApi({ runs: [makeRunDetail({ id: 7, status: 'running', finishedAt: null, metrics: [epochPoint(1)] })] });
    const detail = await api.getRun(7);
    if (!detail.ok) throw new Error(detail.error.message);
    let shown: RunDetail = detail.value;
    const errors = new Map<number, string>();
    let failNext = true;
    const getRunMetrics = api.getRunMetrics;
    api.getRunMetrics = async (id, after) => {
      if (!failNext) return getRunMetrics(id, after);
      failNext = false;
      return { ok: false, error: { code: 'internal', message: 'The database is busy.' } };
    };
    let caughtUp = (): void => undefined;
    const follower = new TrainingRunFollower(
      api,
      () => shown,
      (run) => {
        shown = run;
        caughtUp();
      },
      (id, message) => {
        if (message === null) errors.delete(id);
        else errors.set(id, message);
        caughtUp();
      },
    );
    const settled = () => new Promise<void>((resolve) => (caughtUp = resolve));

    api.recordPoints(7, [epochPoint(2)]);
    let done = settled();
    follower.epochEnded(7);
    await done;
    expect(errors.get(7)).toBe('The database is busy.');

    api.recordPoints(7, [epochPoint(3)]);
    done = settled();
    follower.epochEnded(7);
    await done;
    expect([...shown.metrics[0].epoch]).toEqual([1, 2, 3]);
    expect(errors.has(7)).toBe(false);
  });

  it('says when the lab could not be reached for a catch-up, and the next one fetches what was missed', async () => {
    const api = createFakeApi({ runs: [makeRunDetail({ id: 8, status: 'running', finishedAt: null, metrics: [epochPoint(1)] })] });
    const detail = await api.getRun(8);
    if (!detail.ok) throw new Error(detail.error.message);
    let shown: RunDetail = detail.value;
    const errors = new Map<number, string>();
    let unreachable = true;
    const getRunMetrics = api.getRunMetrics;
    api.getRunMetrics = async (id, after) => {
      if (!unreachable) return getRunMetrics(id, after);
      unreachable = false;
      throw new Error('The connection to MNIST Lab was lost.');
    };
    let caughtUp = (): void => undefined;
    const settled = () => new Promise<void>((resolve) => (caughtUp = resolve));
    const follower = new TrainingRunFollower(
      api,
      () => shown,
      (run) => {
        shown = run;
        caughtUp();
      },
      (id, message) => {
        if (message === null) errors.delete(id);
        else errors.set(id, message);
        caughtUp();
      },
    );

    api.recordPoints(8, [epochPoint(2)]);
    let done = settled();
    follower.epochEnded(8);
    await done;
    expect(errors.get(8)).toBe('The connection to MNIST Lab was lost.');

    api.recordPoints(8, [epochPoint(3)]);
    done = settled();
    follower.epochEnded(8);
    await done;
    expect([...shown.metrics[0].epoch]).toEqual([1, 2, 3]);
    expect(errors.has(8)).toBe(false);
  });
});
