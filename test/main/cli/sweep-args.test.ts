// `--vary` as typed on the command line.
import { describe, expect, it } from 'vitest';
import { parseVary } from '../../../main/cli/commands/sweep-args';

describe('--vary', () => {
  it('reads lists of numbers, words and booleans, and ranges with their options', () => {
    expect(parseVary('lr=0.003,0.01,0.03')).toEqual({ key: 'lr', values: [0.003, 0.01, 0.03] });
    expect(parseVary('optimizer=adam,sgd')).toEqual({ key: 'optimizer', values: ['adam', 'sgd'] });
    expect(parseVary('augment=true,false')).toEqual({ key: 'augment', values: [true, false] });
    expect(parseVary('lr=1e-4..1e-2:log:5')).toEqual({ key: 'lr', min: 1e-4, max: 1e-2, scale: 'log', integer: false, steps: 5 });
    expect(parseVary('layer3.filters=16..64:int')).toEqual({ key: 'layer3.filters', min: 16, max: 64, scale: 'linear', integer: true });
  });

  it('says how to write it when it is malformed', () => {
    expect(() => parseVary('lr')).toThrow(/KEY=V1,V2/);
    expect(() => parseVary('lr=0.1,,0.2')).toThrow(/values between its commas/);
    expect(() => parseVary('lr=a..b')).toThrow(/two numbers/);
    expect(() => parseVary('lr=1..2:cubic')).toThrow(/unknown range option "cubic"/);
  });
});
