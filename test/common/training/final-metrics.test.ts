import { describe, expect, it } from 'vitest';
import { READING_VIEWS } from '../../../common/image/views';
import { finalMetricRows } from '../../../common/training/final-metrics';
import { makeRunSummary } from '../../renderer/fake-data';

describe('finalMetricRows', () => {
  const a = makeRunSummary({ id: 1, testAccuracy: 0.97, testLoss: 0.1, bestValAccuracy: 0.98, backend: 'wasm', device: 'CPU' });
  const b = makeRunSummary({ id: 2, testAccuracy: 0.99, testLoss: 0.3, bestValAccuracy: 0.96, backend: null });

  it('shows each run’s values and marks the better one', () => {
    const rows = Object.fromEntries(finalMetricRows([a, b]).map((r) => [r.metric, r]));
    expect(rows['Test accuracy'].values).toEqual(['97.00%', '99.00%']);
    expect(rows['Test accuracy'].best).toBe(1);
    expect(rows['Test loss'].best).toBe(0);
    expect(rows['Best val accuracy'].best).toBe(0);
    expect(rows['Backend'].values).toEqual(['wasm (CPU)', '—']);
  });

  it('puts the real-world accuracy right after the test figures, the higher one marked', () => {
    const rows = finalMetricRows([{ ...a, realWorldAccuracy: 0.9 }, { ...b, realWorldAccuracy: 0.95 }, { ...b, id: 5, realWorldAccuracy: null }]);
    const names = rows.map((r) => r.metric);
    expect(names.indexOf('Real-world accuracy')).toBe(names.indexOf('Test loss') + 1);
    const realWorld = rows.find((r) => r.metric === 'Real-world accuracy');
    expect(realWorld?.values).toEqual(['90.00%', '95.00%', '—']);
    expect(realWorld?.best).toBe(1);
  });

  it('says which real-world scores were read in one view, and marks no winner among scores read differently', () => {
    const oneView = { ...a, realWorldAccuracy: 0.9, realWorldViews: 1 };
    const sixViews = { ...b, realWorldAccuracy: 0.95, realWorldViews: READING_VIEWS.length };
    const mixed = finalMetricRows([oneView, sixViews]).find((r) => r.key === 'realWorldAccuracy');
    expect(mixed?.values).toEqual(['90.00% (1 view)', '95.00%']);
    expect(mixed?.best).toBeNull();
    const alike = finalMetricRows([{ ...oneView, realWorldViews: READING_VIEWS.length }, sixViews, { ...b, id: 6, realWorldAccuracy: null, realWorldViews: null }]).find((r) => r.key === 'realWorldAccuracy');
    expect(alike?.values).toEqual(['90.00%', '95.00%', '—']);
    expect(alike?.best).toBe(1);
  });

  it('marks nothing when values tie or are missing', () => {
    const c = makeRunSummary({ id: 3, testAccuracy: null, testLoss: null });
    const rows = Object.fromEntries(finalMetricRows([a, { ...a, id: 4 }, c]).map((r) => [r.metric, r]));
    expect(rows['Test accuracy'].best).toBeNull();
    expect(rows['Test accuracy'].values[2]).toBe('—');
  });
});
