import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import Evaluate from '../../../renderer/src/screens/Evaluate.svelte';
import { createFakeApi, makeRunDetail, type FakeApi } from '../fake-api';

const confusion = Array.from({ length: 10 }, (_, r) => Array.from({ length: 10 }, (_, c) => (r === c ? 95 : r === 4 && c === 9 ? 12 : 0)));

describe('Evaluate screen', () => {
  let api: FakeApi;

  beforeEach(() => {
    api = createFakeApi({
      runs: [
        makeRunDetail({
          id: 7,
          name: 'wide cnn',
          testAccuracy: 0.9876,
          confusion,
          perClass: Array.from({ length: 10 }, (_, d) => ({ precision: 0.9 + d / 100, recall: d === 4 ? 0.5 : 0.95, support: 100 + d })),
        }),
      ],
    });
    window.api = api;
  });

  afterEach(() => {
    Reflect.deleteProperty(window, 'api');
  });

  it('shows the confusion matrix and the per-class table of the run', async () => {
    render(Evaluate, { runId: 7 });
    expect(await screen.findByRole('button', { name: 'True 4, predicted as 9: 12 images' })).toHaveTextContent('12');
    expect(screen.getByText('98.76%')).toBeInTheDocument();
    const perClass = screen.getByRole('table', { name: 'Precision, recall and support for each class' });
    expect(perClass).toHaveTextContent('104');
    expect(within(perClass).getByRole('row', { name: /^4 / })).toHaveTextContent('50.0% (lowest recall)');
    expect(perClass).toHaveTextContent('(lowest recall)');
    // Only what the screen shows crosses over: the results, not every metric point.
    expect(api.calls.map((c) => c.name)).toContain('getRunResults');
    expect(api.calls.map((c) => c.name)).not.toContain('getRun');
  });

  it('asks for the test images of a clicked cell and shows them', async () => {
    render(Evaluate, { runId: 7 });
    await fireEvent.click(await screen.findByRole('button', { name: 'True 4, predicted as 9: 12 images' }));
    const call = api.calls.find((c) => c.name === 'misclassified');
    expect(call?.args[0]).toMatchObject({ runId: 7, trueLabel: 4, predictedLabel: 9 });
    expect(await screen.findByRole('heading', { name: 'Test images of 4 predicted as 9' })).toBeInTheDocument();
    const images = await screen.findAllByRole('img', { name: /^Test image \d+: a 4, predicted 9$/ });
    expect(images.length).toBeGreaterThan(0);
    for (const img of images) expect(img.getAttribute('src')).toMatch(/^data:image\/bmp;base64,/);
    expect(screen.getByText(`Showing ${images.length} of 12.`)).toBeInTheDocument();
  });

  it('shows the error when the images cannot be loaded', async () => {
    window.api = createFakeApi({
      runs: [makeRunDetail({ id: 7, confusion })],
      misclassified: async () => ({ ok: false, error: { code: 'unavailable', message: 'The MNIST test set is missing.' } }),
    });
    render(Evaluate, { runId: 7 });
    await fireEvent.click(await screen.findByRole('button', { name: 'True 4, predicted as 9: 12 images' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('The MNIST test set is missing.');
  });

  it('explains a missing run', async () => {
    render(Evaluate, { runId: 99 });
    expect(await screen.findByText('There is no run 99.')).toBeInTheDocument();
  });

  it('asks for a run when none is given', () => {
    render(Evaluate, { runId: null });
    expect(screen.getByText(/Choose a completed run to see/)).toBeInTheDocument();
  });
});
