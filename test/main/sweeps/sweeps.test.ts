// Sweeps through the services as the app and the served page call them: planning, bad input,
// a grid trained for real, its grouped results against the runs' own metrics, and halving.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../common/ipc/contract';
import { groupRuns } from '../../../common/sweeps/grouping';
import type { SweepDetail, SweepPlan, SweepSpec, SweepSummary } from '../../../common/sweeps/types';
import { epochRows } from '../../../common/training/epochs';
import { createLabServices, type LabServices } from '../../../main/services/lab-services';
import { makeTempDir, smallHyperparameters, TINY_LAYERS } from '../training/helpers';

let home: string;
let services: LabServices;

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

const spec = (over: Partial<SweepSpec> = {}): SweepSpec => ({
  name: 'grid',
  presetId: null,
  layers: TINY_LAYERS,
  hyperparameters: smallHyperparameters({ epochs: 1, trainLimit: 400, testLimit: 100, batchSize: 50 }),
  parameters: [
    { key: 'lr', values: [0.003, 0.03] },
    { key: 'layer1.filters', values: [4, 8] },
  ],
  seeds: 2,
  strategy: { kind: 'grid' },
  metric: 'bestValAccuracy',
  ...over,
});

beforeAll(async () => {
  home = makeTempDir('mnist-lab-sweeps-');
  services = await createLabServices({ homeDir: home });
});
afterAll(async () => {
  await services.close();
  rmSync(home, { recursive: true, force: true });
});

const sweepRows = (): number => services.store.sweeps.list().length;

describe('sweeps: planning and bad input', () => {
  it('plans a 2 x 2 grid over 2 seeds as 8 trials with their values and seeds', async () => {
    const plan = value<SweepPlan>(await services.dispatch('planSweep', [spec()]));
    expect(plan.issues).toEqual([]);
    expect(plan.configurations).toBe(4);
    expect(plan.trials).toHaveLength(8);
    expect(plan.trials[0]).toEqual({ index: 0, values: { learningRate: 0.003, 'layer1.filters': 4 }, seed: 42 });
    expect(plan.trials[1]).toMatchObject({ values: { learningRate: 0.003, 'layer1.filters': 4 }, seed: 43 });
    expect(new Set(plan.trials.map((t) => JSON.stringify(t.values))).size).toBe(4);
    expect(sweepRows()).toBe(0);
  });

  it('gives one clear message per problem and queues nothing', async () => {
    const cases: [Partial<SweepSpec>, RegExp][] = [
      [{ parameters: [{ key: 'lr', values: [] }] }, /"lr" has no values/],
      [{ parameters: [{ key: 'lr', min: 0.1, max: 0.01, scale: 'log' }] }, /range 0\.1\.\.0\.01 is empty/],
      [{ parameters: [{ key: 'lr', min: 0, max: 0.01, scale: 'log' }] }, /log range must stay above 0/],
      [{ parameters: [{ key: 'batchSize', values: [0, 64] }] }, /With batchSize=0: .*batchSize/],
      [{ parameters: [{ key: 'layer9.filters', values: [4] }] }, /there is no layer 9/],
      [{ parameters: [{ key: 'layer2.filters', values: [4] }] }, /layer 2 \(maxPooling2d\) has no field "filters"/],
      [{ parameters: [{ key: 'seed', values: [1, 2] }] }, /use the number of seeds/],
      [{ parameters: [{ key: 'lr', min: 0.001, max: 0.1, scale: 'log', steps: 200 }, { key: 'batchSize', min: 16, max: 256, scale: 'linear', integer: true, steps: 100 }] }, /40000 trials \(20000 combinations x 2 seeds\); at most 10000/],
      [{ strategy: { kind: 'halving', minEpochs: 3, reduction: 3 } }, /first rung \(3 epochs\) must come before the last epoch/],
    ];
    for (const [over, message] of cases) {
      const result = await services.dispatch('startSweep', [spec(over)]);
      expect(result.ok, String(message)).toBe(false);
      if (result.ok) continue;
      expect(result.error.code).toBe('invalid-input');
      expect([result.error.message, ...(result.error.issues ?? []).map((i) => i.message)].join('\n')).toMatch(message);
    }
    const malformed = await services.dispatch('startSweep', [{ layers: TINY_LAYERS, parameters: 'lr=0.1' }]);
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(sweepRows()).toBe(0);
    expect(services.store.listRuns({})).toEqual([]);
  });
});

