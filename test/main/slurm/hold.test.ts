// Holding a paused sweep's waiting trials in Slurm, against commands that answer as scontrol does:
// only jobs still waiting are held, a job Slurm no longer knows does not stop the others, and any
// other refusal is the caller's to report (the sweep then stays running). The real cluster's
// twin is in slurm-services.test.ts.
import { describe, expect, it } from 'vitest';
import { LabFailure } from '../../../main/ipc/errors';
import { holdWaitingJobs, releaseJobs } from '../../../main/slurm/hold';
import { SYSTEM_SLURM, type SlurmCommands } from '../../../main/slurm/slurm-commands';
import { openRunStore } from '../../../main/store/run-store';
import { newRun, WASM_INFO } from '../store/fixtures';

/** Three runs handed to Slurm as array 40: the first training, the others waiting. */
function threeJobs() {
  const store = openRunStore(':memory:');
  const runs = [0, 1, 2].map(() => store.createRun(newRun()));
  store.slurm.add(runs.map((r, i) => ({ runId: r.id, submission: 'mnist-lab-test', taskIndex: i, runDir: `/shared/task-${i}` })), { sharedDir: '/shared' });
  store.slurm.setJobIds('mnist-lab-test', '40');
  store.markRunning(runs[0].id, WASM_INFO);
  return { store, runIds: runs.map((r) => r.id) };
}

/** scontrol as Slurm answers it: every call recorded; `unknown` jobs refused as ended. */
function scontrol(unknown: string[] = [], refusal?: string) {
  const calls: string[][] = [];
  const act = (jobIds: readonly string[]): void => {
    calls.push([...jobIds]);
    if (refusal) throw new LabFailure('invalid-input', `Slurm refused: ${refusal}`);
    if (jobIds.some((id) => unknown.includes(id))) throw new LabFailure('invalid-input', 'Slurm refused: Invalid job id specified');
  };
  const commands: SlurmCommands = { ...SYSTEM_SLURM, hold: act, release: act };
  return { commands, calls };
}

describe("holding a paused sweep's trials in Slurm", () => {
  it('holds only the jobs still waiting, in one call, and releases them all', () => {
    const { store, runIds } = threeJobs();
    const { commands, calls } = scontrol();
    expect(holdWaitingJobs(store, commands, runIds)).toEqual(['40_1', '40_2']);
    expect(calls).toEqual([['40_1', '40_2']]);
    expect(releaseJobs(store, commands, runIds)).toEqual(['40_0', '40_1', '40_2']);
  });

  it('holds the others when one ended meanwhile, and passes on any other refusal', () => {
    const { store, runIds } = threeJobs();
    const gone = scontrol(['40_1']);
    expect(holdWaitingJobs(store, gone.commands, runIds)).toEqual(['40_1', '40_2']);
    expect(gone.calls).toEqual([['40_1', '40_2'], ['40_1'], ['40_2']]);
    expect(() => holdWaitingJobs(store, scontrol([], 'Access/permission denied').commands, runIds)).toThrow(/permission denied/);
  });

  it('asks nothing of Slurm for runs that are not its jobs in flight', () => {
    const { store, runIds } = threeJobs();
    store.slurm.markEnded(runIds[2]);
    const local = store.createRun(newRun());
    const { commands, calls } = scontrol();
    expect(holdWaitingJobs(store, commands, [runIds[2], local.id])).toEqual([]);
    expect(calls).toEqual([]);
  });
});
