import { describe, expect, it } from 'vitest';
import { plan } from '../../../main/cli/commands/train';

describe("mnist-lab train's Adam betas", () => {
  it('takes --beta1 and --beta2 over the preset', () => {
    const p = plan({ preset: 'fast99', beta1: '0.7', beta2: '0.9' });
    expect(p.hyperparameters).toMatchObject({ optimizer: 'adam', beta1: 0.7, beta2: 0.9 });
  });

  it("uses the preset's own betas, and the usual 0.9/0.999 where a preset has none", () => {
    expect(plan({ preset: 'one-epoch' }).hyperparameters).toMatchObject({ beta1: 0.7, beta2: 0.9 });
    expect(plan({ preset: 'fast99' }).hyperparameters).toMatchObject({ beta1: 0.9, beta2: 0.999 });
  });

  it('refuses a beta of 1 or more, naming the setting', () => {
    expect(() => plan({ preset: 'fast99', beta2: '1' })).toThrow(/beta2 must be a number from 0 up to \(not including\) 1/);
  });
});
