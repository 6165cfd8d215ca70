/** `mnist-lab sweep` (run one, or resume one) and `mnist-lab sweeps` (list them). */
import { duration, percent } from '../../../common/format/numbers';
import { formatSpread, groupRuns } from '../../../common/sweeps/grouping';
import { SWEEP_METRIC_LABELS, type SweepDetail, type SweepSummary, type SweepTrial } from '../../../common/sweeps/types';
import { flagOption, stringOption, type Command, type CommandContext } from '../command';
import { CliUsageError, EXIT_FAILED, EXIT_OK } from '../errors';
import { parseRunId, printJson, table } from '../io';
import { sweepFromArgs } from './sweep-args';
import { RUN_OPTIONS } from './train';
import { checkComputeFlags, COMPUTE_OPTIONS, COMPUTE_USAGE, computeFromArgs } from './compute-args';
import { savedCompute } from '../../slurm/saved-compute';

const describeValues = (values: SweepTrial['values']): string => Object.entries(values).map(([k, v]) => `${k}=${String(v)}`).join(' ');

/** The sweep's trials grouped over seeds, each with its values and the metric's mean ± std (n). */
export function sweepGroups(detail: SweepDetail) {
  const trialOfRun = new Map(detail.trials.filter((t) => t.runId !== null).map((t) => [t.runId!, t]));
  // Pruned trials stopped early: their metric would drag a group's mean down for a reason that is not the settings.
  const finished = detail.runs.filter((r) => trialOfRun.get(r.id)?.status === 'completed');
  return groupRuns(finished).map((g) => ({ values: trialOfRun.get(g.runs[0].id)!.values, runIds: g.runs.map((r) => r.id), stats: g.stats }));
}

export function sweepReport(detail: SweepDetail) {
  return {
    sweepId: detail.id,
    name: detail.name,
    status: detail.status,
    metric: detail.spec.metric,
    counts: detail.counts,
    best: detail.best,
    trials: detail.trials.map(({ index, values, seed, runId, status, value, prunedAtEpoch }) => ({ index, values, seed, runId, status, value, prunedAtEpoch })),
    groups: sweepGroups(detail),
  };
}

export function printSweep(ctx: CommandContext, detail: SweepDetail): void {
  if (ctx.json) return printJson(ctx.io, sweepReport(detail));
  const label = SWEEP_METRIC_LABELS[detail.spec.metric];
  const trials = detail.trials.map((t) => [String(t.index + 1), describeValues(t.values), String(t.seed), t.runId === null ? '' : String(t.runId), t.prunedAtEpoch !== null ? `pruned at epoch ${t.prunedAtEpoch}` : t.status, percent(t.value)]);
  const groups = sweepGroups(detail).map((g) => [describeValues(g.values), String(g.runIds.length), formatSpread(g.stats[detail.spec.metric])]);
  const best = detail.best ? detail.trials[detail.best.trialIndex] : null;
  ctx.io.out(
    [
      `Sweep ${detail.id} "${detail.name}": ${detail.status}, ${detail.trialCount} trials, ranked by ${label}.`,
      '',
      table(['#', 'values', 'seed', 'run', 'status', label], trials),
      'Grouped over seeds (completed trials):',
      table(['values', 'n', `${label} mean ± std`], groups),
      best ? `Best trial: #${best.index + 1} (run ${best.runId}) ${describeValues(best.values)} seed ${best.seed}: ${percent(detail.best!.value)}.` : 'No trial has completed yet.',
      '',
    ].join('\n'),
  );
}

async function follow(ctx: CommandContext, sweepId: number): Promise<number> {
  const services = await ctx.services();
  const say = (line: string): void => {
    if (!ctx.json) ctx.io.out(`${line}\n`);
  };
  const off = services.on('runEvent', ({ runId, event }) => {
    if (event.type !== 'done' && event.type !== 'cancelled' && event.type !== 'failed' && event.type !== 'diverged') return;
    const trial = services.store.sweeps.trialOfRun(runId);
    if (!trial || trial.sweepId !== sweepId) return;
    const t = services.store.sweeps.trials(sweepId)[trial.index];
    const run = services.store.getRun(runId);
    const what = t.prunedAtEpoch !== null ? `pruned at epoch ${t.prunedAtEpoch}` : (run?.status ?? event.type);
    say(`trial ${trial.index + 1}/${services.store.sweeps.trials(sweepId).length} ${describeValues(t.values)} seed ${t.seed}: ${what}, best val acc ${percent(run?.bestValAccuracy)}`);
  });
  // Ctrl+C pauses: the trial in training is cancelled and `mnist-lab sweep --resume ID` goes on.
  const stop = (): void => {
    try {
      services.sweeps.pause(sweepId);
      for (const entry of services.queue.entries()) if (services.store.sweeps.trialOfRun(entry.runId)?.sweepId === sweepId) services.queue.cancel(entry.runId);
      // Trials on Slurm are cancelled too (scancel): pausing must not leave jobs training for nobody.
      for (const entry of services.slurm.entries()) if (services.store.sweeps.trialOfRun(entry.runId)?.sweepId === sweepId) services.slurm.cancel(entry.runId);
    } catch {
      // Already ended.
    }
  };
  process.once('SIGINT', stop);
  const started = Date.now();
  try {
    const ended = await services.sweeps.whenDone(sweepId, true);
    await services.queue.whenIdle();
    const detail = services.handlers.getSweep(sweepId) as SweepDetail;
    printSweep(ctx, detail);
    if (ended.status === 'paused') ctx.io.err(`Sweep ${sweepId} paused: go on with \`mnist-lab sweep --resume ${sweepId}\`.\n`);
    else say(`Sweep ${sweepId} ${ended.status} in ${duration(Date.now() - started)}.`);
    const bad = (detail.counts.failed ?? 0) + (detail.counts.diverged ?? 0) + (detail.counts.interrupted ?? 0);
    return ended.status === 'completed' && bad === 0 ? EXIT_OK : EXIT_FAILED;
  } finally {
    off();
    process.off('SIGINT', stop);
  }
}

