/** `mnist-lab compare RUN RUN...`: results side by side, and only the settings that differ. */
import { finalMetricRows } from '../../../common/training/final-metrics';
import { settingsDiff } from '../../../common/training/settings-diff';
import { formatSpread } from '../../../common/sweeps/grouping';
import { SWEEP_METRIC_LABELS, SWEEP_METRICS, type SweepDetail } from '../../../common/sweeps/types';
import { stringOption, type Command, type CommandContext } from '../command';
import { CliUsageError, EXIT_OK } from '../errors';
import { sweepGroups } from './sweep';
import { parseRunId, printJson, table } from '../io';

/** A sweep's groups of seeds side by side: every result as mean ± std (n). */
async function compareSweep(ctx: CommandContext, id: number): Promise<number> {
  const services = await ctx.services();
  const detail = services.handlers.getSweep(id) as SweepDetail;
  const groups = sweepGroups(detail);
  if (ctx.json) printJson(ctx.io, { sweepId: id, groups });
  else {
    const rows = groups.map((g) => [Object.entries(g.values).map(([k, v]) => `${k}=${String(v)}`).join(' '), g.runIds.join(','), ...SWEEP_METRICS.map((m) => formatSpread(g.stats[m]))]);
    ctx.io.out(table(['values', 'runs', ...SWEEP_METRICS.map((m) => SWEEP_METRIC_LABELS[m])], rows));
  }
  return EXIT_OK;
}

export const compare: Command = {
  name: 'compare',
  summary: 'Compare runs: metrics side by side and the settings that differ.',
  usage: 'mnist-lab compare RUN RUN... [--json]\n       mnist-lab compare --sweep ID [--json]   (its groups of seeds side by side)',
  options: { sweep: stringOption },
  async run(ctx) {
    if (typeof ctx.values.sweep === 'string') return compareSweep(ctx, parseRunId(ctx.values.sweep));
    if (ctx.positionals.length < 2) throw new CliUsageError('Give at least two run ids to compare.');
    const ids = ctx.positionals.map(parseRunId);
    const services = await ctx.services();
    // Results without their metric points: nothing here reads a curve.
    const runs = await Promise.all(ids.map((id) => services.handlers.getRunResults(id)));
    const differences = settingsDiff(runs);
    // The rows the Compare screen shows, with the same best value of each marked.
    const results = finalMetricRows(runs);
    if (ctx.json) {
      printJson(ctx.io, {
        runs,
        results: Object.fromEntries(results.map((row) => [row.key, row.values])),
        best: Object.fromEntries(results.flatMap((row) => (row.best === null ? [] : [[row.key, runs[row.best].id]]))),
        differences,
      });
      return EXIT_OK;
    }
    const headers = ['', ...runs.map((r) => `#${r.id} ${r.name.slice(0, 24)}`)];
    let text = table(headers, results.map((row) => [row.metric, ...row.values.map((value, i) => (row.best === i ? `${value} *` : value))]));
    text += results.some((row) => row.best !== null) ? '* the best of these runs\n' : '';
    text += differences.length
      ? `\nSettings that differ:\n${table(['setting', ...runs.map((r) => `#${r.id}`)], differences.map((d) => [d.setting, ...d.values]))}`
      : '\nAll settings are the same.\n';
    ctx.io.out(text);
    return EXIT_OK;
  },
};
