/**
 * One schema per call of the contract: what each call's arguments must be. The request types of
 * the contract (RunQuery, RunPatch, StartRunRequest, PredictRequest, ...) are derived from these
 * schemas, and the main side checks every call's untrusted arguments with them before a service
 * sees them. Adding a call to LabCalls means adding its entry to CALL_SCHEMAS; the compiler
 * refuses a missing or extra entry, or one whose arguments differ from the contract's.
 *
 * Limits on what a user writes on a run come from common/training/run-limits.ts, the rules the
 * store applies too. What a network, its settings or a sweep mean is checked by their domain
 * parsers (in the service, or handed over here): the schemas check only the shape around them.
 */
import * as v from 'valibot';
import type { LayerSpec } from '../layers/types';
import { INK_POLARITIES, type InkPolarity } from '../image/levels';
import { parseComputeTarget } from '../compute/compute-target';
import { parseSweepSpec } from '../sweeps/parse-spec';
import type { Hyperparameters } from '../training/hyperparameters';
import { MODEL_KINDS, RUN_STATUSES } from '../training/run';
import { checkNotesText, checkRunNameText, checkSearchText, checkTags, type Checked } from '../training/run-limits';
import type { CallName, LabCalls } from './contract';
import { call, fields, flag, handOver, id, isRecord, oneOf, rule, text, wholeNumber } from './schema-kit';

/** How much one call may carry: larger payloads are refused before any work is done. */
export const PAYLOAD_LIMITS = {
  /** Runs in one page of a listing. */
  listing: 100_000,
  /** Misclassified test images returned at once. */
  misclassified: 1000,
  /** Images in one prediction request. */
  images: 100,
  /** Bytes of one encoded image file. */
  imageBytes: 50 * 1024 * 1024,
  /** Width and height of raw RGBA pixels. */
  rgbaSide: 4096,
  /** Characters of a preset id and of an image's name. */
  presetId: 100,
  imageName: 1000,
} as const;

const RUN_ID = id('run id');
const SWEEP_ID = id('sweep id');

const CURSOR_MESSAGE = '"after" must hold the whole-number createdAt and id of a listed run.';

/** Where a listing page ends: the creation time and id of its last run. */
export const LISTING_CURSOR = fields('"after" cursor', {
  createdAt: v.pipe(v.number(CURSOR_MESSAGE), v.safeInteger(CURSOR_MESSAGE)),
  id: v.pipe(v.number(CURSOR_MESSAGE), v.safeInteger(CURSOR_MESSAGE)),
});

const STATUS_MESSAGE = `"status" must be a list of: ${RUN_STATUSES.join(', ')}.`;

export const RUN_QUERY = fields('run query', {
  /** Case-insensitive text matched against name, notes, tags and preset. */
  search: v.optional(rule(checkSearchText)),
  status: v.optional(v.array(v.picklist(RUN_STATUSES, STATUS_MESSAGE), STATUS_MESSAGE)),
  starred: v.optional(flag('starred')),
  includeDeleted: v.optional(flag('includeDeleted')),
  /** Only the runs in the trash: deleted, and not yet removed for good. */
  inTrash: v.optional(flag('inTrash')),
  /** Newest first by default. */
  limit: v.optional(wholeNumber(1, PAYLOAD_LIMITS.listing, `"limit" must be a whole number from 1 to ${PAYLOAD_LIMITS.listing}.`)),
  /**
   * Only the runs that come after this one in the listing's order (newest first): with `limit`,
   * a long listing loads in pages, each continuing from the last run of the one before.
   */
  after: v.optional(LISTING_CURSOR),
});

export const RUN_PATCH = fields('change', {
  name: v.optional(rule(checkRunNameText)),
  notes: v.optional(rule(checkNotesText)),
  /** Trimmed, without empty ones or repeats (ignoring case), as the store keeps them. */
  tags: v.optional(rule(checkTags)),
  starred: v.optional(flag('starred')),
});

/** A blank name gets a default name in the service; any other is trimmed and must be one the store keeps. */
const startName = (name: unknown): Checked<string> =>
  typeof name === 'string' ? (name.trim() === '' ? { ok: true, value: name } : checkRunNameText(name.trim())) : checkRunNameText(name);

export const START_RUN_REQUEST = fields('run request', {
  name: v.optional(rule(startName)),
  presetId: v.optional(v.nullable(text('presetId', PAYLOAD_LIMITS.presetId))),
  // Only the shape: parseArchitecture and parseHyperparameters check every layer and setting in the service.
  layers: v.custom<LayerSpec[]>(Array.isArray, '"layers" must be a list of layers.'),
  hyperparameters: v.custom<Hyperparameters>(isRecord, '"hyperparameters" must be an object.'),
  /** The run this design was forked from: recorded as the new run's parent. */
  parentRunId: v.optional(v.nullable(id('parent run id'))),
  /** Where it trains: this machine when absent, or Slurm with its settings. */
  compute: v.optional(handOver(parseComputeTarget)),
});

const SIDE_MESSAGE = `"width" and "height" must be whole numbers of pixels from 1 to ${PAYLOAD_LIMITS.rgbaSide}.`;

/** A Uint8Array over any buffer (a Buffer from Node included). */
const bytes = (message: string) => v.custom<Uint8Array>((x) => x instanceof Uint8Array, message);

