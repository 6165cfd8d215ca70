// The IPC schemas: one per call of the contract, plain sentences for every refusal, and a sweep's
// problems handed over to its parser and back as ValidationIssues.
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../../common/ipc/contract';
import { call, describeRefusal } from '../../../common/ipc/schema-kit';
import { CALL_SCHEMAS, PAYLOAD_LIMITS, type CallSchemas } from '../../../common/ipc/schemas';
import { findPreset } from '../../../common/layers/presets';

/** The sentence a caller gets for these arguments, or null when they are accepted. */
function refusal(name: keyof typeof CALL_SCHEMAS, args: unknown): ReturnType<typeof describeRefusal> | null {
  const answer = v.safeParse(CALL_SCHEMAS[name], args, { abortEarly: true });
  return answer.success ? null : describeRefusal(answer.issues);
}

describe('CALL_SCHEMAS', () => {
  it('has exactly one schema per call of the contract', () => {
    expect(Object.keys(CALL_SCHEMAS).sort()).toEqual([...CALL_NAMES].sort());
  });

  it('is kept in step with the contract by the compiler', () => {
    const { listPresets: _dropped, ...withoutOne } = CALL_SCHEMAS;
    // @ts-expect-error a call of the contract without a schema
    const missing: CallSchemas = withoutOne;
    // @ts-expect-error a schema for a call the contract does not have
    const extra: CallSchemas = { ...CALL_SCHEMAS, launchRockets: call() };
    // @ts-expect-error a schema whose arguments differ from the contract's
    const wrong: CallSchemas = { ...CALL_SCHEMAS, getRun: call(v.string()) };
    expect([missing, extra, wrong].every(Boolean)).toBe(true);
  });

  it('never shows valibot\'s own wording, whatever arrives', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CALL_NAMES), fc.oneof(fc.array(fc.anything(), { maxLength: 3 }), fc.anything()), (name, args) => {
        const refused = refusal(name, args);
        if (refused) expect(refused.message).not.toMatch(/^Invalid |Expected .* but received/);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('refusals', () => {
  it('say how many arguments a call takes', () => {
    expect(refusal('doctor', [1])?.message).toBe('This call takes no arguments.');
    expect(refusal('getRun', [])?.message).toBe('This call takes exactly one argument (got 0).');
    expect(refusal('listRuns', [{}, {}])?.message).toBe('This call takes at most one argument.');
    expect(refusal('updateRun', [1])?.message).toBe('This call takes exactly 2 arguments (got 1).');
    expect(refusal('getRun', 3)?.message).toBe('Arguments must be a list.');
  });

  it('say what a missing field must be', () => {
    expect(refusal('predict', [{ images: [] }])?.message).toBe('The run id must be a whole number of 1 or more.');
    expect(refusal('startRun', [{ hyperparameters: {} }])?.message).toBe('"layers" must be a list of layers.');
    expect(refusal('misclassified', [{ runId: 1, trueLabel: 3 }])?.message).toBe('The predicted label must be a digit from 0 to 9.');
  });

  it('refuse a list where an object belongs', () => {
    expect(refusal('updateRun', [1, ['name']])?.message).toBe('The change must be an object.');
    expect(refusal('listRuns', [{ after: [1, 2] }])?.message).toBe('The "after" cursor must be an object.');
  });

  it('name the image that is too large or carries the wrong number of pixels', () => {
    const big = { name: 'big.png', bytes: new Uint8Array(PAYLOAD_LIMITS.imageBytes + 1) };
    expect(refusal('predict', [{ runId: 1, images: [big] }])?.message).toBe('Image "big.png" is larger than 50 MB.');
    const short = { rgba: { width: 2, height: 2, data: new Uint8Array(15) } };
    expect(refusal('predict', [{ runId: 1, images: [short] }])?.message).toBe('An image must carry width x height x 4 RGBA bytes.');
    expect(refusal('predict', [{ runId: 1, images: [{ name: 'nothing' }] }])?.message).toBe('Image "nothing" needs its file\'s "bytes" or its "rgba" pixels.');
  });

  it('carry no issue list for a shape the schema itself refuses', () => {
    expect(refusal('getRun', ['1'])).toEqual({ message: 'The run id must be a whole number of 1 or more.' });
  });
});

describe('what passes', () => {
  it('comes out typed and complete: unnamed images are named by their place', () => {
    const answer = v.parse(CALL_SCHEMAS.predict, [{ runId: 2, images: [{ bytes: new Uint8Array(1) }, { name: 'b.png', bytes: new Uint8Array(1) }] }]);
    expect(answer[0].images.map((image) => image.name)).toEqual(['image 1', 'b.png']);
    expect(v.parse(CALL_SCHEMAS.listRuns, [])).toEqual([{}]);
  });

  it('drops fields a payload should not carry', () => {
    expect(v.parse(CALL_SCHEMAS.updateRun, [1, { starred: true, id: 99, deletedAt: 5 }])).toEqual([1, { starred: true }]);
  });
});

describe('a sweep handed over to its parser', () => {
  const layers = findPreset('tfjs-tiny')?.layers;

  it('comes back with the defaults the parser fills in', () => {
    const [spec] = v.parse(CALL_SCHEMAS.planSweep, [{ layers, parameters: [{ key: 'lr', values: [0.01] }] }]);
    expect(spec).toMatchObject({ seeds: 1, strategy: { kind: 'grid' }, metric: 'bestValAccuracy' });
  });

  it('reports every problem the parser found, each with its field', () => {
    const refused = refusal('startSweep', [{ layers: 'conv', parameters: [], metric: 'speed' }]);
    expect(refused?.message).toBe('There are 3 problems to fix.');
    expect(refused?.issues?.map((issue) => [issue.field, issue.layerIndex])).toEqual([
      ['layers', null],
      ['parameters', null],
      ['metric', null],
    ]);
    const one = refusal('planSweep', [{ layers, parameters: 'lr' }]);
    expect(one).toEqual({ message: one?.issues?.[0].message, issues: [{ layerIndex: null, field: 'parameters', message: expect.stringMatching(/"parameters" must list/) }] });
  });
});
