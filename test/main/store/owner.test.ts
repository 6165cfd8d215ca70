// Start-up recovery must tell runs another live process is training from runs a dead one left:
// the app and the command line share one data folder.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isOwnerGone, newOwner, setOwnerLive, type RunOwner } from '../../../main/store/owner';
import { processExists, processStartedAt, type ProcessProbe } from '../../../main/store/process-liveness';
import { openRunStore } from '../../../main/store/run-store';
import { makeTempDir, newRun, removeTempDirs } from './fixtures';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  removeTempDirs();
});

/** A real process that stays alive until the test ends. */
function liveProcess(): number {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
  children.push(child);
  return child.pid as number;
}

/** The id of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((done) => child.once('exit', done));
  return child.pid as number;
}

const stubProbe = (exists: boolean, startedAt: number | null): ProcessProbe => ({ exists: () => exists, startedAt: () => startedAt });

describe('isOwnerGone', () => {
  it('treats runs from before owners were recorded as orphans', () => {
    expect(isOwnerGone({ pid: null, token: null, startedAt: null })).toBe(true);
  });

  it('keeps the runs of a live store in this process, and recovers those of a closed one with the same pid', () => {
    const owner = newOwner();
    setOwnerLive(owner, true);
    expect(isOwnerGone(owner)).toBe(false);
    setOwnerLive(owner, false);
    expect(isOwnerGone(owner)).toBe(true);
    // A process before this one had our pid (a restarted container): its runs are orphans.
    expect(isOwnerGone({ pid: process.pid, token: 'from an earlier process', startedAt: 1 })).toBe(true);
  });

  it('keeps the runs of another live process and recovers those of a dead one', async () => {
    const alive = liveProcess();
    expect(isOwnerGone({ pid: alive, token: 't', startedAt: processStartedAt(alive) })).toBe(false);
    const dead = await deadPid();
    expect(processExists(dead)).toBe(false);
    expect(isOwnerGone({ pid: dead, token: 't', startedAt: Date.now() })).toBe(true);
  });

  it('recovers the runs of a pid now used by a process started at another time', () => {
    const startedAt = 1_700_000_000_000;
    expect(isOwnerGone({ pid: 4242, token: 't', startedAt }, stubProbe(true, startedAt + 1000))).toBe(false);
    expect(isOwnerGone({ pid: 4242, token: 't', startedAt }, stubProbe(true, startedAt + 3_600_000))).toBe(true);
    // Where the system cannot say when a process started, a live pid keeps its runs.
    expect(isOwnerGone({ pid: 4242, token: 't', startedAt }, stubProbe(true, null))).toBe(false);
  });
});

describe('processStartedAt', () => {
  it('agrees with when this process started', () => {
    const own = processStartedAt(process.pid);
    if (own === null) return; // not Linux: nothing to compare
    expect(Math.abs(own - (Date.now() - process.uptime() * 1000))).toBeLessThan(5000);
  });
});

describe('recoverInterrupted with several owners', () => {
  it('interrupts only runs whose owner is gone', async () => {
    const file = path.join(makeTempDir(), 'runs.sqlite');
    const alive = liveProcess();
    const owners: Record<string, RunOwner> = {
      live: { pid: alive, token: 'live cli', startedAt: processStartedAt(alive) ?? Date.now() },
      dead: { pid: await deadPid(), token: 'dead cli', startedAt: Date.now() },
      stale: { pid: process.pid, token: 'this pid, an earlier life', startedAt: 1 },
    };
    const ids: Record<string, number> = {};
    for (const [name, owner] of Object.entries(owners)) {
      const other = openRunStore(file, { owner });
      ids[name] = other.createRun(newRun({ name })).id;
      other.close();
    }
    const store = openRunStore(file);
    try {
      const mine = store.createRun(newRun({ name: 'mine' })).id;
      expect(store.recoverInterrupted('gone').sort()).toEqual([ids.dead, ids.stale].sort());
      expect(store.getRun(ids.live)?.status).toBe('queued');
      expect(store.getRun(mine)?.status).toBe('queued');
      expect(store.getRun(ids.dead)).toMatchObject({ status: 'interrupted', error: 'gone' });
    } finally {
      store.close();
    }
  });
});
