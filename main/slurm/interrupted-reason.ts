/** Why a Slurm job ended without its run's ending, in words a user can act on. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JobState } from './slurm-commands';

const KEPT = 'Everything recorded until then is kept; re-run it to train again.';

const BECAUSE: Record<string, string> = {
  TIMEOUT: 'reached its time limit',
  DEADLINE: 'reached its deadline',
  CANCELLED: 'was cancelled in Slurm (scancel, or an administrator)',
  NODE_FAIL: 'lost its node (the node failed)',
  PREEMPTED: 'was preempted by a job of higher priority',
  OUT_OF_MEMORY: 'ran out of memory (ask for more memory per trial)',
  BOOT_FAIL: 'could not start its node',
};

export function interruptedReason(jobId: string, known: JobState | null, output: string | null): string {
  const said = output ? ` Its last output: ${output}` : '';
  if (!known) return `Slurm job ${jobId} ended without reporting a result, and Slurm no longer knows it (it vanished from the queue).${said} ${KEPT}`;
  const exit = known.exitCode && known.exitCode !== '0:0' ? `, exit code ${known.exitCode}` : '';
  const why = BECAUSE[known.state] ?? `ended (${known.state}${exit}) without reporting a result`;
  const reason = known.reason ? ` (${known.reason})` : '';
  return `Slurm job ${jobId} ${why}${reason}.${said} ${KEPT}`;
}

/** The end of what the job printed (Slurm's own messages land there too), to explain an ending. */
export function outputTail(runDir: string): string | null {
  const file = join(runDir, 'slurm.out');
  if (!existsSync(file)) return null;
  const lines = readFileSync(file, 'utf8').trim().split('\n').filter((l) => l.trim() !== '');
  return lines.length > 0 ? lines.slice(-3).join(' | ').slice(-500) : null;
}
