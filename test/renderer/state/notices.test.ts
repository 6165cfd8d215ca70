import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { NoticesState } from '../../../renderer/src/state/notices.svelte';

describe('NoticesState', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('dismisses plain notices by themselves and keeps undo offers longer', () => {
    const notices = new NoticesState();
    notices.push('saved');
    notices.push('deleted', { action: { label: 'Undo', run: () => undefined } });
    vi.advanceTimersByTime(6_000);
    expect(notices.items.map((n) => n.message)).toEqual(['deleted']);
    vi.advanceTimersByTime(6_000);
    expect(notices.items).toEqual([]);
  });

  it('runs an action once and removes its notice', async () => {
    const notices = new NoticesState();
    const undo = vi.fn();
    const id = notices.push('deleted', { action: { label: 'Undo', run: undo } });
    await notices.runAction(id);
    await notices.runAction(id);
    expect(undo).toHaveBeenCalledTimes(1);
    expect(notices.items).toEqual([]);
  });

  it('keeps at most four on screen, dropping the oldest', () => {
    const notices = new NoticesState();
    for (let i = 1; i <= 6; i++) notices.push(`notice ${i}`);
    expect(notices.items.map((n) => n.message)).toEqual(['notice 3', 'notice 4', 'notice 5', 'notice 6']);
  });
});
