import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import MetricChart from '../../../../renderer/src/components/charts/MetricChart.svelte';

// jsdom has no canvas: the chart shows its text stand-in, which is what these tests read.
describe('MetricChart', () => {
  it('names what it plots and lists every series with its point count', () => {
    render(MetricChart, {
      series: [
        { label: 'run a', x: [1, 2, 3], y: [0.5, 0.4, 0.3] },
        { label: 'run b', x: new Float64Array([1, 2]), y: new Float64Array([0.6, 0.5]), dashed: true },
      ],
      xLabel: 'Epoch',
      yLabel: 'Loss',
    });
    expect(screen.getByRole('figure', { name: 'Loss by Epoch, 2 series' })).toBeInTheDocument();
    expect(screen.getByText('run a: 3 points')).toBeInTheDocument();
    expect(screen.getByText('run b: 2 points')).toBeInTheDocument();
    expect(screen.queryByText('No data to plot yet.')).not.toBeInTheDocument();
  });

  it('says so when there is nothing to plot', () => {
    render(MetricChart, { series: [], xLabel: 'Step', yLabel: 'Accuracy' });
    expect(screen.getByText('No data to plot yet.')).toBeInTheDocument();
  });

  it('updates when the series change', async () => {
    const { rerender } = render(MetricChart, {
      series: [{ label: 'one', x: [1], y: [1] }],
      xLabel: 'Epoch',
      yLabel: 'Loss',
    });
    await rerender({ series: [{ label: 'two', x: [1, 2], y: [1, 2] }], xLabel: 'Epoch', yLabel: 'Loss' });
    expect(screen.getByText('two: 2 points')).toBeInTheDocument();
    expect(screen.queryByText('one: 1 points')).not.toBeInTheDocument();
  });
});
