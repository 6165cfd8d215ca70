import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../common/training/hyperparameters';
import App from '../../renderer/src/App.svelte';
import { notices } from '../../renderer/src/state/notices.svelte';
import { SMALL_LAYERS, type FakeApi } from './fake-api';
import { installFakeApi } from './screen-setup';

let api: FakeApi;

beforeEach(() => {
  api = installFakeApi('design');
});

afterEach(() => notices.clear());

describe('App shell', () => {
  it('navigates between screens from the rail and marks the current one', async () => {
    render(App);
    expect(screen.getByRole('heading', { name: 'Design', level: 1 })).toBeInTheDocument();
    const runsButton = screen.getByRole('button', { name: 'Runs' });
    await fireEvent.click(runsButton);
    expect(screen.getByRole('heading', { name: 'Runs', level: 1 })).toBeInTheDocument();
    expect(runsButton).toHaveAttribute('aria-current', 'page');
    await fireEvent.keyDown(window, { key: '2', ctrlKey: true });
    expect(screen.getByRole('heading', { name: 'Live run', level: 1 })).toBeInTheDocument();
    // Sweeps follows Compare in the rail and in the Ctrl+number shortcuts.
    await fireEvent.keyDown(window, { key: '5', ctrlKey: true });
    expect(screen.getByRole('heading', { name: 'Sweeps', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sweeps' })).toHaveAttribute('aria-current', 'page');
    await fireEvent.keyDown(window, { key: '8', ctrlKey: true });
    expect(screen.getByRole('heading', { name: 'Doctor', level: 1 })).toBeInTheDocument();
  });

  it('shows how many runs are running or queued on the Live rail item', async () => {
    render(App);
    await waitFor(() => expect(api.listenerCount('queueChanged')).toBe(1));
    expect(screen.queryByTestId('live-badge')).toBeNull();
    for (const name of ['a', 'b']) {
      await api.startRun({ name, layers: SMALL_LAYERS, hyperparameters: DEFAULT_HYPERPARAMETERS });
    }
    await waitFor(() => expect(screen.getByTestId('live-badge')).toHaveTextContent('2'));
  });
});
