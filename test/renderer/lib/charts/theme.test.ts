import { describe, expect, it } from 'vitest';
import { withAlpha } from '../../../../renderer/src/lib/charts/theme';

describe('withAlpha', () => {
  it('sets the alpha of computed rgb colours and of palette hex colours', () => {
    expect(withAlpha('rgb(10, 20, 30)', 0.5)).toBe('rgba(10, 20, 30, 0.5)');
    expect(withAlpha('#4e79a7', 0.18)).toBe('rgba(78, 121, 167, 0.18)');
    expect(withAlpha('var(--fg)', 0.5)).toBe('var(--fg)');
  });
});
