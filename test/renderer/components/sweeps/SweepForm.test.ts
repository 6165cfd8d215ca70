import { configure, fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SweepSpec } from '../../../../common/sweeps/types';
import Design from '../../../../renderer/src/screens/Design.svelte';
import { DesignerState } from '../../../../renderer/src/state/designer.svelte';
import { nav } from '../../../../renderer/src/state/nav.svelte';
import { notices } from '../../../../renderer/src/state/notices.svelte';
import { SMALL_LAYERS, type FakeApi } from '../../fake-api';
import { installFakeApi, smallPreset } from '../../screen-setup';

// Planning and refetching wait for timers and a render: give a busy machine room (nothing here is timed).
configure({ asyncUtilTimeout: 4000 });

const SMALL_PRESET = smallPreset({ epochs: 2 });

let api: FakeApi;

beforeEach(() => {
  api = installFakeApi('design');
});

afterEach(() => notices.clear());

async function openForm(designer = new DesignerState(SMALL_PRESET)) {
  render(Design, { designer });
  await fireEvent.click(screen.getByRole('button', { name: 'Sweep…' }));
  return { designer, dialog: screen.getByRole('dialog', { name: 'Define a sweep' }) };
}

const plan = () => screen.getByTestId('sweep-plan');
const parameter = (n: number) => screen.getByRole('group', { name: `Parameter ${n}` });
const startButton = () => screen.getByRole('button', { name: 'Start sweep' });

describe('Sweep form on the Design screen', () => {
  it('starts from the learning rate of the design and plans the sweep as the user types', async () => {
    const { dialog } = await openForm();
    expect(within(dialog).getByLabelText('Sweep name')).toHaveFocus();
    const first = parameter(1);
    expect(within(first).getByLabelText('Vary')).toHaveValue('learningRate');
    expect(within(first).getByLabelText('Values')).toHaveValue('0.001');
    await waitFor(() => expect(plan()).toHaveTextContent('1 trials: 1 configuration × 1 seed'));
    expect(plan()).toHaveTextContent('no estimate yet');

    await fireEvent.input(within(first).getByLabelText('Values'), { target: { value: '0.001, 0.003, 0.01' } });
    await fireEvent.input(screen.getByLabelText('Seeds per combination'), { target: { value: '2' } });
    await waitFor(() => expect(plan()).toHaveTextContent('6 trials: 3 configurations × 2 seeds'));
    expect(startButton()).toBeEnabled();
  });

  it("varies a layer's field over a range, and the strategy's budget", async () => {
    await openForm();
    await fireEvent.click(screen.getByRole('button', { name: '+ Add a parameter' }));
    const second = parameter(2);
    await fireEvent.change(within(second).getByLabelText('Vary'), { target: { value: 'layer1.filters' } });
    await fireEvent.change(within(second).getByLabelText('As'), { target: { value: 'range' } });
    await fireEvent.input(within(second).getByLabelText('Min'), { target: { value: '4' } });
    await fireEvent.input(within(second).getByLabelText('Max'), { target: { value: '16' } });
    await fireEvent.input(within(second).getByLabelText('Grid points'), { target: { value: '4' } });
    await waitFor(() => expect(plan()).toHaveTextContent('4 trials: 4 configurations × 1 seed'));

    await fireEvent.change(screen.getByLabelText('Strategy'), { target: { value: 'random' } });
    await fireEvent.input(screen.getByLabelText('Combinations to try'), { target: { value: '3' } });
    await waitFor(() => expect(plan()).toHaveTextContent('3 trials: 3 configurations'));

    // Halving runs the whole grid unless given a budget.
    await fireEvent.change(screen.getByLabelText('Strategy'), { target: { value: 'halving' } });
    expect(screen.getByLabelText('Combinations (empty: grid)')).toHaveValue(null);
    await waitFor(() => expect(plan()).toHaveTextContent('4 trials: 4 configurations'));
  });

  it('shows each problem next to the part it concerns and keeps Start disabled', async () => {
    await openForm();
    await fireEvent.input(within(parameter(1)).getByLabelText('Values'), { target: { value: '0.1,,0.2' } });
    expect(within(parameter(1)).getByText(/values between its commas/)).toBeInTheDocument();
    expect(startButton()).toBeDisabled();

    // A problem only the planner finds: a log range through zero.
    await fireEvent.change(within(parameter(1)).getByLabelText('As'), { target: { value: 'range' } });
    await fireEvent.input(within(parameter(1)).getByLabelText('Min'), { target: { value: '0' } });
    await fireEvent.change(within(parameter(1)).getByLabelText('Scale'), { target: { value: 'log' } });
    expect(await within(parameter(1)).findByText(/log range must stay above 0/)).toBeInTheDocument();
    expect(startButton()).toBeDisabled();

    // A strategy problem has no field: it is listed with the plan.
    await fireEvent.input(within(parameter(1)).getByLabelText('Min'), { target: { value: '0.001' } });
    await fireEvent.change(screen.getByLabelText('Strategy'), { target: { value: 'halving' } });
    await fireEvent.input(screen.getByLabelText('First rung (epochs)'), { target: { value: '5' } });
    expect(await screen.findByTestId('sweep-problems')).toHaveTextContent(/first rung \(5 epochs\) must come before the last epoch \(2\)/);
    await fireEvent.input(screen.getByLabelText('Seeds per combination'), { target: { value: '' } });
    expect(screen.getByText(/how many seeds/)).toBeInTheDocument();
  });

  it('starts the sweep over the design and opens it on the Sweeps screen', async () => {
    await openForm();
    await fireEvent.input(screen.getByLabelText('Sweep name'), { target: { value: 'two rates' } });
    await fireEvent.input(within(parameter(1)).getByLabelText('Values'), { target: { value: '0.001, 0.01' } });
    await waitFor(() => expect(startButton()).toBeEnabled());
    await fireEvent.click(startButton());
    await waitFor(() => expect(nav.screen).toBe('sweeps'));

    const call = api.calls.find((c) => c.name === 'startSweep')!;
    const spec = call.args[0] as SweepSpec;
    expect(spec).toMatchObject({ name: 'two rates', presetId: 'small', layers: SMALL_LAYERS, seeds: 1, strategy: { kind: 'grid' }, metric: 'bestValAccuracy' });
    expect(spec.hyperparameters.epochs).toBe(2);
    expect(spec.parameters).toEqual([{ key: 'learningRate', values: [0.001, 0.01] }]);
    const listed = await api.listSweeps();
    expect(listed.ok && listed.value.map((s) => [s.id, s.name, s.trialCount])).toEqual([[nav.params.sweepId, 'two rates', 2]]);
  });

  it('closes with Escape, giving focus back to the Sweep button, and keeps the draft', async () => {
    await openForm();
    await fireEvent.input(within(parameter(1)).getByLabelText('Values'), { target: { value: '0.5, 0.05' } });
    await fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(screen.getByRole('button', { name: 'Sweep…' })).toHaveFocus();
    await fireEvent.click(screen.getByRole('button', { name: 'Sweep…' }));
    expect(within(parameter(1)).getByLabelText('Values')).toHaveValue('0.5, 0.05');
  });

  it('keeps Tab inside the open dialog', async () => {
    const { dialog } = await openForm();
    const close = within(dialog).getByRole('button', { name: 'Close the sweep form' });
    close.focus();
    await fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    // Start is disabled while planning, so the last control is Close.
    expect(within(dialog).getByRole('button', { name: 'Close' })).toHaveFocus();
    await fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(close).toHaveFocus();
  });
});
