import { describe, expect, it, vi } from 'vitest';
import { onActivateKey } from '../../../renderer/src/lib/activate-key';

describe('onActivateKey', () => {
  it('acts on Enter and Space, keeping the page from scrolling, and ignores other keys', () => {
    const action = vi.fn();
    const handler = onActivateKey(action);
    for (const key of ['Enter', ' ', 'Tab', 'a']) {
      const event = new KeyboardEvent('keydown', { key, cancelable: true });
      handler(event);
      expect(event.defaultPrevented).toBe(key === 'Enter' || key === ' ');
    }
    expect(action).toHaveBeenCalledTimes(2);
  });
});
