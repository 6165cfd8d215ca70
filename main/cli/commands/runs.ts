/** `mnist-lab runs` and `mnist-lab show RUN`. */
import { existsSync } from 'node:fs';
import { compactCount, decimal, duration, percent, runDuration } from '../../../common/format/numbers';
import { describeLayer } from '../../../common/layers/describe';
import { epochRows } from '../../../common/training/epochs';
import { pointsFromSeries } from '../../../common/training/metric-series';
import { describeRealWorld, readInFewerViews } from '../../../common/training/real-world';
import { reproducibility } from '../../../common/training/reproducibility';
import { RELATION_LABELS, RUN_STATUSES, type RunRelative, type RunStatus, type RunSummary } from '../../../common/training/run';
import { databaseFile } from '../../home';
import type { SweepDetail } from '../../../common/sweeps/types';
import { flagOption, stringOption, type Command } from '../command';
import { realWorldStyleTable } from './score';
import { printSweep } from './sweep';
import { CliUsageError, EXIT_OK } from '../errors';
import { parseRunId, printJson, table } from '../io';

const date = (ms: number): string => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

export function runRow(r: RunSummary): string[] {
  return [
    String(r.id),
    r.name.length > 40 ? `${r.name.slice(0, 39)}…` : r.name,
    r.status,
    r.presetId ?? 'custom',
    compactCount(r.params),
    percent(r.bestValAccuracy),
    percent(r.testAccuracy),
    `${percent(r.realWorldAccuracy)}${readInFewerViews(r.realWorldViews) ? '*' : ''}`,
    duration(runDuration(r)),
    r.backend ?? '—',
    date(r.createdAt),
  ];
}
export const RUN_HEADERS = ['id', 'name', 'status', 'preset', 'params', 'best val', 'test acc', 'real-world', 'time', 'backend', 'created'];

export const runs: Command = {
  name: 'runs',
  summary: 'List runs, newest first.',
  usage: 'mnist-lab runs [--search TEXT] [--status completed,failed,...] [--starred] [--deleted] [--limit N] [--json]',
  options: { search: stringOption, status: stringOption, starred: flagOption, deleted: flagOption, limit: stringOption },
  async run(ctx) {
    const status = typeof ctx.values.status === 'string' ? ctx.values.status.split(',').map((s) => s.trim()) : undefined;
    const unknown = status?.find((s) => !(RUN_STATUSES as readonly string[]).includes(s));
    if (unknown) throw new CliUsageError(`Unknown status "${unknown}"; use ${RUN_STATUSES.join(', ')}.`);
    const limit = typeof ctx.values.limit === 'string' ? Number(ctx.values.limit) : undefined;
    if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new CliUsageError('--limit must be a whole number above 0.');
    // Listing an empty folder should not create a database there.
    if (!existsSync(databaseFile(ctx.homeDir))) {
      if (ctx.json) printJson(ctx.io, []);
      else ctx.io.out(`No runs yet in ${ctx.homeDir}.\n`);
      return EXIT_OK;
    }
    const services = await ctx.services();
    const list = services.handlers.listRuns({
      search: typeof ctx.values.search === 'string' ? ctx.values.search : undefined,
      status: status as RunStatus[] | undefined,
      starred: ctx.values.starred === true ? true : undefined,
      includeDeleted: ctx.values.deleted === true,
      limit,
    }) as RunSummary[];
    if (ctx.json) printJson(ctx.io, list);
    else ctx.io.out(list.length ? table(RUN_HEADERS, list.map(runRow)) + starredScoresNote(list) : 'No runs match.\n');
    return EXIT_OK;
  },
};

/** The footnote of a listing with starred real-world scores (scored before pictures were read in several views). */
export function starredScoresNote(list: readonly RunSummary[]): string {
  return list.some((r) => readInFewerViews(r.realWorldViews)) ? '* real-world score read in one view a picture, before the views: lower than this version would score the same model.\n' : '';
}

