/**
 * The trash, while its panel is open: deleted runs (kept current by 'runChanged'), restoring one,
 * and removing runs for good with their model files.
 */
import type { LabApi } from '../../../common/ipc/contract';
import type { RunSummary } from '../../../common/training/run';
import { api as defaultApi } from '../lib/api';

export class TrashState {
  runs = $state.raw<RunSummary[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

  #api: LabApi;
  #unsubscribe: (() => void) | null = null;
  /** Counts opens and closes, so a listing that returns after a close subscribes to nothing. */
  #openings = 0;

  constructor(api: LabApi = defaultApi) {
    this.#api = api;
  }

  /** Lists the trash and follows deletes and restores made anywhere until `close`. */
  async open(): Promise<void> {
    this.close();
    const opening = this.#openings;
    this.loading = true;
    const listed = await this.#api.listRuns({ inTrash: true });
    if (opening !== this.#openings) return;
    this.loading = false;
    if (listed.ok) this.runs = listed.value;
    this.error = listed.ok ? null : listed.error.message;
    // Following from the listing on: events arrive in order on the same channel as the reply, so a
    // change made after the listing comes after it, and none is overwritten by the listing.
    this.#unsubscribe = this.#api.on('runChanged', (run) => {
      const others = this.runs.filter((r) => r.id !== run.id);
      this.runs = run.deletedAt === null ? others : [run, ...others];
    });
  }

  close(): void {
    this.#openings++;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  /** Removes runs for good, one after the other; a run that must stay (a sweep's trial) stays, and says why. */
  async purge(ids: readonly number[]): Promise<void> {
    const refusals: string[] = [];
    for (const id of ids) {
      const result = await this.#api.purgeRun(id);
      if (result.ok) this.runs = this.runs.filter((r) => r.id !== id);
      else refusals.push(result.error.message);
    }
    this.error = refusals.length > 0 ? refusals.join(' ') : null;
  }
}
