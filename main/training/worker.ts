/**
 * Entry point of the training process. Waits for `{ type: 'start', job }`, trains, streams
 * TrainingEvents to the parent and exits after the ending event. `{ type: 'cancel' }` stops
 * training between batches. If the parent disappears, the process exits at once.
 */
import type { EndingEvent, TrainingEvent } from '../../common/training/run';
import { train, describeFailure } from './trainer';
import { isEnding } from './events';
import { connectToParent, type ParentChannel } from './transport';
import { replicaEntryBeside } from './parallel/replica-entry';

/** Gives postMessage (which has no completion callback) a moment to flush before exiting. */
const FLUSH_MS = 50;

function runWorker(channel: ParentChannel): void {
  const signal = { cancelled: false };
  let started = false;
  let ended = false;

  const endWith = async (event: EndingEvent): Promise<void> => {
    if (ended) return;
    ended = true;
    await channel.send(event);
    setTimeout(() => process.exit(event.type === 'failed' ? 1 : 0), FLUSH_MS);
  };

  const emit = (event: TrainingEvent): void => {
    if (ended) return;
    if (isEnding(event)) void endWith(event);
    else void channel.send(event);
  };

  channel.onParentGone(() => process.exit(0));
  channel.onMessage((message) => {
    if (message.type === 'cancel') {
      signal.cancelled = true;
      // Cancelled before a job arrived: nothing to stop, just end.
      if (!started) void endWith({ type: 'cancelled' });
      return;
    }
    if (started) return;
    started = true;
    void train(message.job, emit, signal, { replicaEntry: replicaEntryBeside(import.meta.url) ?? undefined }).then(() => {
      if (!ended) void endWith({ type: 'failed', message: 'Training stopped without reporting a result.' });
    });
  });

  const fail = (err: unknown): void => {
    if (ended) return process.exit(1);
    void endWith({ type: 'failed', message: describeFailure(err) });
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

runWorker(connectToParent());
