import { afterEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import type { ImageInput, PredictionResult, PredictRequest } from '../../../common/ipc/contract';
import TestModel from '../../../renderer/src/screens/TestModel.svelte';
import { UNSURE_BELOW } from '../../../common/image/reading';
import { READING_VIEWS } from '../../../common/image/views';
import { createFakeApi, makeRunDetail, type FakeApi } from '../fake-api';
import { fakeReadingSteps, fakeViewReadings } from '../fake-data';

const model = { kind: 'final' as const, path: 'runs/3/final', sha256: 'x', bytes: 1, epoch: 3 };

/** A predict that fails for files whose bytes are not an image, as the main side does. */
function predictLikeMain(req: PredictRequest): PredictionResult[] {
  return req.images.map((image: ImageInput, i) => {
    if ('bytes' in image && image.bytes[0] !== 0x89) {
      return { file: image.name, ok: false, error: `${image.name} is not an image this app can read.` };
    }
    // Read with the ink flipped, the fake model sees another digit; "faint" files get a hesitant answer.
    const polarity = image.polarity ?? 'dark-on-light';
    const label = polarity === 'light-on-dark' ? 8 : (i + 3) % 10;
    const top = image.name.startsWith('faint') ? UNSURE_BELOW - 0.2 : 0.82;
    const probabilities = Array.from({ length: 10 }, (_, d) => (d === label ? top : d === 7 ? (1 - top) * 0.6 : ((1 - top) * 0.4) / 8));
    return { file: image.name, ok: true, label, probabilities, views: fakeViewReadings(label, Array.from({ length: 784 }, (_, p) => (p % 28) / 27)), polarity, steps: fakeReadingSteps() };
  });
}

function setup(): FakeApi {
  const api = createFakeApi({
    runs: [makeRunDetail({ id: 3, name: 'lenet', models: [model] })],
    predict: async (req) => ({ ok: true, value: predictLikeMain(req) }),
  });
  window.api = api;
  return api;
}

const png = (name: string) => new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], name, { type: 'image/png' });

async function dropFiles(files: File[]): Promise<void> {
  const zone = screen.getByRole('region', { name: 'Drop images here' });
  await fireEvent.drop(zone, { dataTransfer: { files, types: ['Files'] } });
}

