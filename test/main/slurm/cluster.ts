// Tests that hand runs to a real Slurm cluster: `.ci/run` starts a single-node one
// (scripts/slurm-local.sh). Where there is none they are skipped with the reason; under CI=true
// a missing cluster is a failure, not a skip.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, it } from 'vitest';

/** Where scripts/slurm-local.sh writes its configuration, so a developer needs no SLURM_CONF. */
const LOCAL_CONF = '/tmp/mnist-lab-slurm/slurm.conf';
if (!process.env.SLURM_CONF && existsSync(LOCAL_CONF)) process.env.SLURM_CONF = LOCAL_CONF;

export function clusterAvailability(): { available: true } | { available: false; reason: string } {
  try {
    execFileSync('sbatch', ['--version'], { stdio: 'ignore', timeout: 10_000 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { available: false, reason: 'sbatch is not installed (apt-get install -y slurm-wlm munge, then scripts/slurm-local.sh start).' };
    }
    return { available: false, reason: `sbatch is installed but does not run here (${(error as Error).message.split('\n')[0]}).` };
  }
  try {
    const nodes = execFileSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
    if (!/idle|mix|alloc/.test(nodes)) return { available: false, reason: `Slurm has no node ready (sinfo says: ${nodes.trim() || 'nothing'}).` };
  } catch {
    return { available: false, reason: 'No Slurm cluster answers here: start one with scripts/slurm-local.sh start.' };
  }
  return { available: true };
}

export function describeOnSlurm(name: string, body: () => void): void {
  const status = clusterAvailability();
  if (status.available) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has a Slurm cluster to submit to', () => {
        throw new Error(status.reason);
      });
    });
    return;
  }
  console.warn(`Skipping "${name}": ${status.reason}`);
  describe.skip(`${name} (skipped: needs a Slurm cluster; ${status.reason})`, body);
}

/** Job ids Slurm still lists (pending or running), one per array task. */
export function jobsInQueue(): string[] {
  return execFileSync('squeue', ['-h', '-r', '-o', '%i'], { encoding: 'utf8' }).split('\n').filter((l) => l.trim() !== '');
}
