import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import RunPicker from '../../../../renderer/src/components/compare/RunPicker.svelte';
import { runs as sharedRuns } from '../../../../renderer/src/state/runs.svelte';
import { createFakeApi, makeRunDetail, makeRunSummary } from '../../fake-api';

function manyRuns(count: number) {
  return Array.from({ length: count }, (_, i) => makeRunDetail({ id: i + 1, name: `run ${i + 1}` }));
}

const listRunsCalls = (api: ReturnType<typeof createFakeApi>) => api.calls.filter((c) => c.name === 'listRuns').length;

afterEach(() => {
  sharedRuns.disconnect();
  sharedRuns.all = [];
  sharedRuns.loaded = false;
  Reflect.deleteProperty(window, 'api');
});

describe('RunPicker', () => {
  it('lists the first 200 runs and every chosen one, and the filter finds the rest', async () => {
    window.api = createFakeApi({ runs: manyRuns(250) });
    render(RunPicker, { selected: [3], onChange: () => undefined });
    // Newest first: #250 down to #51, and the chosen #3 as well.
    const list = await screen.findByRole('list');
    await vi.waitFor(() => expect(within(list).getAllByRole('checkbox')).toHaveLength(201));
    expect(within(list).getByRole('checkbox', { name: /#3 run 3/ })).toBeChecked();
    expect(within(list).queryByRole('checkbox', { name: /#10 run 10\b/ })).toBeNull();
    expect(screen.getByText('49 more runs: filter to find them.')).toBeInTheDocument();

    // By id: a bare "10" would match every run, whose layers end in "dense 10".
    await fireEvent.input(screen.getByLabelText('Filter runs'), { target: { value: '#10' } });
    expect(within(list).getByRole('checkbox', { name: /#10 run 10\b/ })).toBeInTheDocument();
    expect(screen.queryByText(/more runs/)).toBeNull();
  });

  it('takes a changed run from the event instead of fetching every run again', async () => {
    const api = createFakeApi({ runs: manyRuns(3) });
    window.api = api;
    render(RunPicker, { selected: [], onChange: () => undefined });
    await screen.findByRole('checkbox', { name: /#3 run 3/ });
    api.emit('runChanged', makeRunSummary({ id: 2, name: 'renamed' }));
    api.emit('runChanged', makeRunSummary({ id: 7, name: 'new one' }));
    api.emit('runChanged', makeRunSummary({ id: 1, name: 'run 1', deletedAt: 1 }));
    const names = await vi.waitFor(() => {
      const labels = within(screen.getByRole('list')).getAllByRole('checkbox').map((box) => box.closest('label')?.textContent ?? '');
      expect(labels[0]).toContain('#7 new one');
      return labels;
    });
    expect(names).toHaveLength(3);
    expect(names[2]).toContain('#2 renamed');
    expect(listRunsCalls(api)).toBe(1);
  });

  it("uses the app's runs list once loaded, without a fetch of its own", async () => {
    const api = createFakeApi({ runs: manyRuns(2) });
    window.api = api;
    await sharedRuns.connect();
    const before = listRunsCalls(api);
    render(RunPicker, { selected: [], onChange: () => undefined });
    expect(screen.getByRole('checkbox', { name: /#2 run 2/ })).toBeInTheDocument();
    expect(listRunsCalls(api)).toBe(before);
  });
});
