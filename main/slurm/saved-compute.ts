/** The Compute setting as the data folder keeps it; a stored value this version cannot read counts as "this machine". */
import { LOCAL_COMPUTE, parseComputeTarget, type ComputeTarget } from '../../common/compute/compute-target';
import type { RunStore } from '../store/types';

export const COMPUTE_KEY = 'compute';

export function savedCompute(store: RunStore): ComputeTarget {
  return parseComputeTarget(store.settings.get(COMPUTE_KEY)).value ?? LOCAL_COMPUTE;
}
