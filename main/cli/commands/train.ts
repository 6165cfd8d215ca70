/** `mnist-lab train`: validate the network and settings, queue a run, follow it to the end. */
import { readFileSync } from 'node:fs';
import { analyzeArchitecture } from '../../../common/layers/analyze';
import { parseDesignFile } from '../../../common/layers/design-file';
import { parseArchitecture } from '../../../common/layers/parse';
import { DEFAULT_PRESET_ID, findPreset } from '../../../common/layers/presets';
import type { LayerSpec, ValidationIssue } from '../../../common/layers/types';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../../common/training/hyperparameters';
import { parseHyperparameters } from '../../../common/training/validate-hyperparameters';
import { flagOption, stringOption, type Command, type CommandContext } from '../command';
import { CliUsageError } from '../errors';
import { formatIssues } from '../io';
import { checkComputeFlags, COMPUTE_OPTIONS, COMPUTE_USAGE, computeFromArgs } from './compute-args';
import { followRun } from './follow-run';
import { savedCompute } from '../../slurm/saved-compute';

/** Command-line flags for numeric and text hyperparameters, by the field they set. */
const SETTING_FLAGS: Record<string, keyof Hyperparameters> = {
  optimizer: 'optimizer',
  lr: 'learningRate',
  'learning-rate': 'learningRate',
  momentum: 'momentum',
  beta1: 'beta1',
  beta2: 'beta2',
  schedule: 'schedule',
  'step-every': 'stepEvery',
  'step-factor': 'stepFactor',
  'batch-size': 'batchSize',
  epochs: 'epochs',
  'validation-split': 'validationSplit',
  seed: 'seed',
  patience: 'earlyStoppingPatience',
  'train-limit': 'trainLimit',
  'test-limit': 'testLimit',
  backend: 'backend',
  workers: 'workers',
  augmentation: 'augment',
};
const TEXT_SETTINGS = new Set<keyof Hyperparameters>(['optimizer', 'schedule', 'backend', 'workers', 'augment']);

function fail(what: string, issues: ValidationIssue[]): never {
  throw new CliUsageError(`${what}:\n${formatIssues(issues).trimEnd()}`);
}

export interface Plan {
  name: string | undefined;
  presetId: string | null;
  layers: LayerSpec[];
  hyperparameters: Hyperparameters;
}

/** Everything is checked before the data folder is touched, so bad input writes nothing. */
export function plan(values: CommandContext['values']): Plan {
  if (values.preset && values.arch) throw new CliUsageError('Give either --preset or --arch, not both.');
  let layers: unknown;
  let presetId: string | null = null;
  let fileName: string | undefined;
  let base: Hyperparameters = DEFAULT_HYPERPARAMETERS;
  if (typeof values.arch === 'string') {
    let text: string;
    try {
      text = readFileSync(values.arch, 'utf8');
    } catch {
      throw new CliUsageError(`Cannot read the architecture file ${values.arch}.`);
    }
    // The file the app exports: its settings and name are the defaults here; flags override them.
    const read = parseDesignFile(text);
    if (!read.ok) fail(`${values.arch}: ${read.message}`, read.issues);
    layers = read.design.layers;
    presetId = read.design.presetId;
    fileName = read.design.name || undefined;
    if (read.design.hyperparameters) base = read.design.hyperparameters;
  } else {
    const wanted = typeof values.preset === 'string' ? values.preset : DEFAULT_PRESET_ID;
    const preset = findPreset(wanted);
    if (!preset) throw new CliUsageError(`There is no preset "${wanted}". See \`mnist-lab presets\`.`);
    layers = preset.layers;
    presetId = preset.id;
    base = { ...DEFAULT_HYPERPARAMETERS, ...preset.hyperparameters };
  }
  const parsed = parseArchitecture(layers);
  if (!parsed.layers) fail('The architecture is not valid', parsed.issues);
  const report = analyzeArchitecture(parsed.layers);
  if (report.issues.length > 0) fail('This network cannot be trained yet', report.issues);

  const overrides: Record<string, unknown> = {};
  for (const [flag, field] of Object.entries(SETTING_FLAGS)) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    overrides[field] = TEXT_SETTINGS.has(field) ? raw : raw === 'all' || raw === 'none' ? null : Number(raw);
  }
  // The older on/off flags: --augment meant the 2-pixel shifts.
  if (values.augment === true) overrides.augment = 'shift';
  if (values['no-augment'] === true) overrides.augment = 'off';
  const settings = parseHyperparameters(overrides, base);
  if (!settings.value) fail('Some settings are not valid', settings.issues);
  return { name: typeof values.name === 'string' ? values.name : fileName, presetId, layers: parsed.layers, hyperparameters: settings.value };
}

/** The options that describe a network and its settings: `train`'s, and a sweep's base. */
export const RUN_OPTIONS = {
  preset: stringOption,
  arch: stringOption,
  name: stringOption,
  augment: flagOption,
  'no-augment': flagOption,
  ...Object.fromEntries(Object.keys(SETTING_FLAGS).map((flag) => [flag, stringOption])),
};

async function run(ctx: CommandContext): Promise<number> {
  if (ctx.positionals.length > 0) throw new CliUsageError(`Unexpected argument "${ctx.positionals[0]}".`);
  const p = plan(ctx.values);
  checkComputeFlags(ctx.values);
  const services = await ctx.services();
  const compute = computeFromArgs(ctx.values, savedCompute(services.store));
  return followRun(ctx, services, () => services.handlers.startRun({ ...p, ...(compute ? { compute } : {}) }));
}

export const train: Command = {
  name: 'train',
  summary: 'Train a network (a preset or an architecture file) and record the run.',
  usage:
    'mnist-lab train [--preset NAME | --arch FILE.json] [--epochs N] [--batch-size N] [--lr X] [--optimizer adam|sgd|rmsprop] ' +
    '[--momentum X] [--beta1 X] [--beta2 X] [--schedule constant|step|oneCycle|cosine] [--step-every N] [--step-factor X] [--validation-split X] [--seed N] ' +
    '[--patience N] [--augmentation off|shift|handwriting] [--train-limit N|all] [--test-limit N|all] [--backend auto|tfjs-node-gpu|tfjs-node|wasm|cpu] [--workers auto|1|2|3|4] [--name TEXT] ' +
    `${COMPUTE_USAGE} [--json]`,
  options: { ...RUN_OPTIONS, ...COMPUTE_OPTIONS },
  run,
};
