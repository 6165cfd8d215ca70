import { describe, expect, it } from 'vitest';
import type { RunQuery } from '../../../common/training/run';
import { RunsState } from '../../../renderer/src/state/runs.svelte';
import { createFakeApi, makeRunDetail } from '../fake-api';

const BASE = Date.UTC(2026, 2, 1);

/** `count` runs, two per millisecond (pages end inside equal creation times). */
function manyRuns(count: number) {
  return Array.from({ length: count }, (_, i) => makeRunDetail({ id: i + 1, name: `run ${i + 1}`, createdAt: BASE + Math.floor(i / 2) }));
}

/** A fake api over `count` runs that holds back every page after the first until `release()`. */
function firstPageOnly(count: number) {
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const api = createFakeApi({ runs: manyRuns(count) });
  const list = api.listRuns.bind(api);
  api.listRuns = async (query) => {
    if (query.after) await held;
    return list(query);
  };
  return { api, release: () => release() };
}

describe('RunsState loading', () => {
  it('loads a long listing in pages: a screenful first, then the rest, every run once', async () => {
    const api = createFakeApi({ runs: manyRuns(2500) });
    const state = new RunsState(api);
    await state.refresh();
    const pages = api.calls.filter((c) => c.name === 'listRuns').map((c) => (c.args[0] as RunQuery).limit);
    expect(pages).toEqual([200, 2000, 2000]);
    expect(state.all).toHaveLength(2500);
    expect(new Set(state.all.map((r) => r.id)).size).toBe(2500);
    // Newest first, as the store lists them.
    expect(state.all[0].id).toBe(2500);
    expect(state.all.at(-1)?.id).toBe(1);
    expect(state.loaded).toBe(true);
    expect(state.loading).toBe(false);
  });

  it('shows the first page before the rest arrive', async () => {
    const { api, release } = firstPageOnly(500);
    const state = new RunsState(api);
    const done = state.refresh();
    await expect.poll(() => state.all.length).toBe(200);
    expect(state.loading).toBe(true);
    release();
    await done;
    expect(state.all).toHaveLength(500);
  });

  it('keeps what events changed while the pages loaded: a deleted run stays gone, a new one stays', async () => {
    const { api, release } = firstPageOnly(300);
    const state = new RunsState(api);
    // Subscribes to 'runChanged', then loads.
    const done = state.connect();
    await expect.poll(() => state.all.length).toBe(200);
    const newest = state.all[0];
    api.emit('runChanged', { ...newest, deletedAt: BASE + 10_000 });
    api.emit('runChanged', { ...newest, id: 301, name: 'started meanwhile', createdAt: BASE + 20_000 });
    release();
    await done;
    expect(state.all.some((r) => r.id === newest.id)).toBe(false);
    expect(state.all[0].name).toBe('started meanwhile');
    expect(state.all).toHaveLength(300);
  });

  it('lets a newer refresh win over one still loading', async () => {
    const api = createFakeApi({ runs: manyRuns(450) });
    const state = new RunsState(api);
    const first = state.refresh();
    api.runs.delete(450);
    const second = state.refresh();
    await Promise.all([first, second]);
    expect(state.all).toHaveLength(449);
    expect(state.all[0].id).toBe(449);
  });
});
