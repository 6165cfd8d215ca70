/**
 * Checks on what callers hand the store. Text is kept verbatim (HTML, quotes and SQL included:
 * every value goes in as a bound parameter); only lengths and shapes are limited, with messages a
 * user can act on. The rules on names, notes and tags live in common/training/run-limits.ts, which
 * the IPC schemas apply too.
 */
import { NUM_CLASSES } from '../../common/layers/types';
import { METRIC_KINDS, RUN_RELATIONS, type BackendInfo, type ClassMetrics, type MetricPoint, type ModelFileInfo, type RunRelation } from '../../common/training/run';
import { checkNotesText, checkRunNameText, checkTags, type Checked } from '../../common/training/run-limits';
import { InvalidRunInputError } from './errors';

/** The rule's value, or the store's invalid-input error with the rule's own sentence. */
function orRefuse<T>(checked: Checked<T>): T {
  if (!checked.ok) throw new InvalidRunInputError(checked.problem);
  return checked.value;
}

export const checkRunName = (name: unknown): string => orRefuse(checkRunNameText(name));
export const checkNotes = (notes: unknown): string => orRefuse(checkNotesText(notes));
/** Trimmed tags without empty ones or repeats (ignoring case, keeping the first spelling). */
export const normalizeTags = (tags: unknown): string[] => orRefuse(checkTags(tags));

function isWholeNumber(n: unknown, min: number): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= min;
}

export function checkParams(params: unknown): number {
  if (!isWholeNumber(params, 0)) {
    throw new InvalidRunInputError(`The parameter count must be a whole number of 0 or more (got ${String(params)}).`);
  }
  return params;
}

export function checkEpoch(epoch: unknown): number {
  if (!isWholeNumber(epoch, 1)) {
    throw new InvalidRunInputError(`Epochs are counted from 1 (got ${String(epoch)}).`);
  }
  return epoch;
}

export function checkMetricPoint(point: MetricPoint, index: number): void {
  const where = `Metric point ${index + 1}`;
  const name: unknown = point.name;
  const split: unknown = point.split;
  if (typeof name !== 'string' || name === '') {
    throw new InvalidRunInputError(`${where} has no metric name.`);
  }
  if (typeof split !== 'string' || split === '') {
    throw new InvalidRunInputError(`${where} (${point.name}) has no split.`);
  }
  if (!(METRIC_KINDS as readonly unknown[]).includes(point.kind)) {
    throw new InvalidRunInputError(`${where} (${point.name}) is neither ${METRIC_KINDS.join(' nor ')}.`);
  }
  if (!isWholeNumber(point.step, 0) || !isWholeNumber(point.epoch, 0)) {
    throw new InvalidRunInputError(`${where} (${point.name}) needs a whole step and epoch of 0 or more.`);
  }
  if (typeof point.value !== 'number') {
    throw new InvalidRunInputError(`${where} (${point.name}) has a value that is not a number.`);
  }
  if (typeof point.time !== 'number' || !Number.isFinite(point.time)) {
    throw new InvalidRunInputError(`${where} (${point.name}) has no valid time.`);
  }
}

/** A new run's parent, or null: a run id and a relation the store knows. */
export function checkParent(parent: unknown): { runId: number; relation: RunRelation } | null {
  if (parent === undefined || parent === null) return null;
  const { runId, relation } = parent as { runId?: unknown; relation?: unknown };
  if (!isWholeNumber(runId, 1)) throw new InvalidRunInputError(`A parent run id is a whole number of 1 or more (got ${String(runId)}).`);
  if (!(RUN_RELATIONS as readonly unknown[]).includes(relation)) {
    throw new InvalidRunInputError(`A run comes from its parent as ${RUN_RELATIONS.join(' or ')} (got ${String(relation)}).`);
  }
  return { runId, relation: relation as RunRelation };
}

export function checkBackendInfo(info: BackendInfo): void {
  const texts: unknown[] = [info.backend, info.device, info.tfjsVersion];
  if (!texts.every((t) => typeof t === 'string') || !isWholeNumber(info.threads, 0)) {
    throw new InvalidRunInputError('Starting a run needs its backend, device, TensorFlow.js version and thread count.');
  }
}

export function checkModel(model: ModelFileInfo): void {
  if (model.kind !== 'final' && model.kind !== 'best') {
    throw new InvalidRunInputError(`A saved model is either "final" or "best" (got "${String(model.kind)}").`);
  }
  if (typeof model.path !== 'string' || model.path.trim() === '') {
    throw new InvalidRunInputError('A saved model needs the folder it was written to.');
  }
  if (typeof model.sha256 !== 'string' || model.sha256 === '') {
    throw new InvalidRunInputError('A saved model needs the checksum of its files.');
  }
  if (!isWholeNumber(model.bytes, 0) || !isWholeNumber(model.epoch, 0)) {
    throw new InvalidRunInputError('A saved model needs its size in bytes and the epoch of its weights.');
  }
}

export interface TestResultsInput {
  testLoss: number;
  testAccuracy: number;
  confusion: number[][];
  perClass: ClassMetrics[];
  predictions: number[];
}

/** Returns the predicted labels as bytes (a label fits in one). */
export function checkTestResults(r: TestResultsInput): Uint8Array {
  if (typeof r.testLoss !== 'number' || typeof r.testAccuracy !== 'number') {
    throw new InvalidRunInputError('Test results need a loss and an accuracy.');
  }
  if (!Array.isArray(r.confusion) || !r.confusion.every((row) => Array.isArray(row))) {
    throw new InvalidRunInputError('The confusion matrix must be a list of rows.');
  }
  if (!Array.isArray(r.perClass)) throw new InvalidRunInputError('Per-class metrics must be a list.');
  if (!Array.isArray(r.predictions)) throw new InvalidRunInputError('Predictions must be a list of labels.');
  const labels = new Uint8Array(r.predictions.length);
  r.predictions.forEach((label, i) => {
    if (!isWholeNumber(label, 0) || label >= NUM_CLASSES) {
      throw new InvalidRunInputError(
        `Prediction ${i + 1} is ${String(label)}; predicted labels are whole numbers 0 to ${NUM_CLASSES - 1}.`,
      );
    }
    labels[i] = label;
  });
  return labels;
}
