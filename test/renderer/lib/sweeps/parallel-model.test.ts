import { describe, expect, it } from 'vitest';
import { METRIC_AXIS, parallelModel } from '../../../../renderer/src/lib/sweeps/parallel-model';
import { makeSweepDetail } from '../../fake-sweep';

describe('parallel coordinates model', () => {
  const sweep = makeSweepDetail(
    {
      parameters: [
        { key: 'lr', min: 0.0001, max: 0.01, scale: 'log', steps: 3 },
        { key: 'optimizer', values: ['sgd', 'adam'] },
        { key: 'layer1.filters', values: [8, 16] },
      ],
    },
    [{ accuracy: 0.9 }, { accuracy: 0.95 }, { accuracy: 0.97 }, { status: 'pruned', accuracy: 0.5 }, { status: 'failed', accuracy: null }],
  );
  const model = parallelModel(sweep, 'testAccuracy');

  it('has an axis per varied setting, of the right kind, and the metric last', () => {
    expect(model.axes.map((a) => [a.key, a.label, a.kind])).toEqual([
      ['learningRate', 'Learning rate', 'log'],
      ['optimizer', 'Optimizer', 'category'],
      ['layer1.filters', 'Layer 1 filters', 'linear'],
      [METRIC_AXIS, 'Test accuracy', 'linear'],
    ]);
  });

  it('places every trial on every axis from its values and its run', () => {
    expect(model.lines).toHaveLength(sweep.trials.length);
    for (const [t, trial] of sweep.trials.entries()) {
      const line = model.lines[t];
      const lr = trial.values.learningRate as number;
      // log10 of 1e-4..1e-2 mapped onto 0..1.
      expect(line.positions[0]).toBeCloseTo((Math.log10(lr) + 4) / 2);
      expect(line.positions[1]).toBe(trial.values.optimizer === 'sgd' ? 0 : 1);
      expect(line.positions[2]).toBe(trial.values['layer1.filters'] === 8 ? 0 : 1);
    }
    // Test accuracy is one point below validation in the fixture: 0.49 .. 0.96.
    const values = [0.89, 0.94, 0.96, 0.49];
    values.forEach((v, i) => expect(model.lines[i].positions[3]).toBeCloseTo((v - 0.49) / (0.96 - 0.49)));
    expect(model.metricRange?.[0]).toBeCloseTo(0.49);
    expect(model.metricRange?.[1]).toBeCloseTo(0.96);
  });

  it('leaves trials without a result off the metric axis', () => {
    const failed = model.lines[4];
    expect(failed.metricValue).toBeNull();
    expect(failed.positions[3]).toBeNull();
    expect(failed.description).toMatch(/no test accuracy \(failed\)/);
    const pending = model.lines[5];
    expect(pending.runId).toBeNull();
    expect(pending.status).toBe('pending');
    expect(model.lines[3].description).toMatch(/49\.00% \(pruned\)/);
  });

  it('uses a log axis for a listed learning rate spanning decades', () => {
    const listed = makeSweepDetail({ parameters: [{ key: 'learningRate', values: [0.1, 0.01, 0.001] }] }, []);
    expect(parallelModel(listed, 'bestValAccuracy').axes[0].kind).toBe('log');
    const narrow = makeSweepDetail({ parameters: [{ key: 'batchSize', values: [64, 128] }] }, []);
    expect(parallelModel(narrow, 'bestValAccuracy').axes[0].kind).toBe('linear');
  });
});
