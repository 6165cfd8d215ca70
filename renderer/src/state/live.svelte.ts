/**
 * Live view of training: the queue, and for the run that is training (or just finished) its
 * progress, backend and curves. Fed by the 'runEvent', 'runChanged' and 'queueChanged' events.
 *
 * Curves live in typed-array buffers outside reactivity; after a burst of events the state gets
 * new views of them in one `$state.raw` replacement, so thousands of points cost one redraw.
 */
import type { LabApi } from '../../../common/ipc/contract';
import type {
  BackendInfo,
  EndingEvent,
  EpochResult,
  MetricKind,
  MetricName,
  MetricSplit,
  QueueEntry,
  RunSummary,
  TrainingEvent,
} from '../../../common/training/run';
import { findSeries } from '../../../common/training/metric-series';
import { api as defaultApi } from '../lib/api';
import { progressFigures, type ProgressFigures } from '../lib/live-progress';
import { SeriesBuffer, type SeriesView } from '../lib/series-buffer';
import { Throttle } from '../lib/throttle';

type StartedEvent = Extract<TrainingEvent, { type: 'started' }>;
type BatchEvent = Extract<TrainingEvent, { type: 'batch' }>;

/**
 * How often the live view repaints while a run trains (its start, each epoch's end and its end
 * show at once). On a two-core machine the renderer's time comes straight out of training's
 * (issue #12: streaming within 5% of the CLI), and both training threads wait for the one Chromium
 * interrupts, so every repaint (style, layout, paint, two charts) costs the run about twice its own
 * time. Once every two seconds: over full 54,000-image epochs, alternated with once a second,
 * Chromium used 0.022-0.025 of a core instead of 0.028 and the app trained at 0.974-0.988 of the
 * command line's speed instead of 0.957-0.964; on 10,000-image epochs Chromium used 0.026-0.029
 * instead of 0.031-0.036, and the ratios did not differ beyond the noise (bench/speed-notes.md,
 * December 5, sixth round). Merging the figures' and curves' timers into one repaint came first.
 */
const REPAINT_MS = 2000;

export type CurveName = 'trainLoss' | 'trainAccuracy' | 'valLoss' | 'valAccuracy';

export type LiveCurves = Record<CurveName, SeriesView>;

/**
 * Which recorded series each curve is drawn from: the same points live events bring (training
 * figures per batch, validation per epoch), so a run reopened mid-training draws as it did live.
 */
const CURVE_SOURCES: Record<CurveName, { name: MetricName; split: MetricSplit; kind: MetricKind }> = {
  trainLoss: { name: 'loss', split: 'train', kind: 'batch' },
  trainAccuracy: { name: 'accuracy', split: 'train', kind: 'batch' },
  valLoss: { name: 'loss', split: 'val', kind: 'epoch' },
  valAccuracy: { name: 'accuracy', split: 'val', kind: 'epoch' },
};

/** The newest batch's figures, with the run's epoch count and what follows from them (fraction done, ETA). */
export type LiveProgress = Pick<BatchEvent, 'epoch' | 'batch' | 'batchesPerEpoch' | 'step' | 'loss' | 'accuracy' | 'samplesPerSec' | 'elapsedMs'> &
  ProgressFigures & { epochs: number };

const ACTIVE = ['queued', 'running'] as const;

export class LiveRunState {
  queue = $state.raw<QueueEntry[]>([]);
  /** Summaries of queued, running and recently watched runs, by id. */
  summaries = $state.raw<ReadonlyMap<number, RunSummary>>(new Map());
  /** The run whose progress is shown: the running one, or the last one that ran. */
  runId = $state<number | null>(null);
  started = $state.raw<StartedEvent | null>(null);
  progress = $state.raw<LiveProgress | null>(null);
  lastEpoch = $state.raw<EpochResult | null>(null);
  ending = $state.raw<EndingEvent | null>(null);
  curves = $state.raw<LiveCurves>(emptyCurves());

  readonly activeCount = $derived(this.queue.length);
  /** Runs training right now and in how many processes (this one and other MNIST Lab processes on the machine). */
  readonly training = $derived(trainingNow(this.queue));
  readonly run: RunSummary | null = $derived(this.runId === null ? null : (this.summaries.get(this.runId) ?? null));
  /** The backend actually used: from the 'started' event, else from the stored run. */
  readonly backend: BackendInfo | null = $derived(this.started?.info ?? backendFromSummary(this.run));

