/**
 * `mnist-lab doctor --on slurm`: can this machine hand runs to the cluster? Slurm's commands are
 * found, the partition exists, the shared folder is writable here and, through a small test job,
 * from a compute node too (what the file-mode worker needs).
 */
import { execFile, execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { sbatchOptions, type SlurmSettings } from '../../common/compute/compute-target';
import type { ClusterCheck } from '../../common/ipc/contract';
import { checkSharedDir, partitionNames } from './slurm-check';
import { SYSTEM_SLURM } from './slurm-commands';
import { SHARED_SUBFOLDER } from './submission';

export type { ClusterCheck } from '../../common/ipc/contract';

const COMMANDS = ['sbatch', 'squeue', 'scontrol', 'scancel', 'sinfo'];
/** How long the test job may wait for a node before the doctor gives up (and cancels it). */
const TEST_JOB_WAIT_S = 120;

function found(command: string): boolean {
  try {
    execFileSync(command, ['--version'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

export async function checkCluster(settings: SlurmSettings): Promise<ClusterCheck[]> {
  const missing = COMMANDS.filter((c) => !found(c));
  const checks: ClusterCheck[] = [
    { check: 'Slurm commands', ok: missing.length === 0, detail: missing.length === 0 ? COMMANDS.join(', ') : `not found: ${missing.join(', ')} (run MNIST Lab on the cluster's login node, or install slurm-client)` },
  ];
  if (missing.length > 0) return checks;
  try {
    const partitions = partitionNames(SYSTEM_SLURM);
    const ok = !settings.partition || partitions.includes(settings.partition);
    checks.push({ check: 'Partition', ok, detail: ok ? (settings.partition ?? `the default one (of ${partitions.join(', ')})`) : `no partition "${settings.partition}"; there are: ${partitions.join(', ')}` });
    if (!ok) return checks;
  } catch (error) {
    checks.push({ check: 'Partition', ok: false, detail: (error as Error).message });
    return checks;
  }
  const shared = checkSharedDir(settings.sharedDir);
  checks.push({ check: 'Shared folder, from here', ok: shared === null, detail: shared ?? settings.sharedDir });
  if (shared) return checks;
  checks.push(await testJob(settings));
  return checks;
}

/** A job that writes a file into the shared folder: the compute node sees the folder and may write there. */
async function testJob(settings: SlurmSettings): Promise<ClusterCheck> {
  const file = join(settings.sharedDir, SHARED_SUBFOLDER, `doctor-${randomUUID().slice(0, 8)}.txt`);
  const name = `mnist-lab-doctor-${randomUUID().slice(0, 8)}`;
  const options = ['--parsable', '--wait', `--job-name=${name}`, '--output=/dev/null', ...sbatchOptions({ ...settings, timeLimit: '2' })];
  const script = `#!/bin/sh\necho "written by $(hostname)" > '${file.replaceAll("'", `'\\''`)}'\n`;
  const check = 'Shared folder, from a test job';
  const said = await new Promise<{ error: Error | null; stderr: string }>((done) => {
    const child = execFile('sbatch', options, { timeout: TEST_JOB_WAIT_S * 1000 }, (error, _out, stderr) => done({ error, stderr }));
    child.stdin?.end(script);
  });
  try {
    if (existsSync(file)) return { check, ok: true, detail: readFileSync(file, 'utf8').trim() };
    if (said.error && (said.error as { killed?: boolean }).killed) {
      execFile('scancel', ['--name', name], () => undefined);
      return { check, ok: false, detail: `the test job did not run within ${TEST_JOB_WAIT_S} s (see squeue for its pending reason)` };
    }
    if (said.error) return { check, ok: false, detail: `sbatch refused the test job: ${said.stderr.trim().split('\n').join(' ') || said.error.message}` };
    return { check, ok: false, detail: `the test job ran but its file did not appear in the shared folder: the compute nodes do not see ${settings.sharedDir}` };
  } finally {
    rmSync(file, { force: true });
  }
}