export const sweep: Command = {
  name: 'sweep',
  summary: 'Run a sweep: vary settings or layers over seeds (grid, random or successive halving), then group the results.',
  usage:
    'mnist-lab sweep [FILE.json] [--preset NAME | --arch FILE.json] [train\'s settings as the base] --vary KEY=V1,V2 | --vary KEY=MIN..MAX[:log][:int][:STEPS] ... ' +
    '[--seeds N] [--strategy grid|random|halving] [--trials N] [--min-epochs N] [--reduction N] [--metric best|final|test] [--trials-at-once N] [--dry-run] [--json]\n' +
    `       ${COMPUTE_USAGE}: each trial one Slurm job, the trials one job array\n` +
    '       mnist-lab sweep --resume ID [--json]\n' +
    'KEY: a setting (lr, batchSize, optimizer, schedule, epochs, augment, ...) or a layer field, counted from 1 (layer3.filters, layer6.rate).',
  options: {
    ...RUN_OPTIONS,
    vary: { type: 'string', multiple: true },
    seeds: stringOption,
    strategy: stringOption,
    trials: stringOption,
    'min-epochs': stringOption,
    reduction: stringOption,
    metric: stringOption,
    'trials-at-once': stringOption,
    'dry-run': flagOption,
    ...COMPUTE_OPTIONS,
    resume: stringOption,
  },
  async run(ctx) {
    if (typeof ctx.values.resume === 'string') {
      const id = parseRunId(ctx.values.resume);
      const services = await ctx.services();
      services.sweeps.resume(id);
      return follow(ctx, id);
    }
    const parsed = sweepFromArgs(ctx);
    checkComputeFlags(ctx.values);
    const services = await ctx.services();
    const compute = computeFromArgs(ctx.values, savedCompute(services.store));
    const spec = compute ? { ...parsed, compute } : parsed;
    const plan = services.sweeps.plan(spec);
    const shape = `${plan.trials.length} trials (${plan.configurations} combinations x ${spec.seeds} seed${spec.seeds === 1 ? '' : 's'})`;
    const estimate = plan.estimateSeconds === null ? 'no estimate yet (nothing trained here to go by)' : `about ${duration(plan.estimateSeconds * 1000)}`;
    if (ctx.values['dry-run'] === true) {
      if (plan.issues.length > 0) services.handlers.startSweep(spec); // throws the issues, as a real start would
      if (ctx.json) printJson(ctx.io, { trials: plan.trials, configurations: plan.configurations, estimateSeconds: plan.estimateSeconds });
      else ctx.io.out(`${shape}, ${estimate}. Nothing was queued (--dry-run).\n`);
      return EXIT_OK;
    }
    const started: SweepSummary = services.handlers.startSweep(spec) as SweepSummary;
    if (!ctx.json) ctx.io.out(`Sweep ${started.id} "${started.name}": ${shape}, ${estimate}.\n`);
    return follow(ctx, started.id);
  },
};

export const sweeps: Command = {
  name: 'sweeps',
  summary: 'List sweeps, newest first.',
  usage: 'mnist-lab sweeps [--json]',
  options: {},
  async run(ctx) {
    if (ctx.positionals.length > 0) throw new CliUsageError(`Unexpected argument "${ctx.positionals[0]}".`);
    const services = await ctx.services();
    const list = services.handlers.listSweeps() as SweepSummary[];
    if (ctx.json) printJson(ctx.io, list);
    else {
      const rows = list.map((s) => [String(s.id), s.name, s.status, `${s.trialCount - (s.counts.pending ?? 0) - (s.counts.queued ?? 0) - (s.counts.running ?? 0)}/${s.trialCount}`, s.best ? `${percent(s.best.value)} (run ${s.best.runId})` : '—']);
      ctx.io.out(list.length === 0 ? 'No sweeps yet: see `mnist-lab sweep --help`.\n' : table(['id', 'name', 'status', 'done', 'best'], rows));
    }
    return EXIT_OK;
  },
};
