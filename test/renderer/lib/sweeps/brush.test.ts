import { describe, expect, it } from 'vitest';
import { brushRange, brushSummary, isSelected, KEY_STEP, keyBrush, selectedTrials, toViewCoordinate, withBrush } from '../../../../renderer/src/lib/sweeps/brush';
import type { ParallelAxis, ParallelLine } from '../../../../renderer/src/lib/sweeps/parallel-model';

const axes: ParallelAxis[] = [
  { key: 'learningRate', label: 'Learning rate', kind: 'log', ticks: [] },
  { key: '#metric', label: 'test accuracy', kind: 'linear', ticks: [] },
];

const line = (trialIndex: number, positions: (number | null)[]): ParallelLine => ({
  trialIndex,
  runId: trialIndex + 1,
  status: 'completed',
  positions,
  metricValue: positions[1],
  description: '',
});

const lines = [line(0, [0, 0.2]), line(1, [0.5, 0.9]), line(2, [1, 1]), line(3, [0.5, null])];

describe('brushing the parallel coordinates', () => {
  it('orders and clamps a drag, and treats a click as clearing', () => {
    expect(brushRange(0.8, 0.3)).toEqual([0.3, 0.8]);
    expect(brushRange(-0.5, 1.4)).toEqual([0, 1]);
    expect(brushRange(0.5, 0.505)).toBeNull();
  });

  it('selects everything until an axis is brushed', () => {
    expect(selectedTrials(lines, axes, {})).toEqual(new Set([0, 1, 2, 3]));
  });

  it('combines the brushes of several axes', () => {
    let brushes = withBrush({}, 'learningRate', [0.4, 1]);
    expect(selectedTrials(lines, axes, brushes)).toEqual(new Set([1, 2, 3]));
    brushes = withBrush(brushes, '#metric', [0.8, 0.95]);
    expect(selectedTrials(lines, axes, brushes)).toEqual(new Set([1]));
    // A trial without a result is outside any brush on the metric.
    expect(isSelected(lines[3], axes, brushes)).toBe(false);
    brushes = withBrush(brushes, '#metric', null);
    expect(Object.keys(brushes)).toEqual(['learningRate']);
  });

  it('sums the selection up in words', () => {
    expect(brushSummary(4, 4, axes, {})).toMatch(/^All 4 trials shown/);
    expect(brushSummary(1, 4, axes, { learningRate: [0, 1] })).toBe('1 of 4 trials selected by Learning rate.');
    expect(brushSummary(1, 4, axes, { learningRate: [0, 1], '#metric': [0, 1] })).toBe('1 of 4 trials selected by Learning rate and test accuracy.');
  });

  it('turns pointer coordinates into the chart units', () => {
    // A 320-unit tall chart drawn 160 pixels tall, 100 pixels down the page.
    expect(toViewCoordinate(180, 100, 160, 320)).toBe(160);
    expect(toViewCoordinate(42, 0, 0, 320)).toBe(42);
  });

  it('brushes from the keyboard: arrows start and move a range, Shift resizes it, Escape clears it', () => {
    expect(keyBrush(null, 'ArrowUp', false)).toEqual([0.75, 1]);
    expect(keyBrush(null, 'ArrowDown', false)).toEqual([0, 0.25]);
    const moved = keyBrush([0.75, 1], 'ArrowDown', false)!;
    expect(moved[0]).toBeCloseTo(0.75 - KEY_STEP);
    expect(moved[1]).toBeCloseTo(1 - KEY_STEP);
    // Kept within the axis, its size unchanged.
    expect(keyBrush([0.75, 1], 'ArrowUp', false)).toEqual([0.75, 1]);
    expect(keyBrush([0.02, 0.27], 'ArrowDown', false)).toEqual([0, 0.25]);
    const taller = keyBrush([0.5, 0.6], 'ArrowUp', true)!;
    expect(taller[0]).toBe(0.5);
    expect(taller[1]).toBeCloseTo(0.6 + KEY_STEP);
    // Never smaller than one step.
    expect(keyBrush([0.5, 0.55], 'ArrowDown', true)).toEqual([0.5, 0.5 + KEY_STEP]);
    expect(keyBrush([0.5, 0.6], 'Escape', false)).toBeNull();
    expect(keyBrush([0.5, 0.6], 'Tab', false)).toBeUndefined();
  });
});
