/**
 * The one API contract between the renderer and the main side. Channel names, the preload's
 * `window.api`, the main-side handlers and the test harness's fake window.api are all derived
 * from `LabCalls` and `LabEvents`; nothing here is written twice.
 */
import type * as v from 'valibot';
import type { ComputeTarget } from '../compute/compute-target';
import type { LayerSpec, ValidationIssue } from '../layers/types';
import type { BackendId, Hyperparameters } from '../training/hyperparameters';
import type {
  QueueEntry,
  RunDetail,
  RunResults,
  RunPatch,
  RunQuery,
  RunSummary,
  TrainingEvent,
} from '../training/run';
import type { MetricsSince } from '../training/metric-series';
import type { InkPolarity, PreprocessSteps, StepPicture } from '../image/preprocess';
import type { SweepDetail, SweepPlan, SweepSpec, SweepSummary } from '../sweeps/types';
import type { MISCLASSIFIED_REQUEST, PREDICT_REQUEST, PREPARE_MODEL_REQUEST, START_RUN_REQUEST } from './schemas';

export interface Preset {
  id: string;
  name: string;
  description: string;
  layers: LayerSpec[];
  /** Settings this preset is meant to train with; the rest come from DEFAULT_HYPERPARAMETERS. */
  hyperparameters: Partial<Hyperparameters>;
}

// The requests below are what their schemas in ./schemas.ts accept: written once, there.
export type StartRunRequest = v.InferOutput<typeof START_RUN_REQUEST>;
export type PredictRequest = v.InferOutput<typeof PREDICT_REQUEST>;
export type PrepareModelRequest = v.InferOutput<typeof PREPARE_MODEL_REQUEST>;
/**
 * An image to classify: encoded file bytes (PNG, JPEG, ...) or raw RGBA pixels from a canvas, and
 * optionally which way its ink runs (the "Flip ink" button); detected from the image when absent.
 */
export type ImageInput = PredictRequest['images'][number];
export type MisclassifiedRequest = v.InferOutput<typeof MISCLASSIFIED_REQUEST>;

/** A small grayscale picture of a preprocessing step: 0 background .. 255 ink, row-major. */
export type StepImage = Omit<StepPicture, 'pixels'> & { pixels: number[] };

/** One view of a read digit: what it is, the 28x28 input (row-major, values 0..1) and what the model read in it alone. */
export interface ViewReading {
  name: string;
  input: number[];
  label: number;
  probability: number;
}

export type PredictionResult =
  | {
      file: string;
      ok: true;
      label: number;
      probabilities: number[];
      /**
       * The digit as the model received it, in each of its views (common/image/views.ts): the first
       * is the reading itself (the last step: centred), the others the same digit seen the other
       * ways; `probabilities` are the mean of theirs.
       */
      views: ViewReading[];
      /** How the ink was read: detected, or as the request forced it. */
      polarity: InkPolarity;
      /** What the image went through before it became `input`. */
      steps: Record<keyof PreprocessSteps, StepImage>;
    }
  | { file: string; ok: false; error: string };

export interface TestSample {
  /** Index into the MNIST test set. */
  index: number;
  label: number;
  predicted: number;
  /** 28x28 pixels, row-major, 0..255. */
  pixels: number[];
}

export interface BackendProbe {
  backend: BackendId;
  available: boolean;
  /** Why it does not load (plain language), or null. */
  reason: string | null;
  /** What the user can do about it, or null. */
  fix: string | null;
}

export interface DoctorReport {
  backends: BackendProbe[];
  /** The backend 'auto' picks on this machine. */
  autoBackend: BackendId;
  versions: Record<string, string>;
  homeDir: string;
  dbFile: string;
  platform: string;
}

/** One line of the cluster check (`mnist-lab doctor --on slurm`, the Doctor screen). */
export interface ClusterCheck {
  check: string;
  ok: boolean;
  detail: string;
}

/**
 * Every call the renderer can make: request parameters in, a value out. A new call is added here,
 * to CALLS below and, with the schema of its arguments, to CALL_SCHEMAS in ./schemas.ts: the
 * compiler asks for all three.
 */
