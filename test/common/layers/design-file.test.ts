import { describe, expect, it } from 'vitest';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import { designFileName, parseDesignFile, serializeDesign } from '../../../common/layers/design-file';
import { SMALL_LAYERS } from '../../renderer/fake-data';

describe('architecture files', () => {
  it('round-trips a design with its settings', () => {
    const design = { name: 'net', presetId: 'std', layers: SMALL_LAYERS, hyperparameters: { ...DEFAULT_HYPERPARAMETERS, epochs: 7 } };
    const parsed = parseDesignFile(serializeDesign(design));
    expect(parsed).toEqual({ ok: true, design });
  });

  it('accepts a bare list of layers, as the command line does', () => {
    const parsed = parseDesignFile(JSON.stringify(SMALL_LAYERS));
    expect(parsed).toEqual({ ok: true, design: { name: '', presetId: null, layers: SMALL_LAYERS, hyperparameters: null } });
  });

  it('explains a file that is not JSON', () => {
    const parsed = parseDesignFile('{ nope');
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toMatch(/not valid JSON/);
  });

  it('passes on the issues of an unknown layer type', () => {
    const parsed = parseDesignFile(JSON.stringify({ layers: [{ type: 'lstm' }] }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues.map((i) => i.message).join(' ')).toMatch(/lstm/);
  });

  it('rejects invalid settings in the file', () => {
    const parsed = parseDesignFile(JSON.stringify({ layers: SMALL_LAYERS, hyperparameters: { epochs: -1 } }));
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.issues[0].field).toBe('epochs');
  });

  it('makes a safe file name from the run name', () => {
    expect(designFileName('My net: v2!')).toBe('my-net-v2.architecture.json');
    expect(designFileName('  ')).toBe('architecture.architecture.json');
  });
});
