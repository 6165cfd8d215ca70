// Several MNIST Lab processes on one data folder: the services see a run that a real
// `mnist-lab train` process starts, its progress and its queue while they are open, cancel it
// through its owner, and say why when a run's owner is gone.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabEvents, Result } from '../../../common/ipc/contract';
import { findPreset } from '../../../common/layers/presets';
import type { QueueEntry, RunSummary, TrainingEvent } from '../../../common/training/run';
import { createLabServices, type LabServices } from '../../../main/services/lab-services';
import { openRunStore } from '../../../main/store/run-store';
import { smallHyperparameters } from '../training/helpers';
import { makeTempDir, rawDatabase, removeTempDirs, startCli, waitUntil } from '../faults/helpers';

afterAll(removeTempDirs);

/** What the services told their listeners, as the renderer would hear it. */
function listen(services: LabServices) {
  const heard = { changed: [] as RunSummary[], events: [] as LabEvents['runEvent'][], queue: [] as QueueEntry[] };
  services.on('runChanged', (run) => heard.changed.push(run));
  services.on('runEvent', (e) => heard.events.push(e));
  services.on('queueChanged', (entries) => (heard.queue = entries));
  return heard;
}

/** Services on a fresh data folder, and what they tell their listeners. */
async function openLab() {
  const home = makeTempDir();
  const services = await createLabServices({ homeDir: home });
  return { home, services, heard: listen(services) };
}

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

const eventsOf = (events: LabEvents['runEvent'][], runId: number, type: TrainingEvent['type']) =>
  events.filter((e) => e.runId === runId && e.event.type === type);

describe('a run another process trains', () => {
  it('appears in the listing, queue and live events within a second, and is cancelled through its owner', async () => {
    const { home, services, heard } = await openLab();
    const raw = rawDatabase(join(home, 'runs.sqlite'));
    const { child: cli, output, ended } = startCli(home, [
      'train', '--preset', 'tfjs-tiny', '--epochs', '50', '--batch-size', '50', '--train-limit', '1000', '--test-limit', '100', '--backend', 'wasm', '--name', 'from the command line',
    ]);
    let localRun: number | null = null;
    try {
      // Bounded waits start once the other process has committed what they look for.
      const runRow = () => raw.prepare<[], { id: number }>('SELECT id FROM runs').get();
      await waitUntil(() => runRow() !== undefined, 'the command line to create its run', 90_000);
      const runId = runRow()!.id;
      await waitUntil(() => heard.changed.some((r) => r.id === runId), 'the services to announce the new run', 1000);
      await waitUntil(
        () => heard.queue.some((e) => e.runId === runId && e.otherProcess?.pid === cli.pid),
        'the queue to list the run in the other process',
        1000,
      );
      expect(value<RunSummary[]>(await services.dispatch('listRuns', [{}])).map((r) => r.name)).toContain('from the command line');

      const pointCount = () => raw.prepare<[number], number>('SELECT COUNT(*) FROM metrics WHERE run_id = ?').pluck().get(runId) ?? 0;
      await waitUntil(() => pointCount() > 0, 'the command line to record progress', 90_000);
      await waitUntil(() => eventsOf(heard.events, runId, 'batch').length > 0, 'a live batch event of that run', 1000);
      await waitUntil(() => eventsOf(heard.events, runId, 'epoch').length > 0, 'a live epoch event of that run', 60_000);
      const [first] = eventsOf(heard.events, runId, 'epoch').map((e) => e.event);
      const stored = raw
        .prepare<[number], { value: number }>(`SELECT value FROM metrics WHERE run_id = ? AND split = 'val' AND name = 'loss' ORDER BY rowid LIMIT 1`)
        .get(runId);
      expect(first).toMatchObject({ type: 'epoch', epoch: 1, valLoss: stored?.value });

      // Training here at the same time: the queue shows both, each in its own process.
      const preset = findPreset('tfjs-tiny')!;
      const started = value<RunSummary>(
        await services.dispatch('startRun', [{ name: 'here', layers: preset.layers, hyperparameters: smallHyperparameters({ epochs: 200 }) }]),
      );
      localRun = started.id;
      await waitUntil(() => eventsOf(heard.events, started.id, 'batch').length > 0, 'the run here to train', 60_000);
      const queue = value<QueueEntry[]>(await services.dispatch('queue', []));
      expect(queue.filter((e) => e.status === 'running').map((e) => [e.runId, e.otherProcess?.pid])).toEqual([
        [started.id, undefined],
        [runId, cli.pid],
      ]);

      const answer = value<RunSummary>(await services.dispatch('cancelRun', [runId]));
      expect(answer.id).toBe(runId);
      await ended;
      expect(cli.exitCode).toBe(1);
      expect(output.stderr).toMatch(new RegExp(`Run ${runId} cancelled\\. Another MNIST Lab process \\(pid ${process.pid}\\) asked to cancel it`));
      await waitUntil(() => heard.changed.some((r) => r.id === runId && r.status === 'cancelled'), 'the services to hear it ended', 2000);
      expect(services.store.getRun(runId)?.status).toBe('cancelled');
      await waitUntil(() => !heard.queue.some((e) => e.runId === runId), 'the queue to drop it', 2000);
    } finally {
      cli.kill();
      await ended;
      raw.close();
      if (localRun !== null) await services.dispatch('cancelRun', [localRun]);
      await services.close();
    }
  });
});