export interface LabCalls {
  listPresets(): Preset[];
  listRuns(query: RunQuery): RunSummary[];
  getRun(id: number): RunDetail;
  /** The run with its test results and models but not its metric points (Evaluate, Test). */
  getRunResults(id: number): RunResults;
  /** A run's metric points recorded after point `after` (a RunDetail's metricsUpTo): follows a training run. */
  getRunMetrics(id: number, after: number): MetricsSince;
  /** Validates the stack and settings; queues the run and returns it. */
  startRun(req: StartRunRequest): RunSummary;
  /** Queues the run's exact layers and settings (seed included) again, recorded as its re-run. */
  rerunRun(id: number): RunSummary;
  /**
   * Cancels a queued or running run. One another live process trains is cancelled by that process,
   * asked through the data folder; one whose process is gone is marked interrupted (a conflict error says so).
   */
  cancelRun(id: number): RunSummary;
  queue(): QueueEntry[];
  updateRun(id: number, patch: RunPatch): RunSummary;
  deleteRun(id: number): RunSummary;
  restoreRun(id: number): RunSummary;
  /** Removes a run in the trash for good, its model files too; returns its id. */
  purgeRun(id: number): number;
  misclassified(req: MisclassifiedRequest): TestSample[];
  predict(req: PredictRequest): PredictionResult[];
  /**
   * Loads the model predict would use for the same request and reads one drawn digit with it, so the
   * first image a person drops is answered as fast as the next: the Test screen asks when it shows a model.
   */
  prepareModel(req: PrepareModelRequest): null;
  /**
   * Scores a completed run's final model on the shipped real-world set, for runs trained before
   * runs were scored on their own; a run already scored keeps its score. Returns the run's results.
   */
  scoreRealWorld(id: number): RunResults;
  doctor(): DoctorReport;
  /** The trials a sweep would run and a time estimate, or every problem with it; queues nothing. */
  planSweep(spec: SweepSpec): SweepPlan;
  /** Plans and queues a sweep; refused with every problem when the plan has any. */
  startSweep(spec: SweepSpec): SweepSummary;
  listSweeps(): SweepSummary[];
  getSweep(id: number): SweepDetail;
  /** Starts no further trial; the one training finishes. */
  pauseSweep(id: number): SweepSummary;
  resumeSweep(id: number): SweepSummary;
  /** Cancels the trial in training and every trial not yet run. */
  cancelSweep(id: number): SweepSummary;
  /** Where the app trains by default (the Compute setting): this machine, or Slurm with its settings. */
  getComputeSettings(): ComputeTarget;
  /** Saves the Compute setting; Slurm's settings are checked first (partition, shared folder). */
  setComputeSettings(target: ComputeTarget): ComputeTarget;
  /**
   * Checks the cluster of the Compute setting, stopping at the first failure: Slurm's commands,
   * the partition, the shared folder from here and from a small test job (which can take minutes
   * to be scheduled). Null when the Compute setting is this machine.
   */
  checkCluster(): ClusterCheck[] | null;
}

export type CallName = keyof LabCalls;

/** Events main pushes to the renderer. */
export interface LabEvents {
  /** A training event of one run (batch progress is throttled to <= 10 per second). */
  runEvent: { runId: number; event: TrainingEvent };
  /** A run was created, changed status, renamed, deleted...: tables should refresh it. */
  runChanged: RunSummary;
  queueChanged: QueueEntry[];
  /** A sweep was created, started or ended a trial, or changed status. */
  sweepChanged: SweepSummary;
}

export type EventName = keyof LabEvents;

export type ErrorCode = 'invalid-input' | 'not-found' | 'conflict' | 'unavailable' | 'internal';

export interface LabError {
  code: ErrorCode;
  message: string;
  /** For invalid architectures and settings: every problem found. */
  issues?: ValidationIssue[];
}

/** Errors cross IPC as values, never as thrown exceptions. */
export type Result<T> = { ok: true; value: T } | { ok: false; error: LabError };

/** What the renderer sees as `window.api`. */
export type LabApi = {
  [K in CallName]: (...args: Parameters<LabCalls[K]>) => Promise<Result<ReturnType<LabCalls[K]>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: LabEvents[E]) => void): () => void;
};

/**
 * The call names as a runtime list. The `Record<CallName, true>` makes the compiler reject a
 * missing or extra name, so this list can never drift from LabCalls.
 */
const CALLS: Record<CallName, true> = {
  listPresets: true,
  listRuns: true,
  getRun: true,
  getRunResults: true,
  getRunMetrics: true,
  startRun: true,
  rerunRun: true,
  cancelRun: true,
  queue: true,
  updateRun: true,
  deleteRun: true,
  restoreRun: true,
  purgeRun: true,
  misclassified: true,
  predict: true,
  prepareModel: true,
  scoreRealWorld: true,
  doctor: true,
  planSweep: true,
  startSweep: true,
  listSweeps: true,
  getSweep: true,
  pauseSweep: true,
  resumeSweep: true,
  cancelSweep: true,
  getComputeSettings: true,
  setComputeSettings: true,
  checkCluster: true,
};
export const CALL_NAMES = Object.keys(CALLS) as CallName[];

const EVENTS: Record<EventName, true> = { runEvent: true, runChanged: true, queueChanged: true, sweepChanged: true };
export const EVENT_NAMES = Object.keys(EVENTS) as EventName[];

export const callChannel = (name: CallName): string => `lab:call:${name}`;
export const eventChannel = (name: EventName): string => `lab:event:${name}`;
