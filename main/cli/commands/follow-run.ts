/** Queues a run and follows it to the end: progress, a line per epoch, the result; `train` and `rerun` print alike. */
import { decimal, duration, percent } from '../../../common/format/numbers';
import { trainingAtOnceNotice } from '../../../common/training/other-processes';
import { slurmJobLabel } from '../../../common/compute/compute-target';
import { RELATION_LABELS, type EpochResult, type RunStatus, type RunSummary, type TrainingEvent } from '../../../common/training/run';
import type { LabServices } from '../../services/lab-services';
import { isOwnerGone } from '../../store/owner';
import type { CommandContext } from '../command';
import { EXIT_FAILED, EXIT_OK } from '../errors';
import { printJson } from '../io';
import { ProgressBar } from '../progress-bar';

/** `queueRun` creates and queues the run; the exit code says whether it completed. */
export async function followRun(ctx: CommandContext, services: LabServices, queueRun: () => RunSummary | Promise<RunSummary>): Promise<number> {
  const epochs: EpochResult[] = [];
  const bar = ctx.io.interactive && !ctx.json ? new ProgressBar((t) => ctx.io.err(t)) : null;
  let runId = 0;
  const say = (line: string): void => {
    bar?.clear();
    if (!ctx.json) ctx.io.out(`${line}\n`);
  };
  const onEvent = (id: number, e: TrainingEvent): void => {
    if (id !== runId) return;
    bar?.update(e);
    if (e.type === 'started') {
      const threads = `${e.info.threads} thread${e.info.threads === 1 ? '' : 's'}`;
      say(`Training on ${e.info.backend} (${e.info.device}, ${threads}): ${e.trainSize} training, ${e.valSize} validation, ${e.testSize} test images.`);
      warnIfTrainingElsewhere(services, ctx);
    }
    if (e.type === 'epoch') {
      const { type: _t, step: _s, time: _time, ...result } = e;
      epochs.push(result);
      say(`epoch ${e.epoch}: loss ${decimal(e.trainLoss)} acc ${percent(e.trainAccuracy)}  val loss ${decimal(e.valLoss)} val acc ${percent(e.valAccuracy)}  (${e.seconds.toFixed(1)} s)`);
    }
  };
  const offs = [
    services.queue.on(onEvent),
    services.slurm.on(onEvent),
    // A job waiting in Slurm says why (Priority, Resources, a partition's limit): no silent wait.
    services.slurm.onStateChanged((id, state) => {
      if (id === runId) say(`${slurmJobLabel({ jobId: services.store.slurm.get(id)?.jobId ?? null, ...state })}.`);
    }),
  ];
  const off = (): void => offs.forEach((o) => o());
  const stop = (): void => void (services.queue.cancel(runId) || services.slurm.cancel(runId));
  process.once('SIGINT', stop);
  try {
    const queued = await queueRun();
    runId = queued.id;
    const parent = queued.relation && queued.parentRunId !== null ? ` (${RELATION_LABELS[queued.relation]} of run ${queued.parentRunId})` : '';
    const job = services.store.slurm.get(runId);
    say(`Run ${runId} "${queued.name}"${parent} queued${job?.jobId ? ` as Slurm job ${job.jobId}` : ''}.`);
    const final = await (services.slurm.holds(runId) ? services.slurm.waitFor(runId) : services.queue.waitFor(runId));
    bar?.clear();
    if (ctx.json) {
      printJson(ctx.io, {
        runId,
        name: final.name,
        status: final.status,
        parentRunId: final.parentRunId,
        relation: final.relation,
        backend: final.backend,
        device: final.device,
        tfjsVersion: final.tfjsVersion,
        params: final.params,
        testAccuracy: final.testAccuracy,
        testLoss: final.testLoss,
        realWorldAccuracy: final.realWorldAccuracy,
        bestValAccuracy: final.bestValAccuracy,
        bestEpoch: final.bestEpoch,
        durationMs: final.startedAt && final.finishedAt ? final.finishedAt - final.startedAt : null,
        error: final.error,
        epochs,
      });
    } else if (final.status === 'completed') {
      say(`Run ${runId} completed in ${duration((final.finishedAt ?? 0) - (final.startedAt ?? 0))}: test accuracy ${percent(final.testAccuracy)}, test loss ${decimal(final.testLoss)}, real-world ${percent(final.realWorldAccuracy)}.`);
    } else {
      ctx.io.err(`Run ${runId} ${final.status}${final.error ? `: ${final.error}` : '.'}${cancelledBy(services, runId, final.status)}\n`);
    }
    return final.status === 'completed' ? EXIT_OK : EXIT_FAILED;
  } finally {
    off();
    process.off('SIGINT', stop);
  }
}

/** Runs other MNIST Lab processes are training now slow this one down: say so rather than leave it unexplained. */
function warnIfTrainingElsewhere(services: LabServices, ctx: CommandContext): void {
  const others = services.store.changes.unfinishedElsewhere().filter((r) => r.status === 'running' && !isOwnerGone(r.owner));
  if (others.length === 0) return;
  const processes = new Set(others.map((r) => r.owner.pid)).size + 1;
  ctx.io.err(`${trainingAtOnceNotice(others.length + 1, processes)}\n`);
}

/** A cancel another process asked for, in words; empty otherwise. */
function cancelledBy(services: LabServices, runId: number, status: RunStatus): string {
  const request = status === 'cancelled' ? services.store.changes.cancelRequest(runId) : null;
  return request ? ` Another MNIST Lab process (pid ${request.byPid}) asked to cancel it; what it recorded until then is kept.` : '';
}
