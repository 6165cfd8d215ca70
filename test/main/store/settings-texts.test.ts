import { describe, expect, it } from 'vitest';
import { parseSettingsTexts } from '../../../main/store/settings-texts';

describe('parseSettingsTexts', () => {
  it('parses each text by its id', () => {
    const byId = parseSettingsTexts(
      [
        [1, '[{"type":"dense","units":10}]'],
        [2, '{"seed":42,"trainLimit":null}'],
      ],
      new Map([
        [1, 1],
        [2, 3],
      ]),
    );
    expect(byId.get(1)).toEqual([{ type: 'dense', units: 10 }]);
    // A hyperparameters text from before the workers setting and the betas gets the one worker and
    // the Adam betas it trained with.
    expect(byId.get(2)).toEqual({ seed: 42, trainLimit: null, workers: '1', beta1: 0.9, beta2: 0.999 });
    expect(byId.size).toBe(2);
  });

  it('freezes every level of an object several runs share, so it cannot be changed for all of them', () => {
    const layers = parseSettingsTexts([[1, '[{"type":"dense","units":10,"extra":{"a":[1]}}]']], new Map([[1, 2]])).get(1) as {
      type: string;
      units: number;
      extra: { a: number[] };
    }[];
    expect(Object.isFrozen(layers)).toBe(true);
    expect(Object.isFrozen(layers[0])).toBe(true);
    expect(Object.isFrozen(layers[0].extra.a)).toBe(true);
    expect(() => layers.push(layers[0])).toThrow(TypeError);
    expect(() => {
      layers[0].units = 5;
    }).toThrow(TypeError);
    expect(layers[0].units).toBe(10);
  });

  it('leaves an object that only one run uses as changeable as before', () => {
    const hyperparameters = parseSettingsTexts([[4, '{"seed":42}']], new Map([[4, 1]])).get(4) as { seed: number };
    expect(Object.isFrozen(hyperparameters)).toBe(false);
    hyperparameters.seed = 1;
    expect(hyperparameters.seed).toBe(1);
  });
});
