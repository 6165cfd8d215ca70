/**
 * Untrusted arguments of every call, checked before any service sees them. The renderer is not
 * trusted (a compromised page could send anything), and the e2e harness goes through the same path.
 * Each validator returns the typed arguments or throws an invalid-input LabFailure; it never writes.
 */
import type { CallName, ImageInput, LabCalls, MisclassifiedRequest, PredictRequest, StartRunRequest } from '../../common/ipc/contract';
import { RUN_STATUSES, type RunPatch, type RunQuery, type RunStatus } from '../../common/training/run';
import { parseSweepSpec } from '../../common/sweeps/parse-spec';
import type { SweepSpec } from '../../common/sweeps/types';
import { invalidInput } from './errors';

type Args<K extends CallName> = Parameters<LabCalls[K]>;
type Validators = { [K in CallName]: (args: unknown[]) => Args<K> };

const MAX_IMAGES = 100;
const MAX_IMAGE_BYTES = 50 * 1024 * 1024;
const MAX_RGBA_SIDE = 4096;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function runId(v: unknown, what = 'run id'): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 1) throw invalidInput(`The ${what} must be a whole number of 1 or more.`);
  return v;
}

function noArgs(args: unknown[]): [] {
  if (args.length > 0) throw invalidInput('This call takes no arguments.');
  return [];
}

function record(v: unknown, what: string): Record<string, unknown> {
  if (!isRecord(v)) throw invalidInput(`The ${what} must be an object.`);
  return v;
}

function optionalString(o: Record<string, unknown>, key: string, max: number): string | undefined {
  const v = o[key];
  if (v === undefined) return undefined;
  if (typeof v !== 'string') throw invalidInput(`"${key}" must be text.`);
  if (v.length > max) throw invalidInput(`"${key}" is too long (${v.length} characters; at most ${max}).`);
  return v;
}

function digit(v: unknown, what: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 9) throw invalidInput(`The ${what} must be a digit from 0 to 9.`);
  return v;
}

function query(v: unknown): RunQuery {
  if (v === undefined) return {};
  const o = record(v, 'run query');
  const q: RunQuery = {};
  const search = optionalString(o, 'search', 500);
  if (search !== undefined) q.search = search;
  if (o.status !== undefined) {
    if (!Array.isArray(o.status) || !o.status.every((s) => (RUN_STATUSES as readonly unknown[]).includes(s)))
      throw invalidInput(`"status" must be a list of: ${RUN_STATUSES.join(', ')}.`);
    q.status = o.status as RunStatus[];
  }
  if (o.starred !== undefined) {
    if (typeof o.starred !== 'boolean') throw invalidInput('"starred" must be true or false.');
    q.starred = o.starred;
  }
  if (o.includeDeleted !== undefined) {
    if (typeof o.includeDeleted !== 'boolean') throw invalidInput('"includeDeleted" must be true or false.');
    q.includeDeleted = o.includeDeleted;
  }
  if (o.inTrash !== undefined) {
    if (typeof o.inTrash !== 'boolean') throw invalidInput('"inTrash" must be true or false.');
    q.inTrash = o.inTrash;
  }
  if (o.limit !== undefined) {
    if (typeof o.limit !== 'number' || !Number.isInteger(o.limit) || o.limit < 1 || o.limit > 100_000)
      throw invalidInput('"limit" must be a whole number from 1 to 100000.');
    q.limit = o.limit;
  }
  if (o.after !== undefined) {
    const after = record(o.after, '"after" cursor');
    if (!Number.isSafeInteger(after.createdAt) || !Number.isSafeInteger(after.id))
      throw invalidInput('"after" must hold the whole-number createdAt and id of a listed run.');
    q.after = { createdAt: after.createdAt as number, id: after.id as number };
  }
  return q;
}

function patch(v: unknown): RunPatch {
  const o = record(v, 'change');
  const p: RunPatch = {};
  const name = optionalString(o, 'name', 200);
  if (name !== undefined) {
    if (name.trim() === '') throw invalidInput('A run name cannot be empty.');
    p.name = name;
  }
  const notes = optionalString(o, 'notes', 20_000);
  if (notes !== undefined) p.notes = notes;
  if (o.tags !== undefined) {
    if (!Array.isArray(o.tags) || o.tags.length > 50 || !o.tags.every((t) => typeof t === 'string' && t.length <= 64))
      throw invalidInput('"tags" must be a list of at most 50 texts of up to 64 characters.');
    p.tags = o.tags as string[];
  }
  if (o.starred !== undefined) {
    if (typeof o.starred !== 'boolean') throw invalidInput('"starred" must be true or false.');
    p.starred = o.starred;
  }
  return p;
}

/** Only the shape is checked here: the architecture and settings get the domain's full validation in the service. */
function startRequest(v: unknown): StartRunRequest {
  const o = record(v, 'run request');
  const name = optionalString(o, 'name', 200);
  const presetId = o.presetId === null ? null : optionalString(o, 'presetId', 100);
  if (!Array.isArray(o.layers)) throw invalidInput('"layers" must be a list of layers.');
  if (!isRecord(o.hyperparameters)) throw invalidInput('"hyperparameters" must be an object.');
  const parentRunId = o.parentRunId === undefined || o.parentRunId === null ? null : runId(o.parentRunId, 'parent run id');
  return {
    name,
    presetId,
    layers: o.layers as StartRunRequest['layers'],
    hyperparameters: o.hyperparameters as unknown as StartRunRequest['hyperparameters'],
    parentRunId,
  };
}

