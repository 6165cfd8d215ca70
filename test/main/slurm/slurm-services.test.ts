// Runs and sweeps handed to a real Slurm cluster through the services, as the app and the served
// page call them: a 2 x 2 sweep against the same sweep trained here, cancel, a job killed with
// SIGKILL, a time limit, a vanished job, and settings that cannot work.
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ComputeTarget, SlurmSettings } from '../../../common/compute/compute-target';
import type { Result } from '../../../common/ipc/contract';
import { groupRuns } from '../../../common/sweeps/grouping';
import type { SweepDetail, SweepSpec, SweepSummary } from '../../../common/sweeps/types';
import { findSeries } from '../../../common/training/metric-series';
import { FINISHED_STATUSES, type RunSummary } from '../../../common/training/run';
import { createLabServices, type LabServices } from '../../../main/services/lab-services';
import { SlurmRuns } from '../../../main/slurm/slurm-runs';
import { databaseFile } from '../../../main/home';
import { openRunStore } from '../../../main/store/run-store';
import { makeTempDir, removeTempDirs, smallHyperparameters, TINY_LAYERS } from '../training/helpers';
import { describeOnSlurm, jobsInQueue } from './cluster';

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

let home: string;
let shared: string;
let services: LabServices;
const onSlurm = (over: Partial<SlurmSettings> = {}): ComputeTarget => ({ on: 'slurm', slurm: { sharedDir: shared, partition: 'debug', cpus: 1, ...over } });
/** Long enough to be stopped mid-way: many small epochs. */
const LONG = smallHyperparameters({ epochs: 1000, trainLimit: 200, testLimit: 50, batchSize: 50, backend: 'wasm', workers: '1' });
/** Far more than a minute of training however fast the machine (1,000 epochs of 100 steps), an epoch within seconds. */
const PAST_ONE_MINUTE = { ...LONG, trainLimit: 5000 };

const ended = (runId: number): Promise<RunSummary> => services.slurm.waitFor(runId);
/** Resolves once the run recorded that many epochs; rejects, saying why, when it ended before. */
const epochsRecorded = (runId: number, atLeast: number): Promise<void> =>
  new Promise((resolve, reject) => {
    const check = (): boolean => {
      const run = services.store.getRun(runId);
      if ((run?.epochsDone ?? 0) >= atLeast) resolve();
      else if (!run || FINISHED_STATUSES.includes(run.status)) reject(new Error(`Run ${runId} ended ${run?.status}: ${run?.error}`));
      else return false;
      return true;
    };
    if (check()) return;
    const offs = [services.slurm.on(() => check() && offs.forEach((off) => off())), services.slurm.onEnded(() => check() && offs.forEach((off) => off()))];
  });

/** A sweep of three long trials that Slurm trains one at a time: two of them wait while the first trains. */
async function threeTrialsOneAtATime(name: string): Promise<SweepSummary> {
  const spec: SweepSpec = {
    name,
    presetId: null,
    layers: TINY_LAYERS,
    hyperparameters: LONG,
    parameters: [{ key: 'lr', values: [0.003, 0.01, 0.03] }],
    seeds: 1,
    strategy: { kind: 'grid' },
    metric: 'bestValAccuracy',
    compute: onSlurm({ maxRunning: 1 }),
  };
  return value<SweepSummary>(await services.dispatch('startSweep', [spec]));
}

