/**
 * Errors the run store throws. Each carries the IPC error code it maps to, so the handlers can
 * turn it into a LabError without parsing messages.
 */
import type { ErrorCode } from '../../common/ipc/contract';

export class StoreError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = new.target.name;
    this.code = code;
  }
}

/** The run id names no run in this data folder. */
export class RunNotFoundError extends StoreError {
  readonly runId: number;

  constructor(runId: number) {
    super('not-found', `Run ${runId} does not exist in this data folder.`);
    this.runId = runId;
  }
}

/** The run exists but its status does not allow the change (e.g. finishing a finished run). */
export class RunStateError extends StoreError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** A name, note, tag, metric or model record the store will not keep as given. */
export class InvalidRunInputError extends StoreError {
  constructor(message: string) {
    super('invalid-input', message);
  }
}

/** What is wrong with a data folder that MNIST Lab cannot open. */
export type DataFolderProblem = 'newer-version' | 'damaged' | 'unreadable' | 'disk-full';

/**
 * The data folder (its database) cannot be opened. Nothing in it was changed. The desktop app
 * shows the message and can offer to start with a fresh data folder instead.
 */
export class DataFolderError extends Error {
  readonly problem: DataFolderProblem;
  /** The database file concerned, or '' when unknown. */
  readonly file: string;

  constructor(problem: DataFolderProblem, file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.problem = problem;
    this.file = file;
  }
}
