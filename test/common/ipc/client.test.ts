import { describe, expect, it, vi } from 'vitest';
import { createApiClient } from '../../../common/ipc/client';
import { CALL_NAMES, EVENT_NAMES, callChannel, eventChannel } from '../../../common/ipc/contract';

describe('the API client built from the contract', () => {
  it('exposes exactly the contract calls plus on()', () => {
    const api = createApiClient({ invoke: vi.fn(), subscribe: vi.fn() });
    expect(Object.keys(api).sort()).toEqual([...CALL_NAMES, 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('forwards calls with their arguments and returns the typed result', async () => {
    const invoke = vi.fn(async () => ({ ok: true as const, value: 42 }));
    const api = createApiClient({ invoke, subscribe: vi.fn() });
    await expect(api.getRun(7)).resolves.toEqual({ ok: true, value: 42 });
    expect(invoke).toHaveBeenCalledWith('getRun', [7]);
  });

  it('subscribes to known events only', () => {
    const off = vi.fn();
    const subscribe = vi.fn(() => off);
    const api = createApiClient({ invoke: vi.fn(), subscribe });
    expect(api.on('runEvent', () => {})).toBe(off);
    expect(() => api.on('nope' as 'runEvent', () => {})).toThrow(/Unknown event/);
  });

  it('derives one distinct channel per call and per event', () => {
    const channels = [...CALL_NAMES.map(callChannel), ...EVENT_NAMES.map(eventChannel)];
    expect(new Set(channels).size).toBe(channels.length);
  });
});
