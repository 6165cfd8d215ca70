import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import Design from '../../../renderer/src/screens/Design.svelte';
import { DesignerState } from '../../../renderer/src/state/designer.svelte';
import { nav } from '../../../renderer/src/state/nav.svelte';
import { notices } from '../../../renderer/src/state/notices.svelte';
import { SMALL_LAYERS, type FakeApi } from '../fake-api';
import { installFakeApi, smallPreset } from '../screen-setup';

const SMALL_PRESET = smallPreset({ epochs: 1 });

let api: FakeApi;

beforeEach(() => {
  api = installFakeApi('design');
});

afterEach(() => notices.clear());

async function setValue(input: HTMLElement, value: string): Promise<void> {
  await fireEvent.input(input, { target: { value } });
}

function cards(): HTMLElement[] {
  return screen.getAllByTestId('layer-card');
}

function shapes(): string[] {
  return screen.getAllByTestId('layer-shape').map((el) => el.textContent ?? '');
}

function renderDesign(designer = new DesignerState(SMALL_PRESET)) {
  render(Design, { designer });
  return designer;
}

describe('Design screen', () => {
  it('shows every layer with its output shape and the totals', () => {
    renderDesign();
    expect(cards()).toHaveLength(4);
    // conv 8 3x3 valid on 28x28x1, 2x2 pooling, flatten, dense 10.
    expect(shapes()).toEqual(['26×26×8', '13×13×8', '1352', '10']);
    // conv: 3*3*1*8 + 8 = 80; dense: 1352*10 + 10 = 13530.
    expect(screen.getByTestId('total-params')).toHaveTextContent('13,610');
    expect(screen.getByRole('button', { name: 'Train' })).toBeEnabled();
  });

  it('adds a layer from the menu and updates the shapes', async () => {
    renderDesign();
    await fireEvent.click(screen.getByText('+ Add layer'));
    await fireEvent.click(screen.getByRole('button', { name: /Dropout/ }));
    expect(cards()).toHaveLength(5);
    expect(shapes()[4]).toBe('10');
    // The new dropout layer at the end breaks the "last layer is dense 10 softmax" rule.
    expect(within(cards()[4]).getByTestId('layer-issues')).toHaveTextContent(/Layer 5/);
    expect(screen.getByRole('button', { name: 'Train' })).toBeDisabled();
  });

  it('removes a layer and recomputes the following shapes', async () => {
    renderDesign();
    await fireEvent.click(screen.getByRole('button', { name: 'Remove layer 2' }));
    expect(cards()).toHaveLength(3);
    expect(shapes()).toEqual(['26×26×8', '5408', '10']);
  });

  it('duplicates a layer right after itself', async () => {
    renderDesign();
    await fireEvent.click(screen.getByRole('button', { name: 'Duplicate layer 1' }));
    expect(cards()).toHaveLength(5);
    expect(shapes().slice(0, 3)).toEqual(['26×26×8', '24×24×8', '12×12×8']);
  });

  it('reorders with the move buttons and with Alt+Arrow keys, keeping focus on the moved layer', async () => {
    const designer = renderDesign();
    await fireEvent.click(screen.getByRole('button', { name: 'Move layer 2 up' }));
    expect(designer.specs.map((layer) => layer.type)).toEqual(['maxPooling2d', 'conv2d', 'flatten', 'dense']);
    expect(shapes()).toEqual(['14×14×1', '12×12×8', '1152', '10']);
    // Focus follows the layer: the pooling layer is now first, so its "up" button is disabled
    // and focus goes to its card instead.
    expect(document.activeElement).toBe(cards()[0]);

    await fireEvent.keyDown(cards()[0], { key: 'ArrowDown', altKey: true });
    expect(designer.specs.map((layer) => layer.type)).toEqual(['conv2d', 'maxPooling2d', 'flatten', 'dense']);
    expect(shapes()).toEqual(['26×26×8', '13×13×8', '1352', '10']);
  });

  it('reorders by drag and drop', async () => {
    const designer = renderDesign();
    const grip = cards()[3].querySelector('.grip');
    expect(grip).not.toBeNull();
    await fireEvent.dragStart(grip as Element);
    await fireEvent.dragOver(cards()[0]);
    await fireEvent.drop(cards()[0]);
    expect(designer.specs.map((layer) => layer.type)).toEqual(['dense', 'conv2d', 'maxPooling2d', 'flatten']);
  });

  it('shows a problem at the layer it concerns, highlights the field and disables Train with the reason', async () => {
    renderDesign();
    // Moving flatten below dense puts a dense layer on a 3-D input.
    await fireEvent.click(screen.getByRole('button', { name: 'Move layer 3 down' }));
    const denseCard = cards()[2];
    expect(within(denseCard).getByTestId('layer-issues')).toHaveTextContent(/Layer 3 \(dense 10 softmax\).*flatten/i);
    expect(within(cards()[0]).queryByTestId('layer-issues')).toBeNull();
    const train = screen.getByRole('button', { name: 'Train' });
    expect(train).toBeDisabled();
    expect(screen.getByTestId('train-reason')).toHaveTextContent(/Layer 3/);

    // A bad field value is highlighted on its own input.
    await fireEvent.click(screen.getByRole('button', { name: 'Move layer 4 up' }));
    const kernel = within(cards()[0]).getByLabelText('Kernel size');
    await setValue(kernel, '40');
    expect(kernel).toHaveAttribute('aria-invalid', 'true');
    expect(within(cards()[0]).getByTestId('layer-issues')).toHaveTextContent(/kernelSize/);
    expect(train).toBeDisabled();

    await setValue(kernel, '3');
    expect(kernel).toHaveAttribute('aria-invalid', 'false');
    expect(train).toBeEnabled();
  });

  it('reports an emptied number field at its layer', async () => {
    renderDesign();
    const filters = within(cards()[0]).getByLabelText('Filters');
    await setValue(filters, '');
    expect(within(cards()[0]).getByTestId('layer-issues')).toHaveTextContent('Filters is empty');
    expect(screen.getByRole('button', { name: 'Train' })).toBeDisabled();
  });

  it('shows problems with the whole stack above it', async () => {
    renderDesign();
    for (let i = 4; i >= 1; i--) await fireEvent.click(screen.getByRole('button', { name: `Remove layer ${i}` }));
    expect(screen.getByTestId('stack-issues')).toHaveTextContent(/no layers/i);
    expect(screen.getByRole('button', { name: 'Train' })).toBeDisabled();
  });

  it('validates the training settings at their fields', async () => {
    renderDesign();
    const rate = screen.getByLabelText('Learning rate');
    await setValue(rate, '5');
    expect(rate).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByRole('button', { name: 'Train' })).toBeDisabled();
    expect(screen.getByTestId('train-reason')).toHaveTextContent(/learningRate|Learning rate/);
  });

  it('shows the step fields only for the step schedule', async () => {
    renderDesign();
    expect(screen.queryByLabelText('Step every (epochs)')).toBeNull();
    await fireEvent.change(screen.getByLabelText('Schedule'), { target: { value: 'step' } });
    expect(screen.getByLabelText('Step every (epochs)')).toBeInTheDocument();
    expect(screen.getByLabelText('Step factor')).toBeInTheDocument();
  });

  it("shows Adam's betas for Adam and momentum for SGD, never both", async () => {
    renderDesign();
    expect(screen.getByLabelText('Adam beta 1')).toBeInTheDocument();
    expect(screen.getByLabelText('Adam beta 2')).toBeInTheDocument();
    expect(screen.queryByLabelText('Momentum')).toBeNull();
    await fireEvent.change(screen.getByLabelText('Optimizer'), { target: { value: 'sgd' } });
    expect(screen.getByLabelText('Momentum')).toBeInTheDocument();
    expect(screen.queryByLabelText('Adam beta 1')).toBeNull();
  });

  it('loads a fork from the navigation parameters', async () => {
    const forkLayers = [
      { type: 'flatten' as const },
      { type: 'dense' as const, units: 32, activation: 'relu' as const },
      { type: 'dense' as const, units: 10, activation: 'softmax' as const },
    ];
    nav.go('design', {
      fork: {
        fromRunId: 7,
        name: 'mlp (fork)',
        presetId: null,
        layers: forkLayers,
        hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 4, batchSize: 64, seed: 9 },
      },
    });
    const designer = renderDesign();
    await Promise.resolve();
    expect(designer.specs).toEqual(forkLayers);
    expect(screen.getByLabelText('Run name')).toHaveValue('mlp (fork)');
    expect(screen.getByLabelText('Epochs')).toHaveValue(4);
    expect(screen.getByLabelText('Batch size')).toHaveValue(64);
    expect(screen.getByLabelText('Seed')).toHaveValue(9);
    expect(screen.getByText('forked from run #7')).toBeInTheDocument();
  });

  it('starts a run with the designed settings and goes to the live view', async () => {
    renderDesign();
    await setValue(screen.getByLabelText('Run name'), 'first try');
    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    const started = api.calls.find((c) => c.name === 'startRun');
    expect(started?.args[0]).toMatchObject({
      name: 'first try',
      presetId: 'small',
      layers: SMALL_LAYERS,
      hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 1 },
    });
    expect(nav.screen).toBe('live');
    expect(api.runs.size).toBe(1);
    expect(nav.params.runId).toBe([...api.runs.keys()][0]);
  });

  it('sends the chosen number of workers with the run', async () => {
    renderDesign();
    const workers = screen.getByLabelText('Workers') as HTMLSelectElement;
    expect(workers.value).toBe('auto');
    expect([...workers.options].map((o) => o.value)).toEqual(['auto', '1', '2', '3', '4']);
    await fireEvent.change(workers, { target: { value: '2' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    const started = api.calls.find((c) => c.name === 'startRun');
    expect(started?.args[0]).toMatchObject({ hyperparameters: { workers: '2' } });
  });

  it('offers the three kinds of augmentation and sends the chosen one with the run', async () => {
    renderDesign();
    const augmentation = screen.getByLabelText('Augmentation') as HTMLSelectElement;
    expect([...augmentation.options].map((o) => [o.value, o.textContent])).toEqual([
      ['off', 'Off'],
      ['shift', 'Shifts (up to 2 pixels)'],
      ['handwriting', 'Handwriting (rotate, scale, shear, shift, stroke width, elastic)'],
    ]);
    await fireEvent.change(augmentation, { target: { value: 'handwriting' } });
    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    const started = api.calls.find((c) => c.name === 'startRun');
    expect(started?.args[0]).toMatchObject({ hyperparameters: { augment: 'handwriting' } });
  });

  it('drops the preset id once the layers were edited', async () => {
    renderDesign();
    await fireEvent.click(screen.getByRole('button', { name: 'Duplicate layer 1' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Train' }));
    const started = api.calls.find((c) => c.name === 'startRun');
    expect(started?.args[0]).toMatchObject({ presetId: null });
  });
});
