/**
 * Entry point of the training process. Waits for `{ type: 'start', job }`, trains, streams
 * TrainingEvents to the parent and exits after the ending event. `{ type: 'cancel' }` stops
 * training between batches. If the parent disappears, the process exits at once.
 */
import type { EndingEvent, TrainingEvent } from '../../common/training/run';
import { isEnding } from './events';
import { connectToParent, type ParentChannel } from './transport';
import { prestartReplicaThread, replicaEntryBeside, sourceReplicaEntry } from './parallel/replica-entry';

const replicaEntry = replicaEntryBeside(import.meta.url) ?? sourceReplicaEntry;
// The replica thread a run on several cores will want loads its modules on another core while
// this thread loads the trainer's (each about half a second), instead of after.
prestartReplicaThread(replicaEntry);
const trainer = import('./trainer');

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
    void trainer
      .then(({ train }) => train(message.job, emit, signal, { replicaEntry }))
      .then(
        () => (ended ? undefined : endWith({ type: 'failed', message: 'Training stopped without reporting a result.' })),
        (error: unknown) => fail(error),
      );
  });

  const fail = (err: unknown): void => {
    if (ended) return process.exit(1);
    void trainer.then(
      ({ describeFailure }) => endWith({ type: 'failed', message: describeFailure(err) }),
      () => endWith({ type: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
  };
  process.on('uncaughtException', fail);
  process.on('unhandledRejection', fail);
}

runWorker(connectToParent());
