import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import SweepCharts from '../../../../renderer/src/components/sweeps/SweepCharts.svelte';
import { makeSweepDetail } from '../../fake-sweep';

// Trials in grid order: lr 0.001 with 8 and 16 filters, then lr 0.01 with 8 and 16 filters.
function sweepOfFour() {
  return makeSweepDetail(
    {
      parameters: [
        { key: 'lr', values: [0.001, 0.01] },
        { key: 'layer1.filters', values: [8, 16] },
      ],
    },
    [{ accuracy: 0.96 }, { accuracy: 0.98 }, { accuracy: 0.91 }, { status: 'failed', accuracy: null }],
  );
}

/** The chart's box as a browser would lay it out: 760 x 320 units drawn at their own size. */
function layOut(svg: SVGSVGElement): void {
  svg.getBoundingClientRect = () => ({ top: 0, left: 0, width: 760, height: 320, right: 760, bottom: 320, x: 0, y: 0, toJSON: () => ({}) });
}

describe('SweepCharts', () => {
  it('draws an axis for each varied setting and the metric, and a line per trial', () => {
    const sweep = sweepOfFour();
    const { container } = render(SweepCharts, { sweep, metric: 'bestValAccuracy', onopenrun: vi.fn() });
    const parallel = screen.getByRole('group', { name: /Parallel coordinates/ });
    const axes = [...parallel.querySelectorAll('[data-axis]')].map((a) => a.querySelector('.axis-label')?.textContent);
    expect(axes).toEqual(['Learning rate', 'Layer 1 filters', 'Best validation accuracy']);
    expect(container.querySelectorAll('path[data-trial]')).toHaveLength(4);
    expect(screen.getByRole('status')).toHaveTextContent('All 4 trials shown');
    expect(screen.getByText(/1 trial has no result yet/)).toBeInTheDocument();
  });

  it('selects trials by dragging along an axis, and clears the selection', async () => {
    const sweep = sweepOfFour();
    const { container } = render(SweepCharts, { sweep, metric: 'bestValAccuracy', onopenrun: vi.fn() });
    layOut(screen.getByRole('group', { name: /Parallel coordinates/ }) as unknown as SVGSVGElement);
    // The metric axis spans y 40 (best, 98%) to 304 (worst, 91%): drag over its upper half.
    const strip = container.querySelector('[data-brush-axis="#metric"]') as Element;
    await fireEvent.pointerDown(strip, { clientY: 30, pointerId: 1 });
    await fireEvent.pointerMove(strip, { clientY: 100, pointerId: 1 });
    await fireEvent.pointerUp(strip, { clientY: 172, pointerId: 1 });
    expect(screen.getByRole('status')).toHaveTextContent('2 of 4 trials selected by Best validation accuracy.');
    const dimmed = [...container.querySelectorAll('path.dimmed')].map((p) => Number(p.getAttribute('data-trial')));
    expect(dimmed.sort()).toEqual([2, 3]);
    // The trade-off chart dims the same trials.
    const scatter = screen.getByRole('group', { name: /against Parameters/ });
    expect(scatter.querySelectorAll('circle.dimmed')).toHaveLength(1);

    // A second axis narrows the selection further: 16 filters is the top of its axis.
    const filters = container.querySelector('[data-brush-axis="layer1.filters"]') as Element;
    await fireEvent.pointerDown(filters, { clientY: 20, pointerId: 2 });
    await fireEvent.pointerUp(filters, { clientY: 60, pointerId: 2 });
    expect(screen.getByRole('status')).toHaveTextContent('1 of 4 trials selected by Layer 1 filters and Best validation accuracy.');

    await fireEvent.click(screen.getByRole('button', { name: 'Clear selection' }));
    expect(screen.getByRole('status')).toHaveTextContent('All 4 trials shown');
    expect(container.querySelectorAll('path.dimmed')).toHaveLength(0);
  });

  it('selects trials from the keyboard on a focused axis', async () => {
    const { container } = render(SweepCharts, { sweep: sweepOfFour(), metric: 'bestValAccuracy', onopenrun: vi.fn() });
    const metricAxis = screen.getByRole('button', { name: /^Select a range of Best validation accuracy/ });
    // The top quarter of the metric axis (91% to 98%) holds only the best trial, 98%.
    await fireEvent.keyDown(metricAxis, { key: 'ArrowUp' });
    expect(screen.getByRole('status')).toHaveTextContent('1 of 4 trials selected by Best validation accuracy.');
    expect(container.querySelectorAll('path.dimmed')).toHaveLength(3);
    await fireEvent.keyDown(metricAxis, { key: 'Escape' });
    expect(screen.getByRole('status')).toHaveTextContent('All 4 trials shown');
  });

  it('opens a trial\'s run from its line or its point, by click or keyboard', async () => {
    const sweep = sweepOfFour();
    const onopenrun = vi.fn();
    render(SweepCharts, { sweep, metric: 'bestValAccuracy', onopenrun });
    const best = sweep.trials[1];
    const parallel = screen.getByRole('group', { name: /Parallel coordinates/ });
    const lineOfBest = within(parallel).getByRole('button', { name: new RegExp(`^Open run #${best.runId}\\. Trial 2, seed`) });
    await fireEvent.click(lineOfBest);
    expect(onopenrun).toHaveBeenLastCalledWith(best.runId);
    const scatter = screen.getByRole('group', { name: /against Parameters/ });
    const point = within(scatter).getByRole('button', { name: new RegExp(`^Open run #${sweep.trials[0].runId}\\.`) });
    await fireEvent.keyDown(point, { key: 'Enter' });
    expect(onopenrun).toHaveBeenLastCalledWith(sweep.trials[0].runId);
    expect(onopenrun).toHaveBeenCalledTimes(2);
  });

  it('marks the Pareto front and switches the cost to multiply-adds', async () => {
    render(SweepCharts, { sweep: sweepOfFour(), metric: 'bestValAccuracy', onopenrun: vi.fn() });
    const scatter = screen.getByRole('group', { name: /against Parameters/ });
    // 8 filters at 96% and 16 filters at 98% beat 8 filters at 91%.
    const onFront = within(scatter).getAllByRole('button', { name: /On the Pareto front/ });
    expect(onFront.map((b) => b.getAttribute('aria-label')?.match(/: ([\d.]+)%/)?.[1]).sort()).toEqual(['96.00', '98.00']);
    await fireEvent.change(screen.getByRole('combobox', { name: 'Cost' }), { target: { value: 'macs' } });
    expect(screen.getByRole('group', { name: /against Multiply-adds per image \(log scale\)/ })).toBeInTheDocument();
  });
});
