/**
 * Where a run or a sweep's trials train: on this machine (the process's own training queue) or
 * as Slurm jobs on a cluster. The Slurm settings become sbatch options (slurm-options.ts) and are
 * checked here once, for the command line, the app's calls and sweep files alike.
 */
import type { ValidationIssue } from '../layers/types';

export interface SlurmSettings {
  /** A folder the submitting machine and the compute nodes both see (absolute path). */
  sharedDir: string;
  partition?: string;
  account?: string;
  /** GPUs per trial: `--gres=gpu:N`. */
  gpus?: number;
  /** CPUs per trial: `--cpus-per-task`. */
  cpus?: number;
  /** Memory per trial, as sbatch writes it: `4G`, `8000M`. */
  memory?: string;
  /** sbatch's `--time`: `30`, `1:00:00`, `2-00:00:00`. */
  timeLimit?: string;
  /** At most this many of one submission's jobs run at once (a job array's `%N`). */
  maxRunning?: number;
  /** Further sbatch options, each starting with `-` (e.g. `--qos=short`, `--constraint=a100`). */
  extraOptions?: string[];
}

export type ComputeTarget = { on: 'local' } | { on: 'slurm'; slurm: SlurmSettings };

export const LOCAL_COMPUTE: ComputeTarget = { on: 'local' };

const NAME = /^[A-Za-z0-9_.+-]{1,100}$/;
const MEMORY = /^\d{1,9}[KMGT]?$/;
/** minutes | minutes:seconds | hours:minutes:seconds | days-hours[:minutes[:seconds]] */
const TIME = /^(\d{1,4}-\d{1,2}(:\d{1,2}){0,2}|\d{1,6}(:\d{1,2}){0,2})$/;
const MAX_EXTRA = 30;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const problem = (message: string, field: string): ValidationIssue => ({ layerIndex: null, field, message });
const wholeIn = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Checks untrusted settings (a call's arguments, a file): every problem, or the settings. */
export function parseComputeTarget(input: unknown): { value: ComputeTarget | null; issues: ValidationIssue[] } {
  if (input === undefined || input === null) return { value: LOCAL_COMPUTE, issues: [] };
  if (!isRecord(input) || (input.on !== 'local' && input.on !== 'slurm')) {
    return { value: null, issues: [problem('"compute" must say where to train: { "on": "local" } or { "on": "slurm", "slurm": { ... } }.', 'compute')] };
  }
  if (input.on === 'local') return { value: LOCAL_COMPUTE, issues: [] };
  const s = input.slurm;
  if (!isRecord(s)) return { value: null, issues: [problem('Training on Slurm needs its settings, at least the shared folder.', 'compute.slurm')] };
  const issues: ValidationIssue[] = [];
  const f = (name: string): string => `compute.slurm.${name}`;
  if (typeof s.sharedDir !== 'string' || !s.sharedDir.startsWith('/') || s.sharedDir.length > 1000) {
    issues.push(problem('The shared folder must be an absolute path (starting with /) that this machine and the compute nodes both see.', f('sharedDir')));
  }
  for (const key of ['partition', 'account'] as const) {
    if (s[key] !== undefined && (typeof s[key] !== 'string' || !NAME.test(s[key] as string))) {
      issues.push(problem(`The ${key} must be a Slurm name: letters, digits, and . _ + - only.`, f(key)));
    }
  }
  if (s.gpus !== undefined && !wholeIn(s.gpus, 0, 64)) issues.push(problem('GPUs per trial must be a whole number from 0 to 64.', f('gpus')));
  if (s.cpus !== undefined && !wholeIn(s.cpus, 1, 1024)) issues.push(problem('CPUs per trial must be a whole number from 1 to 1024.', f('cpus')));
  if (s.maxRunning !== undefined && !wholeIn(s.maxRunning, 1, 10_000)) issues.push(problem('Jobs at once must be a whole number from 1 to 10000.', f('maxRunning')));
  if (s.memory !== undefined && (typeof s.memory !== 'string' || !MEMORY.test(s.memory))) {
    issues.push(problem('Memory must be a number with an optional unit K, M, G or T, such as 4G or 8000M.', f('memory')));
  }
  if (s.timeLimit !== undefined && (typeof s.timeLimit !== 'string' || !TIME.test(s.timeLimit))) {
    issues.push(problem('The time limit must be written as Slurm does: minutes (30), hours:minutes:seconds (1:00:00) or days-hours (2-00).', f('timeLimit')));
  }
  const extra = s.extraOptions;
  if (extra !== undefined && (!Array.isArray(extra) || extra.length > MAX_EXTRA || !extra.every((o) => typeof o === 'string' && /^-\S{1,200}$/.test(o)))) {
    issues.push(problem(`Extra sbatch options must be at most ${MAX_EXTRA} options, each starting with - and without spaces (--qos=short).`, f('extraOptions')));
  }
  if (issues.length > 0) return { value: null, issues };
  const pick = <K extends keyof SlurmSettings>(key: K): Partial<SlurmSettings> => (s[key] === undefined ? {} : { [key]: s[key] });
  const slurm = {
    sharedDir: s.sharedDir,
    ...pick('partition'),
    ...pick('account'),
    ...pick('gpus'),
    ...pick('cpus'),
    ...pick('memory'),
    ...pick('timeLimit'),
    ...pick('maxRunning'),
    ...pick('extraOptions'),
  } as SlurmSettings;
  return { value: { on: 'slurm', slurm }, issues: [] };
}

/** Splits "--qos=short --constraint=a100" as a user types extra options into a list. */
export function splitOptions(text: string): string[] {
  return text.split(/\s+/).filter((o) => o !== '');
}

/** The sbatch options for these settings, the same for every trial of a submission. */
export function sbatchOptions(s: SlurmSettings): string[] {
  return [
    ...(s.partition ? [`--partition=${s.partition}`] : []),
    ...(s.account ? [`--account=${s.account}`] : []),
    ...(s.gpus ? [`--gres=gpu:${s.gpus}`] : []),
    ...(s.cpus ? [`--cpus-per-task=${s.cpus}`] : []),
    ...(s.memory ? [`--mem=${s.memory}`] : []),
    ...(s.timeLimit ? [`--time=${s.timeLimit}`] : []),
    ...(s.extraOptions ?? []),
  ];
}

/** Slurm's reasons for a pending job that waits for a release, not for its turn (a paused sweep's trials wait so). */
const HELD_REASONS = new Set(['JobHeldUser', 'JobHeldAdmin']);

/** A Slurm job's state in a few words, as the queue and the command line show it: "Slurm job 12_0: pending (Resources)". */
export function slurmJobLabel(job: { jobId: string | null; state: string | null; reason: string | null }): string {
  const held = job.state === 'PENDING' && job.reason !== null && HELD_REASONS.has(job.reason);
  const state = held ? 'held' : job.state ? job.state.toLowerCase() : 'submitted';
  return `Slurm job ${job.jobId ?? '…'}: ${state}${job.reason ? ` (${job.reason})` : ''}`;
}