describe('Test screen', () => {
  afterEach(() => {
    Reflect.deleteProperty(window, 'api');
  });

  it('shows a result card per dropped file, including an error card for a non-image', async () => {
    const api = setup();
    render(TestModel, { runId: 3 });
    await screen.findByRole('button', { name: 'Choose images…' });
    await expect.poll(() => screen.getByRole('button', { name: 'Choose images…' }).hasAttribute('disabled')).toBe(false);

    await dropFiles([png('one.png'), new File(['hello'], 'notes.txt', { type: 'text/plain' }), png('two.png')]);

    const one = await screen.findByRole('article', { name: 'Result for one.png' });
    await within(one).findByLabelText('Predicted digit 3');
    expect(within(one).getByRole('img', { name: 'What the model received, 28×28' }).getAttribute('src')).toMatch(/^data:image\/bmp/);
    expect(within(one).getByRole('list', { name: 'Probability of each digit' }).children).toHaveLength(10);
    expect(within(one).getByRole('img', { name: 'Original: one.png' }).getAttribute('src')).toMatch(/^blob:/);

    const bad = screen.getByRole('article', { name: 'Result for notes.txt' });
    expect(await within(bad).findByRole('alert')).toHaveTextContent('notes.txt is not an image this app can read.');

    const two = screen.getByRole('article', { name: 'Result for two.png' });
    expect(await within(two).findByLabelText('Predicted digit 5')).toBeInTheDocument();

    const request = api.calls.find((c) => c.name === 'predict')?.args[0] as PredictRequest;
    expect(request.runId).toBe(3);
    expect(request.model).toBe('final');
    expect(request.images.map((i) => i.name)).toEqual(['one.png', 'notes.txt', 'two.png']);
    expect('bytes' in request.images[0] && Array.from(request.images[0].bytes.slice(0, 4))).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('asks the main side to load the model it shows, before any image is dropped', async () => {
    const api = setup();
    render(TestModel, { runId: 3 });
    await expect.poll(() => api.calls.filter((c) => c.name === 'prepareModel').map((c) => c.args[0])).toEqual([{ runId: 3, model: 'final' }]);
    expect(api.calls.some((c) => c.name === 'predict')).toBe(false);
  });

  it('turns a failed call into an error on each card of that batch', async () => {
    window.api = createFakeApi({
      runs: [makeRunDetail({ id: 3, models: [model] })],
      predict: async () => ({ ok: false, error: { code: 'not-found', message: 'The model files of run 3 are missing.' } }),
    });
    render(TestModel, { runId: 3 });
    await expect.poll(() => screen.getByRole('button', { name: 'Choose images…' }).hasAttribute('disabled')).toBe(false);
    await dropFiles([png('a.png'), png('b.png')]);
    const alerts = await screen.findAllByRole('alert');
    expect(alerts.map((a) => a.textContent)).toEqual([
      'The model files of run 3 are missing.',
      'The model files of run 3 are missing.',
    ]);
  });

  it('keeps the drop zone disabled without a run, and says the run has no model', async () => {
    window.api = createFakeApi({ runs: [makeRunDetail({ id: 4, name: 'no files', models: [] })] });
    render(TestModel, { runId: 4 });
    expect(await screen.findByText('#4 no files has no saved model to test.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Choose images…' })).toBeDisabled();
  });

  it('clears the results', async () => {
    setup();
    render(TestModel, { runId: 3 });
    await expect.poll(() => screen.getByRole('button', { name: 'Choose images…' }).hasAttribute('disabled')).toBe(false);
    await dropFiles([png('one.png')]);
    await screen.findByRole('article', { name: 'Result for one.png' });
    await fireEvent.click(screen.getByRole('button', { name: 'Clear results' }));
    expect(screen.queryByRole('article', { name: 'Result for one.png' })).not.toBeInTheDocument();
  });

  it('shows each view the model read the image in, and marks the one that read another digit', async () => {
    setup();
    render(TestModel, { runId: 3 });
    await expect.poll(() => screen.getByRole('button', { name: 'Choose images…' }).hasAttribute('disabled')).toBe(false);
    await dropFiles([png('photo.png')]);
    const card = await screen.findByRole('article', { name: 'Result for photo.png' });
    await within(card).findByLabelText('Predicted digit 3');
    const views = within(card).getByRole('figure', { name: 'What each view read' });
    expect(within(views).getAllByRole('img').map((img) => img.getAttribute('alt'))).toEqual(READING_VIEWS.map((name) => `View ${name}`));
    // The fake reads every view as the answer but the last.
    expect(views).toHaveTextContent(`${READING_VIEWS.length - 1} of ${READING_VIEWS.length} views read 3`);
    const last = READING_VIEWS[READING_VIEWS.length - 1];
    expect(within(views).getByLabelText(`${last} reads 4`).closest('li')).toHaveClass('other');
    expect(within(views).getByLabelText(`${READING_VIEWS[0]} reads 3`).closest('li')).not.toHaveClass('other');
  });

  it('shows the steps an image went through, and reads it again with the ink flipped', async () => {
    const api = setup();
    render(TestModel, { runId: 3 });
    await expect.poll(() => screen.getByRole('button', { name: 'Choose images…' }).hasAttribute('disabled')).toBe(false);
    await dropFiles([png('photo.png')]);
    const card = await screen.findByRole('article', { name: 'Result for photo.png' });
    await within(card).findByLabelText('Predicted digit 3');
    const steps = within(card).getByRole('figure', { name: 'How the image was read' });
    const names = within(steps).getAllByRole('img').map((img) => img.getAttribute('alt'));
    expect(names).toEqual(['Ink found', 'Cropped', 'Normalised', 'Centred 28×28']);
    for (const img of within(steps).getAllByRole('img')) expect(img.getAttribute('src')).toMatch(/^data:image\/bmp/);
    expect(within(card).getByText('Read as dark ink on light paper.')).toBeInTheDocument();

    await fireEvent.click(within(card).getByRole('button', { name: 'Flip ink' }));
    await within(card).findByLabelText('Predicted digit 8');
    expect(within(card).getByText('Read as light ink on a dark background.')).toBeInTheDocument();
    const requests = api.calls.filter((c) => c.name === 'predict').map((c) => c.args[0] as PredictRequest);
    expect(requests).toHaveLength(2);
    expect(requests[1].images).toHaveLength(1);
    expect(requests[1].images[0].polarity).toBe('light-on-dark');
    expect(requests[1].images[0].name).toBe('photo.png');

    // And back again.
    await fireEvent.click(within(card).getByRole('button', { name: 'Flip ink' }));
    await within(card).findByLabelText('Predicted digit 3');
    expect((api.calls.filter((c) => c.name === 'predict').at(-1)?.args[0] as PredictRequest).images[0].polarity).toBe('dark-on-light');
  });

  it('marks a hesitant answer as unsure and names the runner-up', async () => {
    setup();
    render(TestModel, { runId: 3 });
    await expect.poll(() => screen.getByRole('button', { name: 'Choose images…' }).hasAttribute('disabled')).toBe(false);
    await dropFiles([png('faint.png'), png('clear.png')]);
    const faint = await screen.findByRole('article', { name: 'Result for faint.png' });
    await within(faint).findByLabelText('Predicted digit 3');
    const runnerUp = (1 - (UNSURE_BELOW - 0.2)) * 0.6;
    expect(within(faint).getByRole('status')).toHaveTextContent(`Unsure: or 7 (${(runnerUp * 100).toFixed(1)}%)`);
    const clear = screen.getByRole('article', { name: 'Result for clear.png' });
    await within(clear).findByLabelText('Predicted digit 4');
    expect(within(clear).queryByText(/Unsure/)).not.toBeInTheDocument();
  });
});
