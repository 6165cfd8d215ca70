import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochRows } from '../../../common/training/epochs';
import { countPoints, findSeries, pointsFromSeries, seriesFromPoints } from '../../../common/training/metric-series';
import { METRIC_KINDS, type MetricKind, type MetricName, type MetricPoint, type MetricSplit } from '../../../common/training/run';

const at = (name: MetricName, split: MetricSplit, step: number, epoch: number, value: number, kind: MetricKind = 'batch'): MetricPoint => ({
  name,
  split,
  kind,
  step,
  epoch,
  value,
  time: 1000 + step,
});

describe('seriesFromPoints and pointsFromSeries', () => {
  it('groups by name, split and kind, each in step order with repeated steps in the given order', () => {
    const series = seriesFromPoints([
      at('loss', 'val', 5, 1, 1, 'epoch'),
      at('loss', 'train', 5, 1, 2),
      at('accuracy', 'train', 1, 1, 3),
      at('loss', 'train', 5, 1, 4, 'epoch'),
      at('loss', 'train', 2, 1, 5),
      at('loss', 'train', 5, 1, 6),
    ]);
    expect(series.map((s) => `${s.name}/${s.split}/${s.kind}`)).toEqual(['accuracy/train/batch', 'loss/train/batch', 'loss/train/epoch', 'loss/val/epoch']);
    const train = findSeries(series, 'loss', 'train', 'batch');
    expect(Array.from(train?.step ?? [])).toEqual([2, 5, 5]);
    expect(Array.from(train?.value ?? [])).toEqual([5, 2, 6]);
    expect(Array.from(findSeries(series, 'loss', 'train', 'epoch')?.value ?? [])).toEqual([4]);
    expect(findSeries(series, 'lr', 'train', 'batch')).toBeUndefined();
    expect(countPoints(series)).toBe(6);
  });

  it('keeps NaN and infinities', () => {
    const series = seriesFromPoints([at('loss', 'train', 1, 1, NaN), at('loss', 'train', 2, 1, -Infinity)]);
    expect(Array.from(series[0].value)).toEqual([NaN, -Infinity]);
  });

  it('gives back the points in the store order: step, then name, split and kind, then recording order', () => {
    const point = fc.record({
      name: fc.constantFrom<MetricName>('loss', 'accuracy', 'lr'),
      split: fc.constantFrom<MetricSplit>('train', 'val', 'test'),
      kind: fc.constantFrom<MetricKind>(...METRIC_KINDS),
      step: fc.nat(20),
      epoch: fc.nat(5),
      value: fc.double(),
      time: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 60 }), (points) => {
        const key = (p: MetricPoint) => `${p.name}\u0000${p.split}\u0000${p.kind}`;
        const expected = points
          .map((p, i) => ({ p, i }))
          .sort((a, b) => a.p.step - b.p.step || (key(a.p) < key(b.p) ? -1 : key(a.p) > key(b.p) ? 1 : a.i - b.i))
          .map(({ p }) => p);
        expect(pointsFromSeries(seriesFromPoints(points))).toEqual(expected);
      }),
    );
  });
});

describe('epochRows', () => {
  it("takes each epoch's own points, never a batch point, skipping lr and test", () => {
    const rows = epochRows(
      seriesFromPoints([
        at('loss', 'train', 1, 1, 2.0),
        at('loss', 'train', 2, 1, 1.9),
        // The epoch's mean, at the step of its last batch.
        at('loss', 'train', 2, 1, 1.5, 'epoch'),
        at('accuracy', 'train', 2, 1, 0.6, 'epoch'),
        at('loss', 'val', 2, 1, 1.4, 'epoch'),
        at('accuracy', 'val', 2, 1, 0.62, 'epoch'),
        at('lr', 'train', 2, 1, 0.001, 'epoch'),
        // Epoch 2 is still training: its batches are no epoch's figures.
        at('loss', 'train', 3, 2, 0.9),
        at('loss', 'test', 3, 2, 0.1, 'epoch'),
      ]),
    );
    expect(rows).toEqual([{ epoch: 1, trainLoss: 1.5, trainAccuracy: 0.6, valLoss: 1.4, valAccuracy: 0.62 }]);
  });

  it('has no rows without points', () => {
    expect(epochRows([])).toEqual([]);
  });
});
