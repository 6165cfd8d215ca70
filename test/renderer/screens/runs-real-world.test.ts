import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RealWorldResult } from '../../../common/training/real-world';
import Runs from '../../../renderer/src/screens/Runs.svelte';
import { RunsState } from '../../../renderer/src/state/runs.svelte';
import { makeRunDetail, type FakeApi } from '../fake-api';
import { installFakeApi } from '../screen-setup';

const SCORED: RealWorldResult = {
  ok: true,
  model: 'final',
  correct: 48,
  total: 60,
  styles: [
    { style: 'pen', correct: 29, total: 30, refused: 0 },
    { style: 'chalk', correct: 19, total: 30, refused: 1 },
  ],
  views: 6,
};

let api: FakeApi;
let state: RunsState;

beforeEach(() => {
  api = installFakeApi('runs', {
    runs: [
      makeRunDetail({ id: 1, name: 'scored run', testAccuracy: 0.99, realWorldAccuracy: 0.8, realWorld: SCORED }),
      makeRunDetail({ id: 2, name: 'older run', testAccuracy: 0.98 }),
      makeRunDetail({ id: 3, name: 'no set run', realWorld: { ok: false, reason: 'The real-world set was not found at /x.' } }),
      makeRunDetail({ id: 4, name: 'one-view run', testAccuracy: 0.99, realWorldAccuracy: 0.75, realWorld: { ...SCORED, correct: 45, views: 1 } }),
    ],
  });
});
afterEach(() => state.disconnect());

async function renderRuns(): Promise<void> {
  state = new RunsState(api);
  await state.connect();
  render(Runs, { runs: state });
}

const row = (name: string) => screen.getByRole('button', { name }).closest('tr') as HTMLElement;

describe('real-world scores on the Runs screen', () => {
  it('shows each run\'s real-world accuracy next to its test accuracy, and sorts by it', async () => {
    await renderRuns();
    const headers = within(screen.getByTestId('runs-table')).getAllByRole('columnheader').map((h) => h.textContent?.trim() ?? '');
    expect(headers.findIndex((h) => h.startsWith('Real-world'))).toBe(headers.findIndex((h) => h.startsWith('Test acc')) + 1);
    expect(within(row('scored run')).getByText('80.00%')).toBeInTheDocument();
    expect(within(row('older run')).getAllByText('—').length).toBeGreaterThan(0);
    await fireEvent.click(screen.getByRole('button', { name: /Real-world/ }));
    const order = within(screen.getByTestId('runs-table')).getAllByRole('row').slice(1).map((r) => r.getAttribute('data-run-id'));
    expect(order[0]).toBe('1');
  });

  it('shows the score per style in a run\'s details, the weakest style marked', async () => {
    await renderRuns();
    await fireEvent.click(screen.getByRole('button', { name: 'scored run' }));
    const details = screen.getByTestId('run-details');
    expect(within(details).getByTestId('detail-real-world')).toHaveTextContent('80.00%');
    const score = within(details).getByTestId('real-world-score');
    await waitFor(() => expect(within(score).getByText('chalk')).toBeInTheDocument());
    expect(within(score).getByText('chalk').closest('li')).toHaveClass('weakest');
    expect(within(score).getByText('pen').closest('li')).not.toHaveClass('weakest');
    expect(within(score).getByText('63%')).toBeInTheDocument();
    expect(within(score).queryByRole('button')).toBeNull();
  });

  it('says when a score was read in one view a picture, as scores were before the views', async () => {
    await renderRuns();
    await fireEvent.click(screen.getByRole('button', { name: 'one-view run' }));
    const score = screen.getByTestId('real-world-score');
    await waitFor(() => expect(within(score).getByTestId('real-world-views')).toHaveTextContent(/read in 1 view a picture \(now 6\)/));
    await fireEvent.click(screen.getByRole('button', { name: 'scored run' }));
    await waitFor(() => expect(within(screen.getByTestId('real-world-score')).getByText('chalk')).toBeInTheDocument());
    expect(within(screen.getByTestId('real-world-score')).queryByTestId('real-world-views')).toBeNull();
  });

  it('says why a run has no score, and scores an older run on request', async () => {
    await renderRuns();
    await fireEvent.click(screen.getByRole('button', { name: 'no set run' }));
    await waitFor(() => expect(within(screen.getByTestId('real-world-score')).getByText(/Not scored: The real-world set was not found/)).toBeInTheDocument());

    await fireEvent.click(screen.getByRole('button', { name: 'older run' }));
    const score = screen.getByTestId('real-world-score');
    await waitFor(() => expect(within(score).getByText(/trained before runs were scored/)).toBeInTheDocument());
    await fireEvent.click(within(score).getByRole('button', { name: 'Score it now' }));
    await waitFor(() => expect(within(score).getByText('shadow')).toBeInTheDocument());
    expect(api.calls.filter((c) => c.name === 'scoreRealWorld').map((c) => c.args)).toEqual([[2]]);
    await waitFor(() => expect(within(row('older run')).getByText('75.76%')).toBeInTheDocument());
  });
});
