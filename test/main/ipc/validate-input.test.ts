// Every IPC input is untrusted: malformed payloads must come back as invalid-input failures, never as
// another exception, and well-formed ones must pass through unchanged.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../../common/ipc/contract';
import { LabFailure } from '../../../main/ipc/errors';
import { validateArgs } from '../../../main/ipc/validate-input';

function failure(fn: () => unknown): LabFailure | null {
  try {
    fn();
    return null;
  } catch (error) {
    if (error instanceof LabFailure) return error;
    throw error;
  }
}

describe('IPC input validation', () => {
  it('accepts well-formed calls', () => {
    expect(validateArgs('getRun', [3])).toEqual([3]);
    expect(validateArgs('listRuns', [])).toEqual([{}]);
    expect(validateArgs('listRuns', [{ search: 'conv', status: ['completed'], limit: 10 }])).toEqual([{ search: 'conv', status: ['completed'], limit: 10 }]);
    expect(validateArgs('listRuns', [{ limit: 5, after: { createdAt: 1700, id: 4, extra: 1 } }])).toEqual([{ limit: 5, after: { createdAt: 1700, id: 4 } }]);
    expect(validateArgs('updateRun', [2, { name: 'x', tags: ['a'], starred: true }])).toEqual([2, { name: 'x', tags: ['a'], starred: true }]);
    const bytes = new Uint8Array([1, 2, 3]);
    expect(validateArgs('predict', [{ runId: 1, images: [{ name: 'a.png', bytes }] }])).toEqual([{ runId: 1, images: [{ name: 'a.png', bytes }] }]);
    const rgba = { width: 2, height: 1, data: new Uint8Array(8) };
    expect(validateArgs('predict', [{ runId: 1, model: 'best', images: [{ name: 'pad', rgba }] }])[0].images[0]).toEqual({ name: 'pad', rgba });
    expect(validateArgs('misclassified', [{ runId: 1, trueLabel: 3, predictedLabel: 5 }])).toEqual([{ runId: 1, trueLabel: 3, predictedLabel: 5 }]);
    expect(validateArgs('rerunRun', [4])).toEqual([4]);
    expect(validateArgs('startRun', [{ layers: [], hyperparameters: {}, parentRunId: 4 }])[0].parentRunId).toBe(4);
    expect(validateArgs('startRun', [{ layers: [], hyperparameters: {} }])[0].parentRunId).toBeUndefined();
  });

  it.each([
    ['getRun', ['3'], /run id/],
    ['getRun', [0], /run id/],
    ['getRun', [], /exactly one argument/],
    ['listRuns', [{ status: ['done'] }], /status/],
    ['listRuns', [{ limit: -1 }], /limit/],
    ['listRuns', [{ after: 3 }], /"after" cursor/],
    ['listRuns', [{ after: { createdAt: 1.5, id: 2 } }], /"after" must hold/],
    ['updateRun', [1, { name: '' }], /empty/],
    ['updateRun', [1, { notes: 'x'.repeat(20_001) }], /notes can be at most 20000 characters/],
    ['updateRun', [1, { tags: 'a,b' }], /Tags must be a list/],
    ['predict', [{ runId: 1, images: [] }], /images/],
    ['predict', [{ runId: 1, images: [{ name: 'x', bytes: [1, 2] }] }], /Uint8Array/],
    ['predict', [{ runId: 1, images: [{ name: 'x', rgba: { width: 2, height: 2, data: new Uint8Array(3) } }] }], /RGBA bytes/],
    ['predict', [{ runId: 1, model: 'latest', images: [{ name: 'x', bytes: new Uint8Array(1) }] }], /final/],
    ['misclassified', [{ runId: 1, trueLabel: 10, predictedLabel: 1 }], /digit/],
    ['startRun', [{ layers: 'conv', hyperparameters: {} }], /layers/],
    ['startRun', [{ layers: [], hyperparameters: {}, parentRunId: '4' }], /parent run id/],
    ['rerunRun', [1.5], /run id/],
    ['rerunRun', [1, 2], /exactly one argument/],
    ['doctor', [1], /no arguments/],
  ] as const)('%s(%j) is refused with a plain message', (name, args, message) => {
    const error = failure(() => validateArgs(name, args as unknown as unknown[]));
    expect(error?.code).toBe('invalid-input');
    expect(error?.message).toMatch(message);
  });

  it('never throws anything but an invalid-input failure, whatever arrives', () => {
    fc.assert(
      fc.property(fc.constantFrom(...CALL_NAMES), fc.array(fc.anything(), { maxLength: 3 }), (name, args) => {
        const error = failure(() => validateArgs(name, args));
        if (error) expect(error.code).toBe('invalid-input');
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(fc.constantFrom(...CALL_NAMES), fc.anything(), (name, args) => {
        const error = failure(() => validateArgs(name, args));
        if (error) expect(error.code).toBe('invalid-input');
      }),
      { numRuns: 1000 },
    );
  });
});