const RGBA = fields('image\'s "rgba"', {
  width: wholeNumber(1, PAYLOAD_LIMITS.rgbaSide, SIDE_MESSAGE),
  height: wholeNumber(1, PAYLOAD_LIMITS.rgbaSide, SIDE_MESSAGE),
  data: bytes('An image\'s "data" must be its RGBA bytes as a Uint8Array.'),
});

type Image<Name> = ({ name: Name; bytes: Uint8Array } | { name: Name; rgba: v.InferOutput<typeof RGBA> }) & { polarity?: InkPolarity };

/** An image to classify: encoded file bytes (PNG, JPEG, ...) or raw RGBA pixels from a canvas. */
const IMAGE = v.pipe(
  fields('image', {
    name: v.optional(text('name', PAYLOAD_LIMITS.imageName)),
    bytes: v.optional(bytes('An image\'s "bytes" must be its file\'s bytes as a Uint8Array.')),
    rgba: v.optional(RGBA),
    polarity: v.optional(oneOf('polarity', INK_POLARITIES)),
  }),
  v.rawTransform(({ dataset: { value }, addIssue, NEVER }): Image<string | undefined> => {
    const { name, bytes, rgba } = value;
    const polarity = value.polarity === undefined ? {} : { polarity: value.polarity };
    const image = name === undefined ? 'An image' : `Image "${name}"`;
    if (bytes !== undefined) {
      if (bytes.byteLength <= PAYLOAD_LIMITS.imageBytes) return { name, bytes, ...polarity };
      addIssue({ message: `${image} is larger than ${PAYLOAD_LIMITS.imageBytes / 1024 / 1024} MB.` });
    } else if (rgba === undefined) {
      addIssue({ message: `${image} needs its file's "bytes" or its "rgba" pixels.` });
    } else if (rgba.data.byteLength === rgba.width * rgba.height * 4) {
      return { name, rgba, ...polarity };
    } else {
      addIssue({ message: `${image} must carry width x height x 4 RGBA bytes.` });
    }
    return NEVER;
  }),
);

const IMAGES_MESSAGE = `"images" must be a list of 1 to ${PAYLOAD_LIMITS.images} images.`;

export const PREDICT_REQUEST = fields('prediction request', {
  runId: RUN_ID,
  model: v.optional(oneOf('model', MODEL_KINDS)),
  images: v.pipe(
    v.array(IMAGE, IMAGES_MESSAGE),
    v.minLength(1, IMAGES_MESSAGE),
    v.maxLength(PAYLOAD_LIMITS.images, IMAGES_MESSAGE),
    // An image without a name is named by its place in the list, as results name their file.
    v.transform((images) => images.map((image, i): Image<string> => ({ ...image, name: image.name ?? `image ${i + 1}` }))),
  ),
});

export const PREPARE_MODEL_REQUEST = fields('model request', {
  runId: RUN_ID,
  model: v.optional(oneOf('model', MODEL_KINDS)),
});

const digit = (what: string) => wholeNumber(0, 9, `The ${what} must be a digit from 0 to 9.`);

export const MISCLASSIFIED_REQUEST = fields('request', {
  runId: RUN_ID,
  trueLabel: digit('true label'),
  predictedLabel: digit('predicted label'),
  limit: v.optional(wholeNumber(1, PAYLOAD_LIMITS.misclassified, `"limit" must be a whole number from 1 to ${PAYLOAD_LIMITS.misclassified}.`)),
});

/** A sweep specification: parseSweepSpec checks it and fills in its defaults. */
const SWEEP_SPEC = handOver((input) => {
  const { spec, issues } = parseSweepSpec(input);
  return { value: spec, issues };
});

/** Each call's arguments, as the contract's parameters: the compiler keeps the two in step. */
export type CallSchemas = { [K in CallName]: v.GenericSchema<unknown, Parameters<LabCalls[K]>> };

export const CALL_SCHEMAS: CallSchemas = {
  listPresets: call(),
  listRuns: call(v.optional(RUN_QUERY, () => ({}))),
  getRun: call(RUN_ID),
  getRunResults: call(RUN_ID),
  getRunMetrics: call(RUN_ID, wholeNumber(0, Number.MAX_SAFE_INTEGER, 'The point to read after must be a whole number of 0 or more.')),
  startRun: call(START_RUN_REQUEST),
  rerunRun: call(RUN_ID),
  cancelRun: call(RUN_ID),
  queue: call(),
  updateRun: call(RUN_ID, RUN_PATCH),
  deleteRun: call(RUN_ID),
  restoreRun: call(RUN_ID),
  purgeRun: call(RUN_ID),
  misclassified: call(MISCLASSIFIED_REQUEST),
  predict: call(PREDICT_REQUEST),
  prepareModel: call(PREPARE_MODEL_REQUEST),
  scoreRealWorld: call(RUN_ID),
  doctor: call(),
  planSweep: call(SWEEP_SPEC),
  startSweep: call(SWEEP_SPEC),
  listSweeps: call(),
  getSweep: call(SWEEP_ID),
  pauseSweep: call(SWEEP_ID),
  resumeSweep: call(SWEEP_ID),
  cancelSweep: call(SWEEP_ID),
  getComputeSettings: call(),
  setComputeSettings: call(handOver(parseComputeTarget)),
  checkCluster: call(),
};
