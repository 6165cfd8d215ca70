import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../common/training/hyperparameters';
import type { QueueEntry, RunSummary } from '../../common/training/run';
import { createFakeApi, makeRunDetail, SMALL_LAYERS } from './fake-api';

describe('createFakeApi', () => {
  it('starts runs into a queue and tells listeners, like the real services', async () => {
    const api = createFakeApi();
    const changed: RunSummary[] = [];
    const queues: QueueEntry[][] = [];
    api.on('runChanged', (run) => changed.push(run));
    const off = api.on('queueChanged', (entries) => queues.push(entries));
    const request = { layers: SMALL_LAYERS, hyperparameters: DEFAULT_HYPERPARAMETERS };
    await api.startRun({ ...request, name: 'one' });
    off();
    await api.startRun({ ...request, name: 'two' });
    // Queued until the training process has started, though the queue has taken the first.
    expect(changed.map((run) => [run.name, run.status])).toEqual([
      ['one', 'queued'],
      ['two', 'queued'],
    ]);
    expect(queues).toHaveLength(1);
    const queue = await api.queue();
    expect(queue.ok && queue.value.map((entry) => [entry.status, entry.position])).toEqual([
      ['running', 0],
      ['queued', 1],
    ]);
  });

  it('filters listRuns like the store and hides deleted runs until restored', async () => {
    const api = createFakeApi({
      runs: [makeRunDetail({ id: 1, name: 'kept', starred: true }), makeRunDetail({ id: 2, name: 'gone', status: 'failed' })],
    });
    await api.deleteRun(2);
    const names = async (query = {}) => {
      const result = await api.listRuns(query);
      return result.ok ? result.value.map((run) => run.name) : [];
    };
    expect(await names()).toEqual(['kept']);
    expect(await names({ includeDeleted: true, status: ['failed'] })).toEqual(['gone']);
    await api.restoreRun(2);
    expect(await names({ search: 'GON' })).toEqual(['gone']);
    expect(await names({ starred: true })).toEqual(['kept']);
  });

  it('records calls, honours overrides and answers unknown runs with not-found', async () => {
    const api = createFakeApi({ doctor: async () => ({ ok: false, error: { code: 'internal', message: 'broken' } }) });
    expect(await api.doctor()).toEqual({ ok: false, error: { code: 'internal', message: 'broken' } });
    const missing = await api.getRun(99);
    expect(missing.ok ? null : missing.error.code).toBe('not-found');
    expect(api.calls.map((call) => call.name)).toEqual(['doctor', 'getRun']);
  });

  it('runs a sweep trial by trial like the sweep driver: pause lets the running trial finish, cancel ends it', async () => {
    const api = createFakeApi();
    const changes: string[] = [];
    api.on('sweepChanged', (s) => changes.push(`${s.status} ${JSON.stringify(s.counts)}`));
    const spec = { layers: SMALL_LAYERS, hyperparameters: DEFAULT_HYPERPARAMETERS, parameters: [{ key: 'lr', values: [0.001, 0.01] }], seeds: 1, strategy: { kind: 'grid' as const }, metric: 'bestValAccuracy' as const };
    const refused = await api.startSweep({ ...spec, seeds: 0 });
    expect(refused.ok ? null : refused.error.issues?.map((i) => i.message)).toEqual([expect.stringMatching(/number of seeds/)]);

    const started = await api.startSweep(spec);
    if (!started.ok) throw new Error(started.error.message);
    const id = started.value.id;
    const trials = async () => {
      const got = await api.getSweep(id);
      if (!got.ok) throw new Error(got.error.message);
      return got.value.trials;
    };
    const [first] = await trials();
    expect(api.runs.get(first.runId!)?.hyperparameters.learningRate).toBe(0.001);

    await api.pauseSweep(id);
    api.finishRun(first.runId!, { bestValAccuracy: 0.9 });
    expect((await trials()).map((t) => t.status)).toEqual(['completed', 'pending']);
    const again = await api.pauseSweep(id);
    expect(again.ok ? null : again.error.code).toBe('conflict');

    await api.resumeSweep(id);
    const second = (await trials())[1];
    expect(second.status).toBe('running');
    await api.cancelSweep(id);
    expect(api.runs.get(second.runId!)?.status).toBe('cancelled');
    const ended = await api.getSweep(id);
    expect(ended.ok && [ended.value.status, ended.value.best]).toEqual(['cancelled', { runId: first.runId, trialIndex: 0, value: 0.9 }]);
    expect(changes.at(-1)).toBe('cancelled {"completed":1,"cancelled":1}');
  });
});
