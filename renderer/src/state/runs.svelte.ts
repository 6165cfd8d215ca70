/**
 * The runs table: every run (refreshed by 'runChanged'), the filter, search and sort the user
 * chose, the selection for Compare, and the edits (star, rename, tags, notes, delete/restore, re-run).
 */
import type { LabApi } from '../../../common/ipc/contract';
import type { RunPatch, RunSummary } from '../../../common/training/run';
import { api as defaultApi } from '../lib/api';
import { LISTING_PAGES, visibleRuns, type RunFilter, type SortDirection, type SortKey } from '../lib/runs-table';

/** Numbers and dates read best biggest/newest first; text reads best A to Z. */
const DESCENDING_FIRST = new Set<SortKey>(['params', 'bestValAccuracy', 'testAccuracy', 'realWorldAccuracy', 'duration', 'createdAt']);

export class RunsState {
  all = $state.raw<RunSummary[]>([]);
  loading = $state(false);
  /** Whether `all` has been fetched at least once (and is kept current from then on). */
  loaded = $state(false);
  loadError = $state<string | null>(null);
  filter = $state<RunFilter>({ search: '', status: 'all', starredOnly: false });
  sortKey = $state<SortKey>('createdAt');
  sortDirection = $state<SortDirection>('desc');
  selected = $state.raw<ReadonlySet<number>>(new Set());
  /** The run whose details panel is open. */
  openRunId = $state<number | null>(null);

  readonly visible: RunSummary[] = $derived(visibleRuns(this.all, this.filter, this.sortKey, this.sortDirection));
  readonly openRun: RunSummary | null = $derived(this.all.find((run) => run.id === this.openRunId) ?? null);

  #api: LabApi;
  #unsubscribe: (() => void) | null = null;
  /** Counts refreshes, so that only the newest one writes its pages. */
  #generation = 0;

  constructor(api: LabApi = defaultApi) {
    this.#api = api;
  }

  async connect(): Promise<() => void> {
    this.disconnect();
    this.#unsubscribe = this.#api.on('runChanged', (run) => this.#upsert(run));
    await this.refresh();
    return () => this.disconnect();
  }

  disconnect(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  async refresh(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    try {
      let last: RunSummary | undefined;
      let limit: number = LISTING_PAGES.first;
      for (;;) {
        const result = await this.#api.listRuns(last ? { limit, after: { createdAt: last.createdAt, id: last.id } } : { limit });
        // A newer refresh (or a reconnect) took over: its pages are the ones to show.
        if (generation !== this.#generation) return;
        if (!result.ok) {
          this.loadError = result.error.message;
          return;
        }
        this.#showPage(result.value, last === undefined);
        if (result.value.length < limit) break;
        last = result.value.at(-1);
        limit = LISTING_PAGES.rest;
      }
      this.loadError = null;
      this.loaded = true;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /**
   * The first page replaces the list; later pages only add to it: a run that a 'runChanged' event
   * brought in meanwhile is newer than the page's copy of it.
   */
  #showPage(page: RunSummary[], firstPage: boolean): void {
    const listed = page.filter((run) => run.deletedAt === null);
    if (firstPage) {
      this.all = listed;
      return;
    }
    const known = new Set(this.all.map((run) => run.id));
    this.all = this.all.concat(listed.filter((run) => !known.has(run.id)));
  }

  sortBy(key: SortKey): void {
    if (this.sortKey === key) {
      this.sortDirection = this.sortDirection === 'asc' ? 'desc' : 'asc';
    } else {
      this.sortKey = key;
      this.sortDirection = DESCENDING_FIRST.has(key) ? 'desc' : 'asc';
    }
  }

  toggleSelected(id: number): void {
    const next = new Set(this.selected);
    if (!next.delete(id)) next.add(id);
    this.selected = next;
  }

  setAllSelected(ids: number[], selected: boolean): void {
    const next = new Set(this.selected);
    for (const id of ids) {
      if (selected) next.add(id);
      else next.delete(id);
    }
    this.selected = next;
  }

  /** Applies a change; returns an error message to show, or null. */
  async update(id: number, patch: RunPatch): Promise<string | null> {
    const result = await this.#api.updateRun(id, patch);
    if (!result.ok) return result.error.message;
    this.#upsert(result.value);
    return null;
  }

  toggleStar(run: RunSummary): Promise<string | null> {
    return this.update(run.id, { starred: !run.starred });
  }

  /** Soft delete; the caller offers restore() as the undo. */
  async remove(id: number): Promise<string | null> {
    const result = await this.#api.deleteRun(id);
    if (!result.ok) return result.error.message;
    this.#upsert(result.value);
    return null;
  }

  /** Queues the run's exact settings again; the new run, or an error message to show. */
  async rerun(id: number): Promise<{ run: RunSummary } | { error: string }> {
    const result = await this.#api.rerunRun(id);
    if (!result.ok) return { error: result.error.message };
    this.#upsert(result.value);
    return { run: result.value };
  }

  async restore(id: number): Promise<string | null> {
    const result = await this.#api.restoreRun(id);
    if (!result.ok) return result.error.message;
    this.#upsert(result.value);
    return null;
  }

  #upsert(run: RunSummary): void {
    const others = this.all.filter((existing) => existing.id !== run.id);
    if (run.deletedAt !== null) {
      this.all = others;
      if (this.selected.has(run.id)) this.toggleSelected(run.id);
      if (this.openRunId === run.id) this.openRunId = null;
      return;
    }
    const index = this.all.findIndex((existing) => existing.id === run.id);
    this.all = index === -1 ? [run, ...others] : this.all.map((existing) => (existing.id === run.id ? run : existing));
  }
}

export const runs = new RunsState();
