import { describe, expect, it } from 'vitest';
import { compactCount } from '../../../../common/format/numbers';
import { analyzeArchitecture } from '../../../../common/layers/analyze';
import { tradeOffModel } from '../../../../renderer/src/lib/sweeps/tradeoff-model';
import { makeSweepDetail } from '../../fake-sweep';

describe('trade-off model', () => {
  // Wider first layers cost more; accuracies chosen so that 8 filters at lr 0.001 (0.97) beats
  // 16 filters at lr 0.01 (0.96) while 16 filters at 0.001 (0.98) is the best.
  const sweep = makeSweepDetail(
    {
      parameters: [
        { key: 'layer1.filters', values: [8, 16, 32] },
        { key: 'learningRate', values: [0.001, 0.01] },
      ],
    },
    [{ accuracy: 0.97 }, { accuracy: 0.9 }, { accuracy: 0.98 }, { accuracy: 0.96 }, { accuracy: 0.95 }, { status: 'failed', accuracy: null }],
  );

  it('marks the trials nothing else beats on both cost and accuracy', () => {
    const model = tradeOffModel(sweep, 'bestValAccuracy', 'params');
    expect(model.dots).toHaveLength(5);
    expect(model.leftOut).toBe(1);
    const front = model.dots.filter((d) => d.onFront).map((d) => d.value);
    // Independently: a dot is on the front when no other dot is no costlier and more accurate.
    const expected = model.dots
      .filter((d) => !model.dots.some((o) => o !== d && o.cost <= d.cost && o.value > d.value))
      .map((d) => d.value);
    expect(front.sort()).toEqual(expected.sort());
    expect(front.sort()).toEqual([0.97, 0.98]);
    // The staircase: the cheaper point, across at its accuracy, then up to the next.
    const [a, b] = model.dots.filter((d) => d.onFront).sort((p, q) => p.cost - q.cost);
    expect(model.frontPath).toEqual([
      { x: a.x, y: a.y },
      { x: b.x, y: a.y },
      { x: b.x, y: b.y },
    ]);
  });

  it('uses each run\'s parameters or multiply-adds, on a log axis', () => {
    const params = tradeOffModel(sweep, 'bestValAccuracy', 'params');
    for (const dot of params.dots) expect(dot.cost).toBe(sweep.runs.find((r) => r.id === dot.runId)?.params);
    const macs = tradeOffModel(sweep, 'bestValAccuracy', 'macs');
    for (const dot of macs.dots) {
      const run = sweep.runs.find((r) => r.id === dot.runId)!;
      expect(dot.cost).toBe(analyzeArchitecture(run.layers).totalMacs);
    }
    const costs = macs.dots.map((d) => d.cost);
    const [lo, hi] = [Math.min(...costs), Math.max(...costs)];
    for (const dot of macs.dots) expect(dot.x).toBeCloseTo(Math.log(dot.cost / lo) / Math.log(hi / lo));
    expect(macs.xLabel).toBe('Multiply-adds per image (log scale)');
  });

  it('describes each point with its trial, result, cost and settings', () => {
    const dot = tradeOffModel(sweep, 'bestValAccuracy', 'params').dots[0];
    expect(dot.shortLabel).toBe(`Run #${dot.runId}: 97.00%, ${compactCount(dot.cost)}`);
    expect(dot.description).toMatch(new RegExp(`^Trial 1: 97\\.00% best validation accuracy, .* parameters; Layer 1 filters 8, Learning rate 0\\.001$`));
  });
});
