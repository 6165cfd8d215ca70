// Two pages on one served lab: the same live events reach both, and the contract's values
// (typed-array metric series, NaN-free summaries) arrive as they left the services.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabEvents } from '../../../common/ipc/contract';
import { findPreset } from '../../../common/layers/presets';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import type { RunDetail, RunSummary } from '../../../common/training/run';
import { socketApi, startFixture, valueOf, type ServerFixture } from './server-fixture';

let fx: ServerFixture;
beforeAll(async () => {
  fx = await startFixture();
});
afterAll(() => fx.close());

describe('the served app: live events', () => {
  it('pushes every event of a run to every connected page, in the same order', async () => {
    const tabs = [socketApi(fx.server), socketApi(fx.server)];
    const seen: LabEvents['runEvent'][][] = [[], []];
    const changes: RunSummary[][] = [[], []];
    tabs.forEach(({ api }, i) => {
      api.on('runEvent', (e) => seen[i].push(e));
      api.on('runChanged', (r) => changes[i].push(r));
    });
    try {
      // Both sockets are open once a call has been answered on each.
      await Promise.all(tabs.map(({ api }) => api.queue()));
      expect(fx.server.connections()).toBe(2);
      const preset = findPreset('tfjs-tiny')!;
      const hyperparameters = { ...DEFAULT_HYPERPARAMETERS, epochs: 1, trainLimit: 600, testLimit: 200, backend: 'wasm' as const };
      const run = valueOf<RunSummary>(await tabs[0].api.startRun({ presetId: preset.id, layers: preset.layers, hyperparameters, name: 'served' }));
      expect(run.status).toBe('queued');
      const done = await fx.services.queue.waitFor(run.id);
      expect(done.status).toBe('completed');
      // The last frames may still be on their way when the queue reports the end.
      await expect.poll(() => seen.map((s) => s.at(-1)?.event.type)).toEqual(['done', 'done']);

      expect(seen[0].length).toBeGreaterThan(2);
      expect(seen[1]).toEqual(seen[0]);
      expect(seen[0].map((e) => e.event.type)).toEqual(expect.arrayContaining(['started', 'epoch', 'done']));
      expect(changes[1].map((c) => c.status)).toEqual(changes[0].map((c) => c.status));
      expect(changes[0].map((c) => c.status)).toEqual(expect.arrayContaining(['queued', 'running', 'completed']));

      const detail = valueOf<RunDetail>(await tabs[1].api.getRun(run.id));
      const local = fx.services.store.getRunDetail(run.id)!;
      expect(detail.metrics.length).toBe(local.metrics.length);
      for (const [i, s] of detail.metrics.entries()) {
        expect(s.value).toBeInstanceOf(Float64Array);
        expect(Array.from(s.value)).toEqual(Array.from(local.metrics[i].value));
        expect(Array.from(s.step)).toEqual(Array.from(local.metrics[i].step));
      }
      expect(detail.confusion).toEqual(local.confusion);
    } finally {
      for (const { transport } of tabs) transport.close();
    }
  });

  it('fails the calls in flight when the server goes, instead of leaving them hanging', async () => {
    const other = await startFixture();
    const { api, transport } = socketApi(other.server);
    try {
      await api.queue();
      const pending = api.doctor();
      await other.server.close();
      const result = await pending;
      // Either answered before the close or failed as unavailable: never left waiting.
      if (!result.ok) expect(result.error.code).toBe('unavailable');
      expect(await api.queue()).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    } finally {
      transport.close();
      await other.services.close();
    }
  });
});
