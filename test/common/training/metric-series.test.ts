import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochRows } from '../../../common/training/epochs';
import { countPoints, findSeries, pointsFromSeries, seriesFromPoints } from '../../../common/training/metric-series';
import type { MetricName, MetricPoint, MetricSplit } from '../../../common/training/run';

const at = (name: MetricName, split: MetricSplit, step: number, epoch: number, value: number): MetricPoint => ({ name, split, step, epoch, value, time: 1000 + step });

describe('seriesFromPoints and pointsFromSeries', () => {
  it('groups by name and split, each in step order with repeated steps in the given order', () => {
    const series = seriesFromPoints([at('loss', 'val', 5, 1, 1), at('loss', 'train', 5, 1, 2), at('accuracy', 'train', 1, 1, 3), at('loss', 'train', 5, 1, 4), at('loss', 'train', 2, 1, 5)]);
    expect(series.map((s) => `${s.name}/${s.split}`)).toEqual(['accuracy/train', 'loss/train', 'loss/val']);
    const train = findSeries(series, 'loss', 'train');
    expect(Array.from(train?.step ?? [])).toEqual([2, 5, 5]);
    expect(Array.from(train?.value ?? [])).toEqual([5, 2, 4]);
    expect(findSeries(series, 'lr', 'train')).toBeUndefined();
    expect(countPoints(series)).toBe(5);
  });

  it('keeps NaN and infinities', () => {
    const series = seriesFromPoints([at('loss', 'train', 1, 1, NaN), at('loss', 'train', 2, 1, -Infinity)]);
    expect(Array.from(series[0].value)).toEqual([NaN, -Infinity]);
  });

  it('gives back the points in the store order: step, then name and split, then recording order', () => {
    const point = fc.record({
      name: fc.constantFrom<MetricName>('loss', 'accuracy', 'lr'),
      split: fc.constantFrom<MetricSplit>('train', 'val', 'test'),
      step: fc.nat(20),
      epoch: fc.nat(5),
      value: fc.double(),
      time: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(point, { maxLength: 60 }), (points) => {
        const key = (p: MetricPoint) => `${p.name}\u0000${p.split}`;
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
  it('takes the last training point of each epoch and the validation point, skipping lr and test', () => {
    const rows = epochRows(
      seriesFromPoints([
        at('loss', 'train', 1, 1, 2.0),
        at('loss', 'train', 2, 1, 1.5),
        at('accuracy', 'train', 2, 1, 0.6),
        at('loss', 'val', 2, 1, 1.4),
        at('accuracy', 'val', 2, 1, 0.62),
        at('lr', 'train', 2, 1, 0.001),
        at('loss', 'train', 3, 2, 0.9),
        at('loss', 'test', 3, 2, 0.1),
      ]),
    );
    expect(rows).toEqual([
      { epoch: 1, trainLoss: 1.5, trainAccuracy: 0.6, valLoss: 1.4, valAccuracy: 0.62 },
      // An epoch cut short keeps what it has.
      { epoch: 2, trainLoss: 0.9, trainAccuracy: null, valLoss: null, valAccuracy: null },
    ]);
  });

  it('has no rows without points', () => {
    expect(epochRows([])).toEqual([]);
  });
});
