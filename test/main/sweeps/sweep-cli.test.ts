// `mnist-lab sweep` as a user runs it: a 2 x 2 grid over 2 seeds to the end, and kill -9 mid-trial
// followed by `sweep --resume`, against what the store itself recorded.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, exited, makeTempDir, rawDatabase, removeTempDirs, runCli, waitUntil } from '../faults/helpers';

afterAll(removeTempDirs);

const SMALL = ['--preset', 'tfjs-tiny', '--epochs', '1', '--train-limit', '300', '--test-limit', '100', '--batch-size', '50', '--backend', 'wasm', '--workers', '1'];

interface Report {
  sweepId: number;
  status: string;
  best: { runId: number; value: number };
  trials: { index: number; values: Record<string, number>; seed: number; runId: number; status: string; value: number }[];
  groups: { values: Record<string, number>; runIds: number[]; stats: { testAccuracy: { mean: number; n: number } } }[];
}

describe('mnist-lab sweep', () => {
  it('runs a 2 x 2 grid over 2 seeds and reports groups and the best trial as the store recorded them', async () => {
    const home = makeTempDir('mnist-lab-sweep-cli-');
    const result = await runCli(home, ['sweep', ...SMALL, '--vary', 'lr=0.003,0.03', '--vary', 'batchSize=25,50', '--seeds', '2', '--metric', 'test', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    expect(report.status).toBe('completed');
    expect(report.trials).toHaveLength(8);

    const db = rawDatabase(join(home, 'runs.sqlite'));
    const rows = db.prepare<[], { id: number; status: string; test_accuracy: number; seed: number; hp: string }>('SELECT id, status, test_accuracy, seed, hyperparameters_json AS hp FROM runs ORDER BY id').all();
    const trials = db.prepare<[], { run_id: number; values_json: string }>('SELECT run_id, values_json FROM sweep_trials ORDER BY trial_index').all();
    db.close();
    expect(rows.map((r) => r.status)).toEqual(Array(8).fill('completed'));
    for (const [i, trial] of trials.entries()) {
      const values = JSON.parse(trial.values_json) as { learningRate: number; batchSize: number };
      const run = rows.find((r) => r.id === trial.run_id)!;
      expect(JSON.parse(run.hp)).toMatchObject(values);
      expect(report.trials[i]).toMatchObject({ runId: run.id, value: run.test_accuracy, seed: run.seed });
    }
    const best = rows.reduce((a, b) => (b.test_accuracy > a.test_accuracy ? b : a));
    expect(report.best.value).toBe(best.test_accuracy);
    // Four groups of two seeds; each mean is the mean of its runs' recorded test accuracy.
    expect(report.groups).toHaveLength(4);
    for (const group of report.groups) {
      const accuracies = group.runIds.map((id) => rows.find((r) => r.id === id)!.test_accuracy);
      expect(group.stats.testAccuracy.n).toBe(2);
      expect(group.stats.testAccuracy.mean).toBeCloseTo((accuracies[0] + accuracies[1]) / 2, 12);
    }

    const shown = await runCli(home, ['show', '--sweep', String(report.sweepId)]);
    expect(shown.stdout).toMatch(/Best trial: #\d \(run \d\)/);
    const listed = await runCli(home, ['sweeps', '--json']);
    expect(JSON.parse(listed.stdout)).toMatchObject([{ id: report.sweepId, status: 'completed', trialCount: 8 }]);
  });

  it('refuses bad input with exit 2 and queues nothing', async () => {
    const home = makeTempDir('mnist-lab-sweep-cli-');
    for (const args of [['--vary', 'lr'], ['--vary', 'layer12.units=10'], ['--vary', 'lr=0.1..0.01'], ['--vary', 'lr=0.1', '--strategy', 'random'], ['--vary', 'lr=0.1', '--trials-at-once', '9'], ['--vary', 'lr=0.1', '--trials-at-once', 'two'], []]) {
      const result = await runCli(home, ['sweep', ...SMALL, ...args]);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.length).toBeGreaterThan(0);
    }
    const listed = await runCli(home, ['sweeps', '--json']);
    expect(JSON.parse(listed.stdout)).toEqual([]);
  });

  it('after kill -9 mid-trial, --resume marks that trial interrupted, runs the rest and keeps what was recorded', async () => {
    const home = makeTempDir('mnist-lab-sweep-cli-');
    const long = ['--preset', 'tfjs-tiny', '--epochs', '3', '--train-limit', '600', '--test-limit', '100', '--batch-size', '25', '--backend', 'wasm', '--workers', '1'];
    const cli = spawn(process.execPath, [BIN, 'sweep', ...long, '--vary', 'lr=0.01,0.02,0.03', '--home', home], { env: { ...process.env, MNIST_LAB_HOME: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    cli.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const ended = exited(cli);
    await waitUntil(() => /trial 1\/3 .*completed/.test(stdout), 'the first trial to complete', 120_000);
    // Mid-way through trial 2: at least one of its epochs is recorded.
    await waitUntil(() => {
      const db = rawDatabase(join(home, 'runs.sqlite'));
      try {
        return (db.prepare<[], { n: number }>("SELECT epochs_done AS n FROM runs WHERE id = 2").get()?.n ?? 0) >= 1;
      } finally {
        db.close();
      }
    }, 'trial 2 to record an epoch', 120_000);
    cli.kill('SIGKILL');
    await ended;
    const before = rawDatabase(join(home, 'runs.sqlite'));
    const metricsBefore = before.prepare('SELECT * FROM metrics ORDER BY rowid').all();
    before.close();

    const resumed = await runCli(home, ['sweep', '--resume', '1', '--json']);
    // An interrupted trial makes the exit code 1: the sweep finished, but not every trial did.
    expect(resumed.code, resumed.stderr).toBe(1);
    const report = JSON.parse(resumed.stdout) as Report;
    expect(report.status).toBe('completed');
    expect(report.trials.map((t) => t.status)).toEqual(['completed', 'interrupted', 'completed']);
    const after = rawDatabase(join(home, 'runs.sqlite'));
    const metricsAfter = after.prepare('SELECT * FROM metrics ORDER BY rowid').all();
    after.close();
    // Nothing recorded before the kill was lost or changed.
    expect(metricsAfter.slice(0, metricsBefore.length)).toEqual(metricsBefore);
  });
});
