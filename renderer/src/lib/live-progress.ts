/** Progress and time left of a training run, from its 'started' and latest 'batch' events. */
export interface ProgressInput {
  epochs: number;
  epoch: number;
  /** 1-based batch within the epoch. */
  batch: number;
  batchesPerEpoch: number;
  /** Milliseconds of training so far. */
  elapsedMs: number;
}

export interface ProgressFigures {
  /** 0..1 over all epochs. */
  fraction: number;
  /** Estimated milliseconds left, or null before there is anything to extrapolate from. */
  etaMs: number | null;
}

export function progressFigures(input: ProgressInput): ProgressFigures {
  const totalSteps = input.epochs * input.batchesPerEpoch;
  if (!(totalSteps > 0)) return { fraction: 0, etaMs: null };
  const doneSteps = (input.epoch - 1) * input.batchesPerEpoch + input.batch;
  const fraction = Math.min(1, Math.max(0, doneSteps / totalSteps));
  // Assumes the remaining batches run at the average pace so far (what tqdm and Keras do).
  const etaMs = fraction > 0 && input.elapsedMs > 0 ? (input.elapsedMs / fraction) * (1 - fraction) : null;
  return { fraction, etaMs };
}
