/**
 * Run details (every recorded metric point) kept between visits to Compare. Fetching twenty runs
 * with per-batch points is by far the slowest part of opening the screen, and a finished run's
 * metrics never change: going back to Runs and comparing again, or adding one run to the
 * comparison, then fetches only what is missing.
 *
 * Only finished runs are kept (a training run gains points with every batch). A summary change
 * that cannot touch the metrics (rename, tags, notes, star) is merged into the kept details;
 * any other change drops them. Past a budget of points the least recently used go first.
 */
import type { LabApi } from '../../../common/ipc/contract';
import { countPoints } from '../../../common/training/metric-series';
import type { RunDetail, RunSummary } from '../../../common/training/run';
import { LabCallError } from '../lib/api';

/** About one comparison of twenty runs with every batch of twenty epochs. */
const DEFAULT_BUDGET_POINTS = 600_000;

const EDITABLE: readonly (keyof RunSummary)[] = ['name', 'notes', 'tags', 'starred'];

function onlyEditsDiffer(kept: RunDetail, run: RunSummary): boolean {
  return (Object.keys(run) as (keyof RunSummary)[]).every(
    (key) => EDITABLE.includes(key) || JSON.stringify(kept[key]) === JSON.stringify(run[key]),
  );
}

export class RunDetailsCache {
  /** In order of use, least recent first. */
  #kept = new Map<number, RunDetail>();
  #points = 0;
  #inFlight = new Map<number, Promise<RunDetail>>();
  #lab: LabApi | null = null;
  #unsubscribe: (() => void) | null = null;
  readonly #budget: number;
  readonly #currentLab: () => LabApi | undefined;

  /** `currentLab` finds the api in use; when it changes (another window.api) everything kept is dropped. */
  constructor(currentLab: () => LabApi | undefined = () => (globalThis as { api?: LabApi }).api, budgetPoints = DEFAULT_BUDGET_POINTS) {
    this.#currentLab = currentLab;
    this.#budget = budgetPoints;
  }

  /** The run's details: kept ones, or fetched (`fresh` always fetches). Asks for one run at once share one call. */
  get(id: number, fresh = false): Promise<RunDetail> {
    const lab = this.#connect();
    const kept = this.#kept.get(id);
    if (kept && !fresh) {
      this.#touch(id, kept);
      return Promise.resolve(kept);
    }
    const pending = this.#inFlight.get(id);
    if (pending && !fresh) return pending;
    const request = this.#fetch(lab, id);
    this.#inFlight.set(id, request);
    const settled = (): void => {
      if (this.#inFlight.get(id) === request) this.#inFlight.delete(id);
    };
    // The caller gets the failure; this only tidies up.
    request.then(settled, settled);
    return request;
  }

  /** Kept details of a run, without fetching or counting as a use. */
  peek(id: number): RunDetail | undefined {
    return this.#kept.get(id);
  }

  get size(): number {
    return this.#kept.size;
  }

  clear(): void {
    this.#kept.clear();
    this.#inFlight.clear();
    this.#points = 0;
  }

  #connect(): LabApi {
    const lab = this.#currentLab();
    if (!lab) throw new Error('The lab API is not available: this page must be opened inside MNIST Lab.');
    if (lab !== this.#lab) {
      this.#unsubscribe?.();
      this.clear();
      this.#lab = lab;
      this.#unsubscribe = lab.on('runChanged', (run) => this.#changed(run));
    }
    return lab;
  }

  async #fetch(lab: LabApi, id: number): Promise<RunDetail> {
    const result = await lab.getRun(id);
    if (!result.ok) throw new LabCallError('getRun', result.error);
    // Details from a lab that has since been replaced are not kept.
    if (this.#lab === lab) this.#keep(result.value);
    return result.value;
  }

  #changed(run: RunSummary): void {
    const kept = this.#kept.get(run.id);
    if (!kept) return;
    this.#drop(run.id);
    if (run.deletedAt === null && onlyEditsDiffer(kept, run)) this.#keep({ ...kept, ...run });
  }

  #keep(run: RunDetail): void {
    this.#drop(run.id);
    if (run.status === 'queued' || run.status === 'running') return;
    this.#kept.set(run.id, run);
    this.#points += countPoints(run.metrics);
    for (const [id] of this.#kept) {
      if (this.#points <= this.#budget || id === run.id) break;
      this.#drop(id);
    }
  }

  #touch(id: number, run: RunDetail): void {
    this.#kept.delete(id);
    this.#kept.set(id, run);
  }

  #drop(id: number): void {
    const kept = this.#kept.get(id);
    if (!kept) return;
    this.#kept.delete(id);
    this.#points -= countPoints(kept.metrics);
  }
}

export const runDetails = new RunDetailsCache();
