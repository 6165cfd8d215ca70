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
    expect(changed.map((run) => [run.name, run.status])).toEqual([
      ['one', 'running'],
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
});