describe('sweeps: a real grid', () => {
  it('trains every trial once, records its values, and groups the seeds as the runs say', async () => {
    const events: SweepSummary[] = [];
    const off = services.on('sweepChanged', (s) => events.push(s));
    const started = value<SweepSummary>(await services.dispatch('startSweep', [spec()]));
    expect(started).toMatchObject({ status: 'running', trialCount: 8 });
    const done = await services.sweeps.whenDone(started.id);
    off();
    expect(done.status).toBe('completed');
    const detail = value<SweepDetail>(await services.dispatch('getSweep', [started.id]));
    expect(detail.trials.map((t) => t.status)).toEqual(Array(8).fill('completed'));
    expect(detail.counts).toEqual({ completed: 8 });
    expect(events.at(-1)?.status).toBe('completed');

    // Each run trained with exactly its trial's values.
    for (const trial of detail.trials) {
      const run = services.store.getRun(trial.runId!)!;
      expect(run.hyperparameters.learningRate).toBe(trial.values.learningRate);
      expect((run.layers[0] as { filters: number }).filters).toBe(trial.values['layer1.filters']);
      expect(run.seed).toBe(trial.seed);
    }

    // The best trial and the groups, computed again here from each run's recorded epochs.
    const bestVal = new Map(detail.trials.map((t) => [t.runId!, Math.max(...epochRows(services.store.getMetricSeries(t.runId!)).map((r) => r.valAccuracy ?? -1))]));
    const best = [...bestVal.entries()].reduce((a, b) => (b[1] > a[1] ? b : a));
    expect(detail.best?.value).toBeCloseTo(best[1], 12);
    expect(bestVal.get(detail.best!.runId)).toBeCloseTo(best[1], 12);

    const groups = groupRuns(detail.runs);
    expect(groups).toHaveLength(4);
    for (const group of groups) {
      expect(group.runs).toHaveLength(2);
      const values = group.runs.map((r) => bestVal.get(r.id)!);
      const mean = (values[0] + values[1]) / 2;
      expect(group.stats.bestValAccuracy?.mean).toBeCloseTo(mean, 12);
      expect(group.stats.bestValAccuracy?.std).toBeCloseTo(Math.abs(values[0] - values[1]) / Math.SQRT2, 12);
      expect(group.stats.bestValAccuracy?.n).toBe(2);
    }
    expect(value<SweepSummary[]>(await services.dispatch('listSweeps', [])).map((s) => s.id)).toEqual([started.id]);
  });

  it('trains two trials at once, each on one worker, then lets the queue train one run at a time again', async () => {
    await services.queue.whenIdle();
    const seen = new Set<number>();
    let mostAtOnce = 0;
    const off = services.on('queueChanged', (entries) => {
      const running = entries.filter((e) => e.status === 'running' && !e.otherProcess);
      for (const e of running) seen.add(e.runId);
      mostAtOnce = Math.max(mostAtOnce, running.length);
    });
    const started = value<SweepSummary>(await services.dispatch('startSweep', [spec({ name: 'side by side', seeds: 1, trialsAtOnce: 2, hyperparameters: smallHyperparameters({ epochs: 1, trainLimit: 400, testLimit: 100, batchSize: 50, workers: 'auto' }) })]));
    const done = await services.sweeps.whenDone(started.id);
    await services.queue.whenIdle();
    off();
    expect(done.status).toBe('completed');
    expect(mostAtOnce).toBe(2);
    const detail = value<SweepDetail>(await services.dispatch('getSweep', [started.id]));
    expect(detail.counts).toEqual({ completed: 4 });
    expect(detail.runs.map((r) => r.hyperparameters.workers)).toEqual(['1', '1', '1', '1']);
    expect([...seen].filter((id) => !detail.runs.some((r) => r.id === id)), JSON.stringify([...seen])).toEqual([]);

    // With the sweep over, two runs started by hand train one after the other, as before.
    const hand = spec().hyperparameters;
    const first = value<{ id: number }>(await services.dispatch('startRun', [{ layers: TINY_LAYERS, hyperparameters: hand }]));
    const second = value<{ id: number }>(await services.dispatch('startRun', [{ layers: TINY_LAYERS, hyperparameters: hand }]));
    expect(services.queue.entries().filter((e) => e.status === 'running').map((e) => e.runId)).toEqual([first.id]);
    expect(services.queue.entries().find((e) => e.runId === second.id)?.status).toBe('queued');
    await services.queue.whenIdle();
  });

  it('refuses more trials at once than there can be workers', async () => {
    const plan = value<SweepPlan>(await services.dispatch('planSweep', [spec({ trialsAtOnce: 5 })]));
    expect(plan.issues.map((i) => i.message)).toContain('Trials at once must be a whole number from 1 to 4.');
  });

  it('pauses after the trial in training, resumes, and cancels what is left', async () => {
    const started = value<SweepSummary>(await services.dispatch('startSweep', [spec({ name: 'paused', seeds: 1 })]));
    value(await services.dispatch('pauseSweep', [started.id]));
    const paused = await services.sweeps.whenDone(started.id, true);
    expect(paused.status).toBe('paused');
    let detail = value<SweepDetail>(await services.dispatch('getSweep', [started.id]));
    expect(detail.counts).toEqual({ completed: 1, pending: 3 });
    expect(await services.dispatch('pauseSweep', [started.id])).toMatchObject({ ok: false, error: { code: 'conflict' } });

    value(await services.dispatch('resumeSweep', [started.id]));
    value(await services.dispatch('cancelSweep', [started.id]));
    await services.queue.whenIdle();
    detail = value<SweepDetail>(await services.dispatch('getSweep', [started.id]));
    expect(detail.status).toBe('cancelled');
    expect(detail.counts.pending).toBe(2);
    expect(detail.counts.cancelled).toBe(1);
    expect(await services.dispatch('resumeSweep', [started.id])).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('successive halving prunes the trials that trail at a rung, and keeps the best', async () => {
    const halving = spec({
      name: 'halving',
      hyperparameters: smallHyperparameters({ epochs: 3, trainLimit: 400, testLimit: 100, batchSize: 50 }),
      // A learning rate far too small trails at the first rung; the others learn.
      parameters: [{ key: 'lr', values: [0.02, 0.00001, 0.01, 0.000003] }],
      seeds: 1,
      strategy: { kind: 'halving', minEpochs: 1, reduction: 2 },
    });
    const started = value<SweepSummary>(await services.dispatch('startSweep', [halving]));
    await services.sweeps.whenDone(started.id);
    await services.queue.whenIdle();
    const detail = value<SweepDetail>(await services.dispatch('getSweep', [started.id]));
    const byLr = new Map(detail.trials.map((t) => [t.values.learningRate, t]));
    expect(byLr.get(0.00001)?.status).toBe('pruned');
    expect(byLr.get(0.000003)?.status).toBe('pruned');
    expect(byLr.get(0.00001)?.prunedAtEpoch).toBe(1);
    expect(services.store.getRun(byLr.get(0.00001)!.runId!)?.epochsDone).toBe(1);
    expect(byLr.get(0.02)?.status).toBe('completed');
    // The best trial is one of the learning rates that learn, as a full grid would find.
    expect([byLr.get(0.02)?.runId, byLr.get(0.01)?.runId]).toContain(detail.best?.runId);
    expect(detail.counts.failed).toBeUndefined();
  });
});
