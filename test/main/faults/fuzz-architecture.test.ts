// Property-based: the architecture validator (parse + analyze) turns any payload, however
// malformed, into structured issues. It never throws and never hangs (a hang fails the test on
// its timeout). test/common/layers covers the messages one by one; this covers the unexpected.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyzeArchitecture } from '../../../common/layers/analyze';
import { parseArchitecture } from '../../../common/layers/parse';
import { ACTIVATIONS, LAYER_TYPES, PADDINGS, type LayerSpec, type ValidationIssue } from '../../../common/layers/types';

const FIELDS = ['type', 'filters', 'kernelSize', 'strides', 'padding', 'activation', 'poolSize', 'rate', 'units'];

/** Values a field might plausibly (or implausibly) hold. */
const fieldValue = fc.oneof(
  fc.integer({ min: -5, max: 70 }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, 1, 2, 3, 5, 28, 1e9, Number.MAX_SAFE_INTEGER, Number.NaN, Number.POSITIVE_INFINITY, -0),
  fc.constantFrom<unknown>(...LAYER_TYPES, ...ACTIVATIONS, ...PADDINGS, '', 'conv3d', null, true, [], {}),
  fc.string(),
);

/** Layer-shaped records: a known or unknown type and a random subset of fields. */
const layerish = fc.dictionary(fc.constantFrom(...FIELDS), fieldValue, { maxKeys: 6 });
const stackish = fc.array(fc.oneof({ weight: 8, arbitrary: layerish }, { weight: 1, arbitrary: fc.anything() }), { maxLength: 40 });

function expectStructured(issues: ValidationIssue[], layerCount: number | null): void {
  for (const issue of issues) {
    expect(typeof issue.message).toBe('string');
    expect(issue.message.trim().length).toBeGreaterThan(0);
    expect(issue.field === null || typeof issue.field === 'string').toBe(true);
    if (issue.layerIndex !== null) {
      expect(Number.isInteger(issue.layerIndex)).toBe(true);
      expect(issue.layerIndex).toBeGreaterThanOrEqual(0);
      if (layerCount !== null) expect(issue.layerIndex).toBeLessThan(layerCount);
    }
  }
}

function checkOne(input: unknown): void {
  const parsed = parseArchitecture(input);
  const count = Array.isArray(input) ? input.length : null;
  expectStructured(parsed.issues, count);
  // Layers exactly when there is nothing to report.
  expect(parsed.layers === null).toBe(parsed.issues.length > 0);
  // The designer analyses drafts as they are typed, so analyze must survive unparsed input too.
  for (const layers of [parsed.layers, input]) {
    if (layers === null) continue;
    const report = analyzeArchitecture(layers as LayerSpec[]);
    expectStructured(report.issues, Array.isArray(layers) ? layers.length : null);
    expect(typeof report.totalParams).toBe('number');
    expect(typeof report.totalMacs).toBe('number');
    if (Array.isArray(layers)) expect(report.layers).toHaveLength(layers.length);
  }
}

describe('the architecture validator on malformed input', () => {
  it('answers any JSON-like value with structured issues', () => {
    fc.assert(fc.property(fc.anything(), checkOne), { numRuns: 2000 });
  });

  it('answers layer-shaped stacks with wrong, missing, huge and non-finite fields', () => {
    fc.assert(fc.property(stackish, checkOne), { numRuns: 3000 });
    fc.assert(fc.property(fc.record({ layers: stackish }), checkOne), { numRuns: 500 });
  });

  it('survives objects that throw when read', () => {
    const hostile = new Proxy({}, {
      get() {
        throw new Error('gotcha');
      },
    });
    const layer = Object.defineProperty({ type: 'dense' }, 'units', {
      get() {
        throw new Error('gotcha');
      },
      enumerable: true,
    });
    for (const input of [hostile, [hostile], [layer], { layers: [layer] }]) {
      const parsed = parseArchitecture(input);
      expect(parsed.layers).toBeNull();
      expectStructured(parsed.issues, null);
    }
  });
});
