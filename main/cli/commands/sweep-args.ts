/**
 * A sweep from the command line: `--vary KEY=V1,V2,...` or `--vary KEY=MIN..MAX[:log][:int][:STEPS]`
 * over the network and settings `train` takes, or a FILE.json holding a whole SweepSpec.
 */
import { readFileSync } from 'node:fs';
import { parseSweepSpec } from '../../../common/sweeps/parse-spec';
import { SWEEP_METRICS, type SweepMetric, type SweepParameter, type SweepSpec, type SweepStrategy } from '../../../common/sweeps/types';
import { parseValueList } from '../../../common/sweeps/value-list';
import type { CommandContext } from '../command';
import { CliUsageError } from '../errors';
import { formatIssues } from '../io';
import { plan } from './train';

const METRIC_NAMES: Record<string, SweepMetric> = { best: 'bestValAccuracy', final: 'finalValAccuracy', test: 'testAccuracy' };

/** One `--vary` value. */
export function parseVary(text: string): SweepParameter {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new CliUsageError(`--vary "${text}": write KEY=V1,V2 or KEY=MIN..MAX[:log][:int][:STEPS], e.g. lr=0.003,0.01 or lr=1e-4..1e-2:log:5.`);
  const key = text.slice(0, eq);
  const body = text.slice(eq + 1);
  const range = /^([^.:][^:]*?)\.\.([^:]+)((?::[a-z0-9]+)*)$/i.exec(body);
  if (range) {
    const [min, max] = [Number(range[1]), Number(range[2])];
    if (!Number.isFinite(min) || !Number.isFinite(max)) throw new CliUsageError(`--vary "${text}": a range needs two numbers, e.g. ${key}=0.001..0.1:log.`);
    const flags = range[3].split(':').filter(Boolean);
    const steps = flags.find((f) => /^\d+$/.test(f));
    const unknown = flags.filter((f) => f !== 'log' && f !== 'int' && f !== steps);
    if (unknown.length > 0) throw new CliUsageError(`--vary "${text}": unknown range option "${unknown[0]}" (use log, int or a number of grid points).`);
    return { key, min, max, scale: flags.includes('log') ? 'log' : 'linear', integer: flags.includes('int'), ...(steps ? { steps: Number(steps) } : {}) };
  }
  const values = parseValueList(body);
  if (!values) throw new CliUsageError(`--vary "${text}": a list needs values between its commas.`);
  return { key, values };
}

function whole(text: unknown, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (typeof text !== 'string' || !/^\d+$/.test(text)) throw new CliUsageError(`--${flag} "${String(text)}" is not a whole number.`);
  return n;
}

function strategyFromFlags(values: CommandContext['values']): SweepStrategy {
  const kind = (values.strategy as string | undefined) ?? 'grid';
  const trials = whole(values.trials, 'trials');
  if (kind === 'grid') {
    if (trials !== undefined) throw new CliUsageError('--trials is a budget for --strategy random or halving, not for a grid.');
    return { kind: 'grid' };
  }
  if (kind === 'random') {
    if (trials === undefined) throw new CliUsageError('--strategy random needs a budget: --trials N.');
    return { kind: 'random', trials };
  }
  if (kind === 'halving') {
    return { kind: 'halving', ...(trials !== undefined ? { trials } : {}), minEpochs: whole(values['min-epochs'], 'min-epochs') ?? 1, reduction: whole(values.reduction, 'reduction') ?? 3 };
  }
  throw new CliUsageError(`--strategy "${kind}": use grid, random or halving.`);
}

function fromFile(file: string): SweepSpec {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new CliUsageError(`Cannot read the sweep file ${file}.`);
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new CliUsageError(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const { spec, issues } = parseSweepSpec(input);
  if (!spec) throw new CliUsageError(`${file} is not a sweep:\n${formatIssues(issues).trimEnd()}`);
  return spec;
}

/** The sweep the command line describes; checked in full by the services before anything is queued. */
export function sweepFromArgs(ctx: CommandContext): SweepSpec {
  const vary = (ctx.values.vary as string[] | undefined) ?? [];
  if (ctx.positionals.length > 1) throw new CliUsageError(`Unexpected argument "${ctx.positionals[1]}".`);
  if (ctx.positionals.length === 1) {
    if (vary.length > 0) throw new CliUsageError('Give either a sweep FILE.json or --vary options, not both.');
    return fromFile(ctx.positionals[0]);
  }
  if (vary.length === 0) throw new CliUsageError('Say what to vary: --vary lr=0.003,0.01 (repeatable), or give a sweep FILE.json.');
  const base = plan(ctx.values);
  const metricFlag = (ctx.values.metric as string | undefined) ?? 'best';
  const metric = METRIC_NAMES[metricFlag] ?? (SWEEP_METRICS as readonly string[]).find((m) => m === metricFlag);
  if (!metric) throw new CliUsageError(`--metric "${metricFlag}": use best, final or test.`);
  return {
    ...(base.name ? { name: base.name } : {}),
    presetId: base.presetId,
    layers: base.layers,
    hyperparameters: base.hyperparameters,
    parameters: vary.map(parseVary),
    seeds: whole(ctx.values.seeds, 'seeds') ?? 1,
    strategy: strategyFromFlags(ctx.values),
    metric: metric as SweepMetric,
    ...(ctx.values['trials-at-once'] === undefined ? {} : { trialsAtOnce: whole(ctx.values['trials-at-once'], 'trials-at-once') }),
  };
}
