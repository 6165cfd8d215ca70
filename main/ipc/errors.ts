/** Failures that services raise on purpose; dispatch turns them into typed results. */
import type { ValidationIssue } from '../../common/layers/types';
import type { ErrorCode, LabError } from '../../common/ipc/contract';
import { StoreError } from '../store/errors';

export class LabFailure extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues?: ValidationIssue[],
  ) {
    super(message);
    this.name = 'LabFailure';
  }

  toLabError(): LabError {
    return this.issues ? { code: this.code, message: this.message, issues: this.issues } : { code: this.code, message: this.message };
  }
}

export const invalidInput = (message: string, issues?: ValidationIssue[]): LabFailure => new LabFailure('invalid-input', message, issues);
export const notFound = (message: string): LabFailure => new LabFailure('not-found', message);

/** Any error as a LabError: our own failures keep their code, anything else is 'internal'. */
export function toLabError(error: unknown): LabError {
  if (error instanceof LabFailure) return error.toLabError();
  if (error instanceof StoreError) return { code: error.code, message: error.message };
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
