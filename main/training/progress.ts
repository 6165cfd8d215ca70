/**
 * Turns per-batch training results into the 'batch' and 'epoch' events a training process
 * streams to its parent. Works like a tfjs callback (onTrainBegin / onBatchEnd / onEpochEnd),
 * but throttles: the parent records every event in SQLite and the renderer redraws charts,
 * so a fast backend must not flood them with thousands of messages per second.
 */
import type { EpochResult, TrainingEvent } from '../../common/training/run';

export type BatchEvent = Extract<TrainingEvent, { type: 'batch' }>;
export type EpochEvent = Extract<TrainingEvent, { type: 'epoch' }>;

/**
 * One finished optimisation step, as the training loop knows it: the figures its batch event
 * carries (epoch and batch 1-based, step counting this one), the examples in this batch (the last
 * of an epoch may be smaller) and the learning rate it used.
 */
export type BatchResult = Pick<BatchEvent, 'epoch' | 'batch' | 'batchesPerEpoch' | 'step' | 'loss' | 'accuracy'> & {
  size: number;
  learningRate: number;
};

export interface ProgressOptions {
  /** Minimum time between two batch events; 100 ms keeps the stream at 10 per second or fewer. */
  minIntervalMs?: number;
  /** Clock in milliseconds; tests pass a fake one. */
  now?: () => number;
}

export class ProgressReporter {
  private readonly minIntervalMs: number;
  private readonly now: () => number;
  private trainStart = 0;
  private lastEmitAt = Number.NEGATIVE_INFINITY;
  /** Examples processed since the last batch event, for a samples/second figure over that window. */
  private samplesSinceEmit = 0;
  private windowStart = 0;

  constructor(
    private readonly emit: (e: TrainingEvent) => void,
    options: ProgressOptions = {},
  ) {
    this.minIntervalMs = options.minIntervalMs ?? 100;
    this.now = options.now ?? Date.now;
  }

  onTrainBegin(): void {
    this.trainStart = this.now();
    this.windowStart = this.trainStart;
    this.samplesSinceEmit = 0;
    this.lastEmitAt = Number.NEGATIVE_INFINITY;
  }

  /**
   * Emits a batch event when the throttle allows it, and always for the last batch of an epoch
   * (so every epoch's chart ends on its true final value) or when `force` is set (the trainer
   * forces the step where a run diverged, so it is on record). Returns whether it emitted.
   */
  onBatchEnd(result: BatchResult, force = false): boolean {
    const now = this.now();
    this.samplesSinceEmit += result.size;
    const lastOfEpoch = result.batch >= result.batchesPerEpoch;
    const due = now - this.lastEmitAt >= this.minIntervalMs;
    if (!due && !lastOfEpoch && !force) return false;

    const windowMs = now - this.windowStart;
    const event: BatchEvent = {
      type: 'batch',
      epoch: result.epoch,
      batch: result.batch,
      batchesPerEpoch: result.batchesPerEpoch,
      step: result.step,
      loss: result.loss,
      accuracy: result.accuracy,
      learningRate: result.learningRate,
      // A zero-length window (a fake clock, or a very coarse one) has no meaningful rate.
      samplesPerSec: windowMs > 0 ? (this.samplesSinceEmit * 1000) / windowMs : 0,
      elapsedMs: now - this.trainStart,
      time: Date.now(),
    };
    this.lastEmitAt = now;
    this.windowStart = now;
    this.samplesSinceEmit = 0;
    this.emit(event);
    return true;
  }

  /** Epoch events are never throttled: there are only as many as there are epochs. */
  onEpochEnd(result: EpochResult, step: number): void {
    const event: EpochEvent = { type: 'epoch', step, time: Date.now(), ...result };
    this.emit(event);
  }
}
