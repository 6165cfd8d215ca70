/** A sweep as the app and the command line show it, read from the store (the rules live in common/sweeps/sweep-view). */
import { describeSweep } from '../../common/sweeps/sweep-view';
import type { SweepDetail, SweepSummary } from '../../common/sweeps/types';
import type { StoredSweep } from '../store/sweep-store';
import type { RunStore } from '../store/types';

export function sweepDetail(store: RunStore, sweep: StoredSweep): SweepDetail {
  return describeSweep(sweep, store.sweeps.trials(sweep.id), (runId) => store.getRun(runId));
}

export function sweepSummary(store: RunStore, sweep: StoredSweep): SweepSummary {
  const { trials: _trials, runs: _runs, ...summary } = sweepDetail(store, sweep);
  return summary;
}