/** `run 3 "name" (completed)`, saying so when it is deleted. */
function relative(r: RunRelative): string {
  return `run ${r.id} "${r.name}" (${r.status}${r.deletedAt === null ? '' : ', deleted'})`;
}

export const show: Command = {
  name: 'show',
  summary: 'Show one run: settings, architecture, per-epoch metrics and test results.',
  usage: 'mnist-lab show RUN [--json]\n       mnist-lab show --sweep ID [--json]   (its trials, grouped results and best trial)',
  options: { sweep: stringOption },
  async run(ctx) {
    if (typeof ctx.values.sweep === 'string') {
      const sweepId = parseRunId(ctx.values.sweep);
      const services = await ctx.services();
      printSweep(ctx, services.handlers.getSweep(sweepId) as SweepDetail);
      return EXIT_OK;
    }
    const id = parseRunId(ctx.positionals[0]);
    const services = await ctx.services();
    const run = await services.handlers.getRun(id);
    if (ctx.json) {
      // Points as objects in JSON: typed arrays would print as index-keyed objects.
      printJson(ctx.io, { ...run, metrics: pointsFromSeries(run.metrics), epochs: epochRows(run.metrics), reproducibility: reproducibility(run.backend) });
      return EXIT_OK;
    }
    const out: string[] = [];
    out.push(`Run ${run.id}: ${run.name}`, `status     ${run.status}${run.error ? ` — ${run.error}` : ''}`);
    out.push(`preset     ${run.presetId ?? 'custom'}`, `backend    ${run.backend ?? '—'} ${run.device ? `(${run.device})` : ''}`);
    const exactness = reproducibility(run.backend);
    if (exactness) out.push(`re-run     ${exactness.note}`);
    out.push(`params     ${run.params.toLocaleString('en-US')}`, `time       ${duration(runDuration(run))}`);
    out.push(`test       accuracy ${percent(run.testAccuracy)}, loss ${decimal(run.testLoss)}`);
    out.push(`real-world ${describeRealWorld(run.realWorld, percent)}${run.realWorld === null && run.status === 'completed' ? ` (mnist-lab score ${run.id})` : ''}`);
    out.push(`best val   ${percent(run.bestValAccuracy)} at epoch ${run.bestEpoch ?? '—'}`);
    if (run.tags.length) out.push(`tags       ${run.tags.join(', ')}`);
    if (run.notes) out.push(`notes      ${run.notes}`);
    if (run.relation) {
      const of = run.family.parent ? relative(run.family.parent) : 'a run no longer kept';
      out.push(`parent     ${RELATION_LABELS[run.relation]} of ${of}`);
    }
    if (run.family.children.length) {
      out.push('', 'Re-runs and forks:', ...run.family.children.map((c) => `  ${c.relation ? RELATION_LABELS[c.relation] : ''}  ${relative(c)}`));
    }
    out.push('', 'Architecture:', ...run.layers.map((l, i) => `  ${i + 1}. ${describeLayer(l)}`));
    out.push('', 'Settings:', ...Object.entries(run.hyperparameters).map(([k, v]) => `  ${k.padEnd(22)} ${String(v)}`));
    const rows = epochRows(run.metrics);
    if (rows.length) {
      out.push('', 'Epochs:');
      out.push(
        table(
          ['epoch', 'loss', 'acc', 'val loss', 'val acc'],
          rows.map((r) => [String(r.epoch), decimal(r.trainLoss), percent(r.trainAccuracy), decimal(r.valLoss), percent(r.valAccuracy)]),
        ).trimEnd(),
      );
    }
    if (run.realWorld?.ok) {
      out.push('', 'Real-world set, per style (final model):');
      out.push(realWorldStyleTable(run.realWorld));
    }
    if (run.models.length) out.push('', 'Models:', ...run.models.map((m) => `  ${m.kind.padEnd(6)} epoch ${m.epoch}  ${m.path}  sha256 ${m.sha256.slice(0, 12)}…`));
    ctx.io.out(`${out.join('\n')}\n`);
    return EXIT_OK;
  },
};
