/**
 * Whether re-running a run repeats its numbers exactly, decided here for every screen and command.
 * Every random draw of training comes from the run's seed (weights, split, shuffling,
 * augmentation, dropout), so on backends whose kernels always sum in the same order a re-run with
 * the same worker count gives bit-identical metrics. TensorFlow's native kernels split sums over
 * threads and cuDNN chooses algorithms as it runs, so there the last digits can change.
 */
import type { BackendId } from './hyperparameters';

const NOT_EXACT: Partial<Record<BackendId, string>> = {
  'tfjs-node': "TensorFlow's native CPU kernels split their sums over threads",
  'tfjs-node-gpu': 'cuDNN on the GPU chooses its algorithms, and so its summing order, as it runs',
};

export interface Reproducibility {
  exact: boolean;
  /** One sentence for the run's details. */
  note: string;
}

/** How exactly a run on `backend` can be repeated; null before it has started (no backend yet). */
export function reproducibility(backend: BackendId | null): Reproducibility | null {
  if (backend === null) return null;
  const reason = NOT_EXACT[backend];
  return reason
    ? { exact: false, note: `A re-run can differ in the last digits: ${reason}.` }
    : { exact: true, note: `A re-run on ${backend} with the same number of workers repeats these numbers exactly.` };
}
