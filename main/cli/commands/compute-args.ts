/**
 * `--on local|slurm` and Slurm's flags, shared by `train` and `sweep`. Flags override the Compute
 * setting saved in the data folder (the app's Settings), so a cluster's shared folder and partition
 * need saying once.
 */
import { resolve } from 'node:path';
import { parseComputeTarget, splitOptions, type ComputeTarget } from '../../../common/compute/compute-target';
import { stringOption, type CommandContext } from '../command';
import { CliUsageError } from '../errors';
import { formatIssues } from '../io';

export const COMPUTE_OPTIONS = {
  on: stringOption,
  partition: stringOption,
  account: stringOption,
  gpus: stringOption,
  cpus: stringOption,
  mem: stringOption,
  time: stringOption,
  'max-running': stringOption,
  'shared-dir': stringOption,
  'sbatch-options': stringOption,
};

export const COMPUTE_USAGE =
  '[--on local|slurm] [--partition P] [--account A] [--gpus N] [--cpus N] [--mem 4G] [--time 1:00:00] [--max-running N] [--shared-dir DIR] [--sbatch-options "--qos=short ..."]';

const SLURM_FLAGS: Record<string, string> = { partition: 'partition', account: 'account', gpus: 'gpus', cpus: 'cpus', mem: 'memory', time: 'timeLimit', 'max-running': 'maxRunning', 'shared-dir': 'sharedDir', 'sbatch-options': 'extraOptions' };
const NUMBERS = new Set(['gpus', 'cpus', 'maxRunning']);

/** Checks the flags alone, before the data folder is opened: bad input writes nothing. */
export function checkComputeFlags(values: CommandContext['values']): void {
  const on = values.on;
  if (on !== undefined && on !== 'local' && on !== 'slurm') throw new CliUsageError(`--on "${String(on)}": use local (this machine) or slurm.`);
  const given = Object.keys(SLURM_FLAGS).filter((flag) => values[flag] !== undefined);
  if (given.length > 0 && on !== 'slurm') throw new CliUsageError(`--${given[0]} is a Slurm setting: add --on slurm.`);
}

/** Where to train, from the flags over the saved Compute setting; undefined for this machine. */
export function computeFromArgs(values: CommandContext['values'], saved: ComputeTarget): ComputeTarget | undefined {
  checkComputeFlags(values);
  if (values.on !== 'slurm') return undefined;
  const slurm: Record<string, unknown> = { ...(saved.on === 'slurm' ? saved.slurm : {}) };
  for (const [flag, field] of Object.entries(SLURM_FLAGS)) {
    const raw = values[flag];
    if (typeof raw !== 'string') continue;
    if (field === 'sharedDir') slurm[field] = resolve(raw);
    else if (field === 'extraOptions') slurm[field] = splitOptions(raw);
    else slurm[field] = NUMBERS.has(field) && /^\d+$/.test(raw) ? Number(raw) : raw;
  }
  if (slurm.sharedDir === undefined) throw new CliUsageError('Training on Slurm needs a shared folder that this machine and the compute nodes both see: --shared-dir DIR.');
  const parsed = parseComputeTarget({ on: 'slurm', slurm });
  if (!parsed.value) throw new CliUsageError(`The Slurm settings are not valid:\n${formatIssues(parsed.issues).trimEnd()}`);
  return parsed.value;
}
