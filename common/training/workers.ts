/**
 * Data parallelism for the single-threaded backends: each batch is split across workers, each
 * computes the gradient of its share, and the size-weighted mean of those gradients is applied
 * once. The result is one step on the whole batch, except that batch normalisation sees each
 * share's statistics (as with PyTorch's DistributedDataParallel without SyncBatchNorm).
 */
import type { BackendId, WorkersChoice } from './hyperparameters';

/** Below this many examples per worker, per-example speed drops more than a second core gains. */
export const MIN_EXAMPLES_PER_WORKER = 32;
/** 'auto' never goes past this, however many cores: smaller shares make batch-norm statistics noisier. */
export const MAX_AUTO_WORKERS = 4;

/** Backends that run every kernel on one thread, where more workers can help. */
const SINGLE_THREADED: readonly BackendId[] = ['wasm', 'cpu'];

export interface WorkerCountInput {
  choice: WorkersChoice;
  backend: BackendId;
  batchSize: number;
  /** Cores this machine offers (os.availableParallelism()). */
  cores: number;
}

/** How many workers a run really uses. It shapes the results, and is recorded only inside the run's thread count (backend threads times workers). */
export function resolveWorkerCount({ choice, backend, batchSize, cores }: WorkerCountInput): number {
  if (!SINGLE_THREADED.includes(backend)) return 1;
  const wanted =
    choice === 'auto'
      ? Math.min(Math.floor(batchSize / MIN_EXAMPLES_PER_WORKER), Math.max(1, Math.floor(cores)), MAX_AUTO_WORKERS)
      : Number(choice);
  return Math.max(1, Math.min(wanted, batchSize));
}

export interface BatchShare {
  /** Position of the share's first example within the batch. */
  offset: number;
  size: number;
}

/**
 * Splits a batch into `workers` contiguous shares whose sizes differ by at most one, larger ones
 * first. Shares may be empty when the batch (e.g. an epoch's last) has fewer examples than workers.
 */
export function splitBatch(size: number, workers: number): BatchShare[] {
  const base = Math.floor(size / workers);
  const extra = size % workers;
  const shares: BatchShare[] = [];
  let offset = 0;
  for (let w = 0; w < workers; w++) {
    const share = base + (w < extra ? 1 : 0);
    shares.push({ offset, size: share });
    offset += share;
  }
  return shares;
}