function image(v: unknown, i: number): ImageInput {
  const o = record(v, `image ${i + 1}`);
  const name = optionalString(o, 'name', 1000) ?? `image ${i + 1}`;
  // schema: polarity: v.optional(v.picklist(['dark-on-light', 'light-on-dark']))
  if (o.polarity !== undefined && o.polarity !== 'dark-on-light' && o.polarity !== 'light-on-dark')
    throw invalidInput(`Image "${name}": "polarity" must be "dark-on-light" or "light-on-dark".`);
  const polarity: Pick<ImageInput, 'polarity'> = o.polarity === undefined ? {} : { polarity: o.polarity };
  if (o.bytes !== undefined) {
    if (!(o.bytes instanceof Uint8Array)) throw invalidInput(`Image "${name}" must carry its bytes as a Uint8Array.`);
    if (o.bytes.byteLength > MAX_IMAGE_BYTES) throw invalidInput(`Image "${name}" is larger than 50 MB.`);
    return { name, bytes: o.bytes, ...polarity };
  }
  const rgba = record(o.rgba, `pixels of image "${name}"`);
  const { width, height, data } = rgba;
  const side = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_RGBA_SIDE;
  if (!side(width) || !side(height)) throw invalidInput(`Image "${name}" must be 1 to ${MAX_RGBA_SIDE} pixels wide and high.`);
  if (!(data instanceof Uint8Array) || data.byteLength !== width * height * 4)
    throw invalidInput(`Image "${name}" must carry width x height x 4 RGBA bytes.`);
  return { name, rgba: { width, height, data }, ...polarity };
}

function predictRequest(v: unknown): PredictRequest {
  const o = record(v, 'prediction request');
  const req: PredictRequest = { runId: runId(o.runId), images: [] };
  if (o.model !== undefined) {
    if (o.model !== 'final' && o.model !== 'best') throw invalidInput('"model" must be "final" or "best".');
    req.model = o.model;
  }
  if (!Array.isArray(o.images) || o.images.length === 0 || o.images.length > MAX_IMAGES)
    throw invalidInput(`"images" must be a list of 1 to ${MAX_IMAGES} images.`);
  req.images = o.images.map(image);
  return req;
}

function misclassifiedRequest(v: unknown): MisclassifiedRequest {
  const o = record(v, 'request');
  const req: MisclassifiedRequest = {
    runId: runId(o.runId),
    trueLabel: digit(o.trueLabel, 'true label'),
    predictedLabel: digit(o.predictedLabel, 'predicted label'),
  };
  if (o.limit !== undefined) {
    if (typeof o.limit !== 'number' || !Number.isInteger(o.limit) || o.limit < 1 || o.limit > 1000)
      throw invalidInput('"limit" must be a whole number from 1 to 1000.');
    req.limit = o.limit;
  }
  return req;
}

function sweepSpec(v: unknown): SweepSpec {
  const { spec, issues } = parseSweepSpec(v);
  if (!spec) throw invalidInput(issues.length === 1 ? issues[0].message : `This sweep has ${issues.length} problems to fix.`, issues);
  return spec;
}

function one<T>(args: unknown[], check: (v: unknown) => T): [T] {
  if (args.length !== 1) throw invalidInput(`This call takes exactly one argument (got ${args.length}).`);
  return [check(args[0])];
}

export const validators: Validators = {
  listPresets: noArgs,
  listRuns: (args) => {
    if (args.length > 1) throw invalidInput('This call takes at most one argument.');
    return [query(args[0])];
  },
  getRun: (args) => one(args, (v) => runId(v)),
  startRun: (args) => one(args, startRequest),
  rerunRun: (args) => one(args, (v) => runId(v)),
  cancelRun: (args) => one(args, (v) => runId(v)),
  queue: noArgs,
  updateRun: (args) => {
    if (args.length !== 2) throw invalidInput('This call takes a run id and a change.');
    return [runId(args[0]), patch(args[1])];
  },
  deleteRun: (args) => one(args, (v) => runId(v)),
  restoreRun: (args) => one(args, (v) => runId(v)),
  purgeRun: (args) => one(args, (v) => runId(v)),
  misclassified: (args) => one(args, misclassifiedRequest),
  predict: (args) => one(args, predictRequest),
  doctor: noArgs,
  planSweep: (args) => one(args, sweepSpec),
  startSweep: (args) => one(args, sweepSpec),
  listSweeps: noArgs,
  getSweep: (args) => one(args, (v) => runId(v, 'sweep id')),
  pauseSweep: (args) => one(args, (v) => runId(v, 'sweep id')),
  resumeSweep: (args) => one(args, (v) => runId(v, 'sweep id')),
  cancelSweep: (args) => one(args, (v) => runId(v, 'sweep id')),
};

export function validateArgs<K extends CallName>(name: K, args: unknown): Args<K> {
  if (!Array.isArray(args)) throw invalidInput('Arguments must be a list.');
  return validators[name](args) as Args<K>;
}
