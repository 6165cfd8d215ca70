/** Failures that services raise on purpose; dispatch turns them into typed results. */
import type { ValidationIssue } from '../../common/layers/types';
import type { ErrorCode, LabError } from '../../common/ipc/contract';
import { MissingModelError } from '../models/model-files';
import { diskFullMessage, isDiskFull } from '../store/disk-full';
import { DataFolderError, StoreError } from '../store/errors';

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

function sqliteCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : '';
}

/**
 * Any error as a LabError: our own failures keep their code; the database's and the disk's
 * troubles get plain words (never SQLite's "database is locked"); anything else is 'internal'.
 */
export function toLabError(error: unknown): LabError {
  if (error instanceof LabFailure) return error.toLabError();
  if (error instanceof StoreError) return { code: error.code, message: error.message };
  if (error instanceof DataFolderError) return { code: 'unavailable', message: error.message };
  if (error instanceof MissingModelError) return { code: 'not-found', message: error.message };
  if (isDiskFull(error)) return { code: 'unavailable', message: diskFullMessage('MNIST Lab could not save the change') };
  const sqlite = sqliteCode(error);
  if (sqlite.startsWith('SQLITE_BUSY') || sqlite.startsWith('SQLITE_LOCKED')) {
    return { code: 'unavailable', message: 'Another MNIST Lab window or command is busy with the runs database. Try again in a moment.' };
  }
  if (sqlite.startsWith('SQLITE_CORRUPT') || sqlite.startsWith('SQLITE_NOTADB')) {
    return {
      code: 'unavailable',
      message: `The runs database in the data folder is damaged (${(error as Error).message}). Copy the data folder somewhere safe before changing anything.`,
    };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message };
}
