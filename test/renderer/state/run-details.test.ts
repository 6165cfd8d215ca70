import { describe, expect, it } from 'vitest';
import type { LabApi } from '../../../common/ipc/contract';
import { RunDetailsCache } from '../../../renderer/src/state/run-details';
import { createFakeApi, makeRunDetail, makeRunSummary, type FakeApi } from '../fake-api';

function setup(budget = 1_000_000) {
  let api: FakeApi = createFakeApi({
    runs: [
      makeRunDetail({ id: 1, name: 'done' }),
      makeRunDetail({ id: 2, name: 'other' }),
      makeRunDetail({ id: 3, name: 'training', status: 'running' }),
    ],
  });
  const cache = new RunDetailsCache(() => api as LabApi, budget);
  const getRunCalls = () => api.calls.filter((c) => c.name === 'getRun').map((c) => c.args[0]);
  return { cache, api: () => api, replaceApi: (next: FakeApi) => (api = next), getRunCalls };
}

describe('RunDetailsCache', () => {
  it('fetches a finished run once and shares one call between simultaneous asks', async () => {
    const { cache, getRunCalls } = setup();
    const [a, b] = await Promise.all([cache.get(1), cache.get(1)]);
    expect(a).toBe(b);
    expect(a.name).toBe('done');
    await cache.get(1);
    expect(getRunCalls()).toEqual([1]);
    await cache.get(1, true);
    expect(getRunCalls()).toEqual([1, 1]);
  });

  it('never keeps a run that is still training', async () => {
    const { cache, getRunCalls } = setup();
    await cache.get(3);
    await cache.get(3);
    expect(getRunCalls()).toEqual([3, 3]);
    expect(cache.peek(3)).toBeUndefined();
  });

  it('merges a rename into the kept details and drops them when the run itself changed', async () => {
    const { cache, api, getRunCalls } = setup();
    const kept = await cache.get(1);
    const { metrics: _metrics, confusion: _confusion, perClass: _perClass, models: _models, ...summary } = kept;
    api().emit('runChanged', { ...summary, name: 'renamed', starred: true, tags: ['best'] });
    expect(cache.peek(1)?.name).toBe('renamed');
    expect(cache.peek(1)?.metrics).toBe(kept.metrics);
    api().emit('runChanged', makeRunSummary({ ...kept, epochsDone: kept.epochsDone + 1 }));
    expect(cache.peek(1)).toBeUndefined();
    await cache.get(1);
    expect(getRunCalls()).toEqual([1, 1]);
  });

  it('drops a deleted run', async () => {
    const { cache, api } = setup();
    const kept = await cache.get(2);
    api().emit('runChanged', makeRunSummary({ ...kept, deletedAt: Date.now() }));
    expect(cache.peek(2)).toBeUndefined();
  });

  it('lets the least recently used runs go past its budget of points', async () => {
    const points = (await setup().cache.get(1)).metrics.length;
    const { cache } = setup(points + 1);
    await cache.get(1);
    await cache.get(2);
    expect(cache.peek(1)).toBeUndefined();
    expect(cache.peek(2)).toBeDefined();
    expect(cache.size).toBe(1);
  });

  it('starts afresh when the lab behind window.api changes', async () => {
    const { cache, replaceApi } = setup();
    await cache.get(1);
    const next = createFakeApi({ runs: [makeRunDetail({ id: 1, name: 'from another lab' })] });
    replaceApi(next);
    expect((await cache.get(1)).name).toBe('from another lab');
  });

  it('passes a failed fetch on and keeps nothing', async () => {
    const { cache } = setup();
    await expect(cache.get(99)).rejects.toThrow('There is no run 99.');
    expect(cache.size).toBe(0);
  });
});