describeOnSlurm('training on Slurm through the services', () => {
  let timeLimited: RunSummary;

  beforeAll(async () => {
    home = makeTempDir('mnist-lab-slurm-');
    shared = makeTempDir('mnist-lab-slurm-shared-');
    services = await createLabServices({ homeDir: home, slurm: { pollMs: 250 } });
    // Started first, as it takes over a minute: a 1-minute limit on a much longer run.
    timeLimited = value<RunSummary>(await services.dispatch('startRun', [{ name: 'time limited', layers: TINY_LAYERS, hyperparameters: PAST_ONE_MINUTE, compute: onSlurm({ timeLimit: '1' }) }]));
  });
  afterAll(async () => {
    // Closing leaves Slurm's jobs running (the next process follows them): these are stopped first.
    for (const entry of services?.slurm.entries() ?? []) services.slurm.cancel(entry.runId);
    await services?.close();
    removeTempDirs();
  });

  it('runs a 2 x 2 sweep as one job array with the same grouped results as on this machine', async () => {
    const spec = (compute?: ComputeTarget): SweepSpec => ({
      name: compute ? 'on slurm' : 'here',
      presetId: null,
      layers: TINY_LAYERS,
      hyperparameters: smallHyperparameters({ epochs: 1, trainLimit: 300, testLimit: 100, batchSize: 50, backend: 'wasm', workers: '1' }),
      parameters: [
        { key: 'lr', values: [0.003, 0.03] },
        { key: 'layer1.filters', values: [4, 8] },
      ],
      seeds: 1,
      strategy: { kind: 'grid' },
      metric: 'testAccuracy',
      ...(compute ? { compute } : {}),
    });
    const remote = value<SweepSummary>(await services.dispatch('startSweep', [spec(onSlurm({ maxRunning: 1 }))]));
    const local = value<SweepSummary>(await services.dispatch('startSweep', [spec()]));
    await Promise.all([services.sweeps.whenDone(remote.id), services.sweeps.whenDone(local.id)]);

    const detail = async (id: number) => value<SweepDetail>(await services.dispatch('getSweep', [id]));
    const [r, l] = [await detail(remote.id), await detail(local.id)];
    expect(r.status).toBe('completed');
    expect(r.runs.map((run) => run.status)).toEqual(Array(4).fill('completed'));
    // One submission: the four trials are the tasks 0..3 of one job array.
    const jobs = r.runs.map((run) => services.store.slurm.get(run.id)!);
    expect(new Set(jobs.map((j) => j.submission)).size).toBe(1);
    const arrayId = jobs[0].jobId!.split('_')[0];
    expect(jobs.map((j) => j.jobId).sort()).toEqual([0, 1, 2, 3].map((i) => `${arrayId}_${i}`));
    // Same seeds, same backend: the same numbers, group by group.
    const groups = (d: SweepDetail) => groupRuns(d.runs).map((g) => ({ lr: g.runs[0].hyperparameters.learningRate, filters: g.runs[0].layers[0], test: g.stats.testAccuracy, best: g.stats.bestValAccuracy }));
    expect(groups(r)).toEqual(groups(l));
    for (const run of r.runs) {
      expect(run.backend).toBe('wasm');
      // Its model files were moved from the shared folder into the data folder.
      const models = services.store.getRunResults(run.id)!.models;
      expect(models.map((m) => m.path).sort()).toEqual([`models/${run.id}/best`, `models/${run.id}/final`]);
    }
  }, 240_000);

  it('cancels a run training on Slurm (scancel) and records it cancelled', async () => {
    const run = value<RunSummary>(await services.dispatch('startRun', [{ name: 'to cancel', layers: TINY_LAYERS, hyperparameters: LONG, compute: onSlurm() }]));
    const jobId = services.store.slurm.get(run.id)!.jobId!;
    await epochsRecorded(run.id, 1);
    value(await services.dispatch('cancelRun', [run.id]));
    const final = await ended(run.id);
    expect(final.status).toBe('cancelled');
    expect(final.epochsDone).toBeGreaterThanOrEqual(1);
    expect(jobsInQueue()).not.toContain(jobId);
  }, 200_000);

  it('shows why a trial waits in Slurm, and cancelling the sweep scancels its running and waiting trials', async () => {
    const started = await threeTrialsOneAtATime('to cancel');
    const runIds = () => services.store.sweeps.trials(started.id).map((t) => t.runId!);
    await epochsRecorded(runIds()[0], 1);
    // The others wait for the array's limit of one at a time, and the queue says so.
    await new Promise<void>((resolve) => {
      const check = (): void => {
        const waiting = services.slurm.entries().filter((e) => runIds().includes(e.runId) && e.slurm?.state === 'PENDING');
        if (waiting.length === 2 && waiting.every((e) => e.slurm?.reason === 'JobArrayTaskLimit')) {
          off();
          resolve();
        }
      };
      const off = services.slurm.onStateChanged(check);
      check();
    });
    const queue = value<{ runId: number; slurm?: { reason: string | null } }[]>(await services.dispatch('queue', []));
    expect(queue.filter((e) => e.slurm?.reason === 'JobArrayTaskLimit').map((e) => e.runId).sort()).toEqual(runIds().slice(1).sort());

    value(await services.dispatch('cancelSweep', [started.id]));
    const finals = await Promise.all(runIds().map((id) => ended(id)));
    expect(finals.map((r) => r.status)).toEqual(['cancelled', 'cancelled', 'cancelled']);
    const jobIds = runIds().map((id) => services.store.slurm.get(id)!.jobId);
    expect(jobsInQueue().filter((id) => jobIds.includes(id))).toEqual([]);
  }, 200_000);

  it("pauses a sweep by holding its waiting trials in Slurm's queue, and Resume releases them", async () => {
    const started = await threeTrialsOneAtATime('to pause');
    const runIds = () => services.store.sweeps.trials(started.id).map((t) => t.runId!);
    await epochsRecorded(runIds()[0], 1);
    const reasonsNow = (): Map<string, string> => new Map(execFileSync('squeue', ['-h', '-r', '-o', '%i|%r'], { encoding: 'utf8' }).trim().split('\n').map((l) => l.split('|') as [string, string]));
    const jobIds = runIds().map((id) => services.store.slurm.get(id)!.jobId!);

    expect(value<SweepSummary>(await services.dispatch('pauseSweep', [started.id])).status).toBe('paused');
    // The two waiting trials are held; the one training goes on, unheld.
    const held = reasonsNow();
    expect(jobIds.slice(1).map((id) => held.get(id))).toEqual(['JobHeldUser', 'JobHeldUser']);
    expect(held.get(jobIds[0])).not.toBe('JobHeldUser');
    const before = services.store.getRun(runIds()[0])!.epochsDone;
    await epochsRecorded(runIds()[0], before + 1);

    expect(value<SweepSummary>(await services.dispatch('resumeSweep', [started.id])).status).toBe('running');
    const released = reasonsNow();
    expect(jobIds.slice(1).map((id) => released.get(id)).filter((r) => r === 'JobHeldUser')).toEqual([]);

    value(await services.dispatch('cancelSweep', [started.id]));
    await Promise.all(runIds().map((id) => ended(id)));
  }, 200_000);

  it('ends a run whose job is killed (scancel --signal=KILL) as interrupted, every recorded epoch intact', async () => {
    const run = value<RunSummary>(await services.dispatch('startRun', [{ name: 'killed', layers: TINY_LAYERS, hyperparameters: LONG, compute: onSlurm() }]));
    const jobId = services.store.slurm.get(run.id)!.jobId!;
    await epochsRecorded(run.id, 2);
    execFileSync('scancel', ['--signal=KILL', jobId]);
    const final = await ended(run.id);
    expect(final.status).toBe('interrupted');
    expect(final.error).toContain(`Slurm job ${jobId}`);
    expect(final.error).toMatch(/kept; re-run it/);
    const val = findSeries(services.store.getMetricSeries(run.id), 'accuracy', 'val', 'epoch')!;
    // One validation point per recorded epoch, 1..N, none missing and none twice.
    expect(Array.from(val.epoch)).toEqual(Array.from({ length: final.epochsDone }, (_, i) => i + 1));
    expect(final.epochsDone).toBeGreaterThanOrEqual(2);

    // Re-running it goes back to Slurm, with the settings it was submitted with.
    const again = value<RunSummary>(await services.dispatch('rerunRun', [run.id]));
    expect(again.parentRunId).toBe(run.id);
    expect(services.store.slurm.get(again.id)!.settings).toEqual(services.store.slurm.get(run.id)!.settings);
    expect(services.store.slurm.get(again.id)!.jobId).not.toBe(jobId);
    value(await services.dispatch('cancelRun', [again.id]));
    expect((await ended(again.id)).status).toBe('cancelled');
  }, 200_000);

  it('tells a job that vanished from Slurm, ending its run interrupted without submitting anything again', async () => {
    // A second process on the data folder, whose recorded job Slurm has never heard of.
    const store = openRunStore(databaseFile(home));
    const follower = new SlurmRuns({ store, homeDir: home, pollMs: 100 });
    try {
      const run = store.createRun({ name: 'vanished', presetId: null, layers: TINY_LAYERS, hyperparameters: LONG, params: 1 });
      const runDir = join(shared, 'vanished', 'task-0');
      mkdirSync(runDir, { recursive: true });
      writeFileSync(join(runDir, 'events.jsonl'), '');
      store.slurm.add([{ runId: run.id, submission: 'mnist-lab-never-submitted', taskIndex: 0, runDir }], { sharedDir: shared });
      store.slurm.setJobIds('mnist-lab-never-submitted', '999999');
      const before = jobsInQueue().length;
      // Only its own job: the services' jobs have a live follower.
      expect(follower.resume()).toEqual([run.id]);
      const final = await follower.waitFor(run.id);
      expect(final.status).toBe('interrupted');
      expect(final.error).toMatch(/Slurm job 999999_0 .*no longer knows it/);
      expect(store.slurm.get(run.id)!.endedAt).not.toBeNull();
      expect(jobsInQueue().length).toBeLessThanOrEqual(before);
    } finally {
      follower.close();
      store.close();
    }
  });

  it('refuses settings that cannot work with a clear message, creating no run', async () => {
    const runsBefore = services.store.listRuns().length;
    const start = (compute: ComputeTarget) => services.dispatch('startRun', [{ layers: TINY_LAYERS, hyperparameters: LONG, compute }]);
    const fileNotFolder = join(shared, 'a-file');
    writeFileSync(fileNotFolder, 'x');
    const cases: [ComputeTarget, RegExp][] = [
      [onSlurm({ partition: 'no-such-partition' }), /There is no Slurm partition "no-such-partition"\. Partitions here: debug/],
      [onSlurm({ sharedDir: join(shared, 'missing') }), /shared folder .*missing does not exist/],
      [onSlurm({ sharedDir: fileNotFolder }), /is a file, not a folder/],
      // Root may write anywhere on disk, but not into /proc.
      [onSlurm({ sharedDir: '/proc/self' }), /cannot write to the shared folder \/proc\/self/],
      [onSlurm({ sharedDir: 'relative/dir' }), /absolute path/],
      [onSlurm({ timeLimit: 'soon' }), /time limit must be written as Slurm does/],
    ];
    for (const [compute, message] of cases) {
      const result = await start(compute);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message + JSON.stringify(result.error.issues ?? [])).toMatch(message);
    }
    // sbatch and its siblings not installed: as if PATH held none of them.
    const path = process.env.PATH;
    process.env.PATH = '/nonexistent';
    try {
      const result = await start(onSlurm());
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/was not found, so MNIST Lab cannot hand runs to Slurm/);
    } finally {
      process.env.PATH = path;
    }
    expect(services.store.listRuns().length).toBe(runsBefore);
  });

  it('ends a run stopped at its 1-minute time limit as interrupted with the reason', async () => {
    const final = await ended(timeLimited.id);
    expect(final.status).toBe('interrupted');
    expect(final.error).toMatch(/reached its time limit/);
    expect(final.epochsDone).toBeGreaterThanOrEqual(1);
    const val = findSeries(services.store.getMetricSeries(final.id), 'accuracy', 'val', 'epoch')!;
    expect(val.epoch.length).toBe(final.epochsDone);
  }, 240_000);
});
