/**
 * A run trained by another process reaches this one only as the metric points its owner recorded.
 * This turns them back into the 'batch' and 'epoch' events the owner's listeners heard, so the
 * Live run screen follows such a run as it follows one of its own.
 *
 * The recorder writes each event's points together, each marked with its kind: a batch as train
 * loss, accuracy and learning rate; an epoch as train loss and accuracy (the epoch's means),
 * validation loss and accuracy, and the learning rate, at the step of the epoch's last batch.
 * So the points of one kind at one step are one event.
 */
import type { MetricKind, RunSummary, TrainingEvent } from '../../common/training/run';
import { batchesPerEpochOf } from '../data/mnist';
import type { RecordedPoint } from '../store/run-changes';

type Values = Map<string, RecordedPoint>;

const key = (p: Pick<RecordedPoint, 'name' | 'split'>): string => `${p.split}/${p.name}`;
const eventKey = (p: Pick<RecordedPoint, 'kind' | 'step'>): string => `${p.kind}@${p.step}`;

export class ProgressFromPoints {
  /** When each run's last epoch ended, for an epoch's seconds. */
  private readonly epochEnds = new Map<number, number>();

  /** The events the points of one run stand for, oldest first. */
  events(run: RunSummary, points: readonly RecordedPoint[]): TrainingEvent[] {
    return groupEvents(points).flatMap(({ kind, values }) => {
      const event = kind === 'epoch' ? this.epoch(run, values) : batch(run, values);
      return event ? [event] : [];
    });
  }

  /** Forgets a run that ended. */
  forget(runId: number): void {
    this.epochEnds.delete(runId);
  }

  private epoch(run: RunSummary, values: Values): TrainingEvent | null {
    const trainLoss = values.get('train/loss');
    const valLoss = values.get('val/loss');
    if (!trainLoss || !valLoss) return null;
    const since = this.epochEnds.get(run.id) ?? run.startedAt ?? valLoss.time;
    this.epochEnds.set(run.id, valLoss.time);
    return {
      type: 'epoch',
      epoch: valLoss.epoch,
      step: valLoss.step,
      time: valLoss.time,
      trainLoss: trainLoss.value,
      trainAccuracy: values.get('train/accuracy')?.value ?? NaN,
      valLoss: valLoss.value,
      valAccuracy: values.get('val/accuracy')?.value ?? NaN,
      learningRate: values.get('train/lr')?.value ?? run.hyperparameters.learningRate,
      seconds: Math.max(0, valLoss.time - since) / 1000,
    };
  }
}

function batch(run: RunSummary, values: Values): TrainingEvent | null {
  const loss = values.get('train/loss');
  if (!loss) return null;
  const h = run.hyperparameters;
  const batchesPerEpoch = batchesPerEpochOf(h);
  const elapsedMs = run.startedAt === null ? 0 : Math.max(0, loss.time - run.startedAt);
  return {
    type: 'batch',
    epoch: loss.epoch,
    batch: Math.min(batchesPerEpoch, Math.max(1, loss.step - (loss.epoch - 1) * batchesPerEpoch)),
    batchesPerEpoch,
    step: loss.step,
    loss: loss.value,
    accuracy: values.get('train/accuracy')?.value ?? NaN,
    // The average pace so far: the owner's own figure covers a window this process never saw.
    samplesPerSec: elapsedMs > 0 ? (loss.step * h.batchSize * 1000) / elapsedMs : 0,
    elapsedMs,
    time: loss.time,
    learningRate: values.get('train/lr')?.value,
  };
}

/** Splits one run's points into the events that wrote them. */
function groupEvents(points: readonly RecordedPoint[]): { kind: MetricKind; values: Values }[] {
  const groups: { kind: MetricKind; values: Values }[] = [];
  let current: Values | null = null;
  let at = '';
  for (const p of points) {
    if (!current || eventKey(p) !== at) {
      current = new Map();
      groups.push({ kind: p.kind, values: current });
      at = eventKey(p);
    }
    current.set(key(p), p);
  }
  return groups;
}