  #api: LabApi;
  #buffers: Record<CurveName, SeriesBuffer> = {
    trainLoss: new SeriesBuffer(),
    trainAccuracy: new SeriesBuffer(),
    valLoss: new SeriesBuffer(),
    valAccuracy: new SeriesBuffer(),
  };
  /** The newest batch's figures, waiting for the next progress repaint. */
  #pendingProgress: LiveProgress | null = null;
  #repaint = new Throttle(REPAINT_MS, () => this.#publish());
  #unsubscribe: (() => void)[] = [];

  constructor(api: LabApi = defaultApi) {
    this.#api = api;
  }

  /** Subscribes to events and loads the current queue; returns the disconnect function. */
  async connect(): Promise<() => void> {
    this.disconnect();
    this.#unsubscribe = [
      this.#api.on('queueChanged', (entries) => this.#onQueue(entries)),
      this.#api.on('runChanged', (run) => this.#onRunChanged(run)),
      this.#api.on('runEvent', ({ runId, event }) => this.#onRunEvent(runId, event)),
    ];
    await this.refresh();
    return () => this.disconnect();
  }

  disconnect(): void {
    for (const unsubscribe of this.#unsubscribe) unsubscribe();
    this.#unsubscribe = [];
    this.#repaint.cancel();
  }

  async refresh(): Promise<void> {
    const [queue, runs] = await Promise.all([this.#api.queue(), this.#api.listRuns({ status: [...ACTIVE] })]);
    if (runs.ok) this.#remember(runs.value);
    if (queue.ok) this.#onQueue(queue.value);
  }

  /**
   * Cancels a run; says what happened. A run another process trains is still running when the
   * answer comes: that process was asked to stop it and does so within a second.
   */
  async cancel(runId: number): Promise<{ ok: boolean; message: string }> {
    const result = await this.#api.cancelRun(runId);
    if (!result.ok) return { ok: false, message: result.error.message };
    this.#remember([result.value]);
    const elsewhere = this.queue.find((entry) => entry.runId === runId)?.otherProcess;
    if (elsewhere && (result.value.status === 'queued' || result.value.status === 'running')) {
      return { ok: true, message: `Asked the MNIST Lab process that trains run #${runId} (pid ${elsewhere.pid}) to cancel it.` };
    }
    return { ok: true, message: `Run #${runId} cancelled.` };
  }

  /** Starts showing a run: resets the curves and loads what was recorded so far. */
  async watch(runId: number): Promise<void> {
    if (this.runId === runId) return;
    this.#reset(runId);
    const detail = await this.#api.getRun(runId);
    if (!detail.ok || this.runId !== runId) return;
    this.#remember([detail.value]);
    // Events may have arrived while the history loaded: history first, then those newer points.
    const arrived = Object.fromEntries(
      Object.entries(this.#buffers).map(([name, buffer]) => [name, copyView(buffer.view())]),
    ) as Record<CurveName, SeriesView>;
    for (const buffer of Object.values(this.#buffers)) buffer.clear();
    for (const [curve, source] of Object.entries(CURVE_SOURCES) as [CurveName, (typeof CURVE_SOURCES)[CurveName]][]) {
      const series = findSeries(detail.value.metrics, source.name, source.split, source.kind);
      if (!series) continue;
      for (let i = 0; i < series.step.length; i++) this.#buffers[curve].push(series.step[i], series.value[i]);
    }
    for (const [name, view] of Object.entries(arrived) as [CurveName, SeriesView][]) {
      for (let i = 0; i < view.x.length; i++) this.#buffers[name].push(view.x[i], view.y[i]);
    }
    this.#repaint.request();
  }

  #onQueue(entries: QueueEntry[]): void {
    this.queue = [...entries].sort((a, b) => a.position - b.position);
    const running = entries.find((entry) => entry.status === 'running');
    if (running && running.runId !== this.runId) void this.watch(running.runId);
    if (entries.some((entry) => !this.summaries.has(entry.runId))) void this.#loadMissingSummaries();
  }

  async #loadMissingSummaries(): Promise<void> {
    const runs = await this.#api.listRuns({ status: [...ACTIVE] });
    if (runs.ok) this.#remember(runs.value);
  }

  #onRunChanged(run: RunSummary): void {
    if (this.summaries.has(run.id) || run.id === this.runId || run.status === 'queued' || run.status === 'running') {
      this.#remember([run]);
    }
  }

  #onRunEvent(runId: number, event: TrainingEvent): void {
    if (runId !== this.runId) {
      // Another run training at the same time (here or in another process) waits in the queue
      // list while the one shown is still training: the view does not flip between them.
      if (this.#showingActiveRun()) return;
      // A run we are not showing yet: show it; for a run already under way, load its history too.
      if (event.type === 'started') this.#reset(runId);
      else void this.watch(runId);
    }
    switch (event.type) {
      case 'started':
        this.started = event;
        break;
      case 'batch':
        this.#onBatch(event);
        break;
      case 'epoch':
        this.lastEpoch = event;
        this.#buffers.valLoss.push(event.step, event.valLoss);
        this.#buffers.valAccuracy.push(event.step, event.valAccuracy);
        // An epoch's validation figures show as it ends, not at the next throttled repaint.
        this.#repaint.cancel();
        this.#publish();
        break;
      case 'model':
        break;
      default:
        this.ending = event;
        // The run is over: its last figures and curves show at once, not at the next throttled repaint.
        this.#repaint.cancel();
        this.#publish();
    }
  }

  #onBatch(event: BatchEvent): void {
    this.#buffers.trainLoss.push(event.step, event.loss);
    this.#buffers.trainAccuracy.push(event.step, event.accuracy);
    const epochs = this.started?.epochs ?? this.run?.hyperparameters.epochs ?? event.epoch;
    const figures = progressFigures({ ...event, epochs });
    this.#pendingProgress = {
      epoch: event.epoch,
      epochs,
      batch: event.batch,
      batchesPerEpoch: event.batchesPerEpoch,
      step: event.step,
      loss: event.loss,
      accuracy: event.accuracy,
      samplesPerSec: event.samplesPerSec,
      elapsedMs: event.elapsedMs,
      ...figures,
    };
    this.#repaint.request();
  }

  #showingActiveRun(): boolean {
    return this.runId !== null && this.ending === null && this.queue.some((entry) => entry.runId === this.runId);
  }

  #reset(runId: number): void {
    this.runId = runId;
    this.started = null;
    this.progress = null;
    this.#pendingProgress = null;
    this.lastEpoch = null;
    this.ending = null;
    for (const buffer of Object.values(this.#buffers)) buffer.clear();
    this.curves = emptyCurves();
    this.#repaint.cancel();
  }

  #publish(): void {
    this.#publishProgress();
    this.#publishCurves();
  }

  #publishProgress(): void {
    if (!this.#pendingProgress) return;
    this.progress = this.#pendingProgress;
    this.#pendingProgress = null;
  }

  #publishCurves(): void {
    this.curves = {
      trainLoss: this.#buffers.trainLoss.view(),
      trainAccuracy: this.#buffers.trainAccuracy.view(),
      valLoss: this.#buffers.valLoss.view(),
      valAccuracy: this.#buffers.valAccuracy.view(),
    };
  }

  #remember(runs: RunSummary[]): void {
    const next = new Map(this.summaries);
    for (const run of runs) next.set(run.id, run);
    this.summaries = next;
  }
}

function trainingNow(queue: QueueEntry[]): { runs: number; processes: number } {
  const running = queue.filter((entry) => entry.status === 'running');
  return { runs: running.length, processes: new Set(running.map((entry) => entry.otherProcess?.pid ?? 'this one')).size };
}

/** The buffers are reused, so points kept across a reset must be copied out first. */
function copyView(view: SeriesView): SeriesView {
  return { x: view.x.slice(), y: view.y.slice() };
}

function emptyCurves(): LiveCurves {
  const empty = (): SeriesView => ({ x: new Float64Array(0), y: new Float64Array(0) });
  return { trainLoss: empty(), trainAccuracy: empty(), valLoss: empty(), valAccuracy: empty() };
}

function backendFromSummary(run: RunSummary | null): BackendInfo | null {
  if (!run?.backend) return null;
  return { backend: run.backend, device: run.device ?? 'unknown device', tfjsVersion: run.tfjsVersion ?? '', threads: run.threads ?? 1 };
}

export const live = new LiveRunState();
