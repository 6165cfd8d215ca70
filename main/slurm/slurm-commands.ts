/**
 * The Slurm commands MNIST Lab uses (sbatch, squeue, scontrol, scancel, sinfo), run as the user
 * would run them, with their failures turned into sentences. Accounting (sacct) needs slurmdbd,
 * which many small clusters lack, so job states come from squeue and scontrol only.
 */
import { execFile, execFileSync } from 'node:child_process';
import { LabFailure } from '../ipc/errors';

export interface JobState {
  /** PENDING, RUNNING, COMPLETING, COMPLETED, FAILED, TIMEOUT, CANCELLED, NODE_FAIL, PREEMPTED, ... */
  state: string;
  /** Why a job waits or ended (Resources, Priority, TimeLimit, ...); null for None. */
  reason: string | null;
  /** `code:signal` as scontrol writes it, when Slurm says. */
  exitCode?: string;
}

export interface SlurmCommands {
  /** Submits a batch script read from stdin; returns the job id. */
  sbatch(options: string[], script: string): string;
  /** The jobs of these submissions (job names) Slurm still lists, by job id (`123_4`). Asked every second: never blocks. */
  queued(names: readonly string[]): Promise<Map<string, JobState>>;
  /** What Slurm still knows of a job that left the queue; null when it knows nothing. */
  showJob(jobId: string): Promise<JobState | null>;
  scancel(jobId: string): void;
  /** Keeps waiting jobs from starting (`scontrol uhold`, a hold their owner can release). */
  hold(jobIds: readonly string[]): void;
  /** Lets held jobs start again (`scontrol release`). */
  release(jobIds: readonly string[]): void;
  partitions(): string[];
}

const TIMEOUT_MS = 30_000;

/** sbatch and the others were not found: Slurm's client commands are not installed here. */
export function slurmMissing(command: string): LabFailure {
  return new LabFailure(
    'invalid-input',
    `${command} was not found, so MNIST Lab cannot hand runs to Slurm from this machine. Run MNIST Lab on a machine with Slurm's commands (a cluster's login node), or install them (Debian/Ubuntu: apt-get install slurm-client).`,
  );
}

function failure(command: string, error: unknown): LabFailure {
  const e = error as NodeJS.ErrnoException & { stderr?: string };
  if (e.code === 'ENOENT') return slurmMissing(command);
  const said = (e.stderr ?? '').trim().split('\n').filter((l) => l !== '').join(' ');
  return new LabFailure('invalid-input', `Slurm refused: ${said || e.message}`);
}

function run(command: string, args: string[], input?: string): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', input, timeout: TIMEOUT_MS, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    throw failure(command, error);
  }
}

/** The same without blocking: the app's window stays responsive while Slurm answers (or is slow to). */
function runLater(command: string, args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { encoding: 'utf8', timeout: TIMEOUT_MS }, (error, stdout, stderr) =>
      error ? reject(failure(command, Object.assign(error, { stderr }))) : resolve(stdout),
    );
  });
}

/** `Key=Value Key=Value ...` as `scontrol show job -o` writes it. */
function scontrolFields(line: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const part of line.trim().split(/\s+/)) {
    const eq = part.indexOf('=');
    if (eq > 0) fields.set(part.slice(0, eq), part.slice(eq + 1));
  }
  return fields;
}

const orNull = (reason: string | undefined): string | null => (!reason || reason === 'None' || reason === '(null)' ? null : reason);

export const SYSTEM_SLURM: SlurmCommands = {
  sbatch(options, script) {
    // --parsable prints "jobid" or "jobid;cluster".
    return run('sbatch', ['--parsable', ...options], script).trim().split(';')[0];
  },
  async queued(names) {
    const jobs = new Map<string, JobState>();
    if (names.length === 0) return jobs;
    const out = await runLater('squeue', ['-h', '-r', `--name=${names.join(',')}`, '-o', '%i|%T|%r']);
    for (const line of out.split('\n')) {
      const [id, state, reason] = line.trim().split('|');
      if (id && state) jobs.set(id, { state, reason: orNull(reason) });
    }
    return jobs;
  },
  async showJob(jobId) {
    let out: string;
    try {
      out = await runLater('scontrol', ['show', 'job', '-o', jobId]);
    } catch (error) {
      if (error instanceof LabFailure && /Invalid job id/i.test(error.message)) return null;
      throw error;
    }
    const f = scontrolFields(out.split('\n')[0] ?? '');
    const state = f.get('JobState');
    return state ? { state, reason: orNull(f.get('Reason')), exitCode: f.get('ExitCode') } : null;
  },
  scancel(jobId) {
    run('scancel', [jobId]);
  },
  hold(jobIds) {
    run('scontrol', ['uhold', jobIds.join(',')]);
  },
  release(jobIds) {
    run('scontrol', ['release', jobIds.join(',')]);
  },
  partitions() {
    return run('sinfo', ['-h', '-o', '%R'])
      .split('\n')
      .map((p) => p.trim())
      .filter((p) => p !== '');
  },
};
