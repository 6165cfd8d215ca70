/**
 * The Sweeps screen's state: every sweep (kept current by 'sweepChanged'), the open sweep's
 * detail and the metric it is ranked by. The detail is refetched when its sweep or one of its
 * trials' runs changes, at most twice a second: a training run changes every epoch.
 */
import type { LabApi } from '../../../common/ipc/contract';
import { rankByMetric } from '../../../common/sweeps/sweep-view';
import type { SweepDetail, SweepMetric, SweepSummary, SweepTrial } from '../../../common/sweeps/types';
import { api as defaultApi } from '../lib/api';
import { Throttle } from '../lib/throttle';

const REFETCH_INTERVAL_MS = 500;

type SweepAction = 'pauseSweep' | 'resumeSweep' | 'cancelSweep';

export class SweepsState {
  all = $state.raw<SweepSummary[]>([]);
  loaded = $state(false);
  loadError = $state<string | null>(null);
  openId = $state<number | null>(null);
  detail = $state.raw<SweepDetail | null>(null);
  detailError = $state<string | null>(null);
  /** What "best" means in the open sweep's view; starts as the sweep's own metric. */
  metric = $state<SweepMetric>('bestValAccuracy');

  /** The open sweep's trials valued by the chosen metric, and the best completed one by it. */
  readonly ranked: { trials: SweepTrial[]; best: SweepSummary['best'] } | null = $derived(this.detail ? rankByMetric(this.detail, this.metric) : null);

  #api: LabApi;
  #unsubscribe: (() => void)[] = [];
  #refetch = new Throttle(REFETCH_INTERVAL_MS, () => void this.#fetchDetail());
  /** Counts detail fetches, so that only the newest one is shown. */
  #generation = 0;

  constructor(api: LabApi = defaultApi) {
    this.#api = api;
  }

  async connect(): Promise<() => void> {
    this.disconnect();
    this.#unsubscribe = [
      this.#api.on('sweepChanged', (summary) => {
        this.#upsert(summary);
        if (summary.id === this.openId) this.#refetch.request();
      }),
      this.#api.on('runChanged', (run) => {
        if (this.detail?.trials.some((t) => t.runId === run.id)) this.#refetch.request();
      }),
    ];
    await this.refresh();
    return () => this.disconnect();
  }

  disconnect(): void {
    for (const off of this.#unsubscribe) off();
    this.#unsubscribe = [];
    this.#refetch.cancel();
  }

  async refresh(): Promise<void> {
    const result = await this.#api.listSweeps();
    if (!result.ok) {
      this.loadError = result.error.message;
      return;
    }
    this.all = result.value;
    this.loadError = null;
    this.loaded = true;
  }

  async open(id: number): Promise<void> {
    if (this.openId !== id) {
      this.openId = id;
      this.detail = null;
    }
    await this.#fetchDetail(true);
  }

  pause(id: number): Promise<string | null> {
    return this.#act('pauseSweep', id);
  }

  resume(id: number): Promise<string | null> {
    return this.#act('resumeSweep', id);
  }

  cancel(id: number): Promise<string | null> {
    return this.#act('cancelSweep', id);
  }

  /** Shows a sweep the user just started, before its first event arrives. */
  add(summary: SweepSummary): void {
    this.#upsert(summary);
  }

  /** Returns an error message to show, or null. */
  async #act(action: SweepAction, id: number): Promise<string | null> {
    const result = await this.#api[action](id);
    if (!result.ok) return result.error.message;
    this.#upsert(result.value);
    if (id === this.openId) await this.#fetchDetail();
    return null;
  }

  async #fetchDetail(opening = false): Promise<void> {
    const id = this.openId;
    if (id === null) return;
    const generation = ++this.#generation;
    const result = await this.#api.getSweep(id);
    if (generation !== this.#generation) return;
    if (!result.ok) {
      this.detailError = result.error.message;
      return;
    }
    this.detailError = null;
    if (opening || this.detail?.id !== id) this.metric = result.value.spec.metric;
    this.detail = result.value;
  }

  #upsert(summary: SweepSummary): void {
    const known = this.all.some((s) => s.id === summary.id);
    // Newest first, as listSweeps gives them.
    this.all = known ? this.all.map((s) => (s.id === summary.id ? summary : s)) : [summary, ...this.all];
  }
}

export const sweeps = new SweepsState();
