// `mnist-lab` on a Slurm cluster as a user runs it: Ctrl+C on `train --on slurm` cancels the job,
// and a `sweep --on slurm` whose process is killed goes on with `sweep --resume`, following the
// same jobs: nothing submitted twice, nothing recorded twice, nothing lost.
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { createLabServices } from '../../../main/services/lab-services';
import { makeTempDir, rawDatabase, removeTempDirs, runCli, startCli, waitUntil } from '../faults/helpers';
import { describeOnSlurm, jobsInQueue } from './cluster';

afterAll(removeTempDirs);

const SMALL = ['--preset', 'tfjs-tiny', '--train-limit', '300', '--test-limit', '100', '--batch-size', '50', '--backend', 'wasm', '--workers', '1'];

function query<T>(home: string, sql: string): T[] {
  const db = rawDatabase(join(home, 'runs.sqlite'));
  try {
    return db.prepare<[], T>(sql).all();
  } finally {
    db.close();
  }
}

describeOnSlurm('mnist-lab on Slurm', () => {
  it('cancels a run on Slurm with Ctrl+C: the job is scancelled and the run recorded cancelled', async () => {
    const home = makeTempDir('mnist-lab-slurm-cli-');
    const shared = makeTempDir('mnist-lab-slurm-cli-shared-');
    const cli = startCli(home, ['train', ...SMALL, '--epochs', '1000', '--on', 'slurm', '--partition', 'debug', '--shared-dir', shared]);
    await waitUntil(() => /epoch 1:/.test(cli.output.stdout), 'the first epoch on Slurm', 150_000);
    const jobId = /queued as Slurm job (\S+)\./.exec(cli.output.stdout)![1];
    cli.child.kill('SIGINT');
    await cli.ended;
    expect(cli.child.exitCode).toBe(1);
    expect(cli.output.stderr).toMatch(/Run 1 cancelled/);
    expect(query<{ status: string }>(home, 'SELECT status FROM runs')).toEqual([{ status: 'cancelled' }]);
    expect(jobsInQueue()).not.toContain(jobId);
  }, 200_000);

  it('resumes following its jobs after the sweep process was killed, losing and repeating nothing', async () => {
    const home = makeTempDir('mnist-lab-slurm-cli-');
    const shared = makeTempDir('mnist-lab-slurm-cli-shared-');
    // Trials long enough (about 4 s) that the 1 s poll always sees one part-way; at 3 epochs a
    // trial could start and end between two polls and the kill below would never come.
    const epochs = 12;
    const args = ['sweep', ...SMALL, '--epochs', String(epochs), '--vary', 'lr=0.003,0.03', '--vary', 'layer1.filters=4,8', '--on', 'slurm', '--shared-dir', shared, '--max-running', '1'];
    const cli = startCli(home, args);
    // Killed mid-sweep: one trial done, the next one part-way.
    await waitUntil(() => {
      try {
        const runs = query<{ status: string; epochs_done: number }>(home, 'SELECT status, epochs_done FROM runs ORDER BY id');
        return runs.some((r) => r.status === 'completed') && runs.some((r) => r.status === 'running' && r.epochs_done >= 1);
      } catch {
        return false;
      }
    }, 'one trial done and another part-way', 120_000);
    cli.child.kill('SIGKILL');
    await cli.ended;
    const metricsBefore = query<unknown>(home, 'SELECT * FROM metrics ORDER BY rowid');

    const resumed = await runCli(home, ['sweep', '--resume', '1', '--json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const report = JSON.parse(resumed.stdout) as { status: string; trials: { status: string }[]; groups: unknown[] };
    expect(report.status).toBe('completed');
    expect(report.trials.map((t) => t.status)).toEqual(Array(4).fill('completed'));
    expect(report.groups).toHaveLength(4);

    // What was recorded before the kill is unchanged; every run has each of its epochs once.
    const metricsAfter = query<unknown>(home, 'SELECT * FROM metrics ORDER BY rowid');
    expect(metricsAfter.slice(0, metricsBefore.length)).toEqual(metricsBefore);
    const valPoints = query<{ run_id: number; epochs: string }>(home, "SELECT run_id, group_concat(epoch) AS epochs FROM (SELECT run_id, epoch FROM metrics WHERE name = 'accuracy' AND split = 'val' ORDER BY run_id, epoch) GROUP BY run_id");
    const everyEpoch = Array.from({ length: epochs }, (_, i) => i + 1).join(',');
    expect(valPoints.map((p) => p.epochs)).toEqual(Array(4).fill(everyEpoch));
    // One job array, submitted once.
    const jobs = query<{ submission: string; job_id: string; ended_at: number | null }>(home, 'SELECT submission, job_id, ended_at FROM slurm_jobs');
    expect(jobs).toHaveLength(4);
    expect(new Set(jobs.map((j) => j.submission)).size).toBe(1);
    expect(jobs.every((j) => j.ended_at !== null)).toBe(true);
  }, 240_000);
});

describeOnSlurm('an open app and a command line that dies', () => {
  it('follows the job of a killed `train --on slurm` from the app already open, to its end', async () => {
    const home = makeTempDir('mnist-lab-slurm-adopt-');
    const shared = makeTempDir('mnist-lab-slurm-adopt-shared-');
    const app = await createLabServices({ homeDir: home, slurm: { pollMs: 250 } });
    try {
      const cli = startCli(home, ['train', ...SMALL, '--epochs', '20', '--on', 'slurm', '--shared-dir', shared]);
      await waitUntil(() => /epoch 1:/.test(cli.output.stdout), 'the first epoch on Slurm', 150_000);
      cli.child.kill('SIGKILL');
      await cli.ended;
      // Still training when its command line died: only the app can have recorded the rest.
      expect(app.store.getRun(1)!.status).toBe('running');
      await waitUntil(() => app.slurm.holds(1), 'the open app to take the job over', 60_000);
      const final = await app.slurm.waitFor(1);
      expect(final.status).toBe('completed');
      const epochs = query<{ epoch: number }>(home, "SELECT epoch FROM metrics WHERE run_id = 1 AND name = 'accuracy' AND split = 'val' ORDER BY rowid");
      expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    } finally {
      await app.close();
    }
  }, 240_000);
});

describeOnSlurm('mnist-lab doctor --on slurm', () => {
  it('checks the commands, the partition and the shared folder from a test job', async () => {
    const home = makeTempDir('mnist-lab-slurm-doctor-');
    const shared = makeTempDir('mnist-lab-slurm-doctor-shared-');
    const good = await runCli(home, ['doctor', '--on', 'slurm', '--shared-dir', shared, '--partition', 'debug', '--json']);
    expect(good.code, good.stderr).toBe(0);
    const report = JSON.parse(good.stdout) as { ok: boolean; cluster: { check: string; ok: boolean; detail: string }[] };
    expect(report.cluster.map((c) => [c.check, c.ok])).toEqual([
      ['Slurm commands', true],
      ['Partition', true],
      ['Shared folder, from here', true],
      ['Shared folder, from a test job', true],
    ]);
    expect(report.cluster[3].detail).toMatch(/^written by /);

    const bad = await runCli(home, ['doctor', '--on', 'slurm', '--shared-dir', shared, '--partition', 'nope']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/no +Partition: no partition "nope"; there are: debug/);
    const noFolder = await runCli(home, ['doctor', '--on', 'slurm', '--shared-dir', join(shared, 'missing')]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stdout).toMatch(/no +Shared folder, from here: The shared folder .*missing does not exist/);
  }, 150_000);
});