describe('changes this process made itself', () => {
  it('are announced once, even when the watcher reads them back with another process\'s', async () => {
    const { home, services, heard } = await openLab();
    const other = openRunStore(join(home, 'runs.sqlite'));
    try {
      const preset = findPreset('tfjs-tiny')!;
      const newRun = { presetId: preset.id, layers: preset.layers, hyperparameters: smallHyperparameters(), params: 1 };
      const mine = services.store.createRun({ ...newRun, name: 'mine' });
      await services.dispatch('updateRun', [mine.id, { name: 'mine, renamed' }]);
      const theirs = other.createRun({ ...newRun, name: 'theirs' });
      await waitUntil(() => heard.changed.some((r) => r.id === theirs.id), 'the other connection\'s run', 2000);
      expect(heard.changed.filter((r) => r.id === mine.id).map((r) => r.name)).toEqual(['mine, renamed']);
    } finally {
      other.close();
      await services.close();
    }
  });
});

describe('a run whose owner process is gone', () => {
  /** A run left queued and running by a process that has exited. */
  function orphanRun(home: string): number {
    const gone = spawnSync(process.execPath, ['-e', '']).pid as number;
    const store = openRunStore(join(home, 'runs.sqlite'), { owner: { pid: gone, token: 'a process that exited', startedAt: Date.now() } });
    try {
      const preset = findPreset('tfjs-tiny')!;
      const run = store.createRun({ name: 'orphan', presetId: preset.id, layers: preset.layers, hyperparameters: smallHyperparameters(), params: 1 });
      store.markRunning(run.id, { backend: 'wasm', device: 'test', tfjsVersion: 'x', threads: 1 });
      return run.id;
    } finally {
      store.close();
    }
  }

  it('is marked interrupted when cancelled, and the answer says why', async () => {
    const { home, services, heard } = await openLab();
    try {
      // No await in between: the watcher's own check of owners cannot come first.
      const answer = services.dispatch('cancelRun', [orphanRun(home)]);
      const result = await answer;
      expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (result.ok) return;
      expect(result.error.message).toMatch(/could not be cancelled: the MNIST Lab process that was training it \(process \d+\) has ended\. It is now marked interrupted/);
      const [run] = value<RunSummary[]>(await services.dispatch('listRuns', [{}]));
      expect(run.status).toBe('interrupted');
      expect(heard.changed.map((r) => [r.id, r.status])).toContainEqual([run.id, 'interrupted']);
    } finally {
      await services.close();
    }
  });

  it('is marked interrupted while the services are open, without anyone asking', async () => {
    const { home, services, heard } = await openLab();
    try {
      const id = orphanRun(home);
      await waitUntil(() => heard.queue.some((e) => e.runId === id), 'the queue to list the orphan first', 2000);
      await waitUntil(() => heard.changed.some((r) => r.id === id && r.status === 'interrupted'), 'the orphan to be marked interrupted', 10_000);
      expect(value<QueueEntry[]>(await services.dispatch('queue', []))).toEqual([]);
    } finally {
      await services.close();
    }
  });
});
