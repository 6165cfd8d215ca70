/**
 * Keeps the Compare screen's copy of a training run up to date without fetching it again: its
 * details are fetched once; then a summary change is merged as it comes (the event carries it),
 * each epoch brings only the points recorded since, and the end of the run its test results.
 */
import type { LabApi } from '../../../../common/ipc/contract';
import { appendSeries } from '../../../../common/training/metric-series';
import { errorMessage } from '../api';
import { FINISHED_STATUSES, type RunDetail, type RunStatus, type RunSummary } from '../../../../common/training/run';

/** Queued or running: its points and figures may still change. */
export const isTraining = (status: RunStatus): boolean => !FINISHED_STATUSES.includes(status);

export class TrainingRunFollower {
  /** Per run, the catch-up in progress: the next one starts after it, from where it ended. */
  #pending = new Map<number, Promise<void>>();

  constructor(
    private readonly api: LabApi,
    /** The screen's copy of a run, if it shows it. */
    private readonly shown: (id: number) => RunDetail | undefined,
    private readonly update: (run: RunDetail) => void,
    /** A catch-up failed (its message), or one succeeded after it (null): the next one fetches what was missed. */
    private readonly failed: (id: number, message: string | null) => void,
  ) {}

  /** Whether a run shown as training: its changes are followed here, never refetched whole. */
  follows(id: number): boolean {
    const run = this.shown(id);
    return run !== undefined && isTraining(run.status);
  }

  /** A followed run's summary changed: merged at once; a run that ended gets its points and results. */
  summaryChanged(run: RunSummary): void {
    const kept = this.shown(run.id);
    if (!kept) return;
    this.update({ ...kept, ...run });
    if (!isTraining(run.status)) this.#catchUp(run.id, true);
  }

  /** A followed run finished an epoch: its new points. */
  epochEnded(id: number): void {
    if (this.follows(id)) this.#catchUp(id, false);
  }

  #catchUp(id: number, ended: boolean): void {
    const previous = this.#pending.get(id) ?? Promise.resolve();
    // A call that fails outright (the served page's connection lost) is said like a refused one.
    const next = previous
      .then(() => this.#fetchSince(id, ended))
      .catch((err: unknown) => this.failed(id, errorMessage(err)));
    this.#pending.set(id, next);
    void next.finally(() => {
      if (this.#pending.get(id) === next) this.#pending.delete(id);
    });
  }

  async #fetchSince(id: number, ended: boolean): Promise<void> {
    const from = this.shown(id);
    if (!from) return;
    const [since, results] = await Promise.all([this.api.getRunMetrics(id, from.metricsUpTo), ended ? this.api.getRunResults(id) : null]);
    if (!since.ok) return this.failed(id, since.error.message);
    if (results && !results.ok) return this.failed(id, results.error.message);
    // The copy as it is now: a summary may have been merged while the points were on their way.
    const current = this.shown(id);
    if (!current || current.metricsUpTo !== from.metricsUpTo) return;
    this.update({
      ...current,
      ...(results ? results.value : {}),
      metrics: appendSeries(current.metrics, since.value.metrics),
      metricsUpTo: since.value.upTo,
    });
    this.failed(id, null);
  }
}
