/**
 * Which process owns a queued or running run: the one whose training queue holds it. Several
 * processes may open one data folder at once (the app and the command line), so a process that
 * starts must only recover the runs of owners that are gone, never those another live process
 * is training.
 */
import { randomUUID } from 'node:crypto';
import { ownStartTime, SYSTEM_PROBE, type ProcessProbe } from './process-liveness';

export interface RunOwner {
  pid: number;
  /** Unique per open store: tells this process's live stores from an earlier process that had the same pid. */
  token: string;
  /** When the owner process started (ms since the Unix epoch): tells it from a later process reusing its pid. */
  startedAt: number;
}

/** The owner columns of a run as stored; all null for runs written before owners were recorded. */
export interface StoredOwner {
  pid: number | null;
  token: string | null;
  startedAt: number | null;
}

/** Start times read at different moments can differ by the rounding of the boot time. */
const START_TIME_TOLERANCE_MS = 5000;

/** Tokens of the stores open in this process right now. */
const liveTokens = new Set<string>();

/** A new owner identity for a store opened by this process. */
export function newOwner(): RunOwner {
  return { pid: process.pid, token: randomUUID(), startedAt: ownStartTime() };
}

/** Marks an owner as live in this process (its store is open) or no longer (its store closed). */
export function setOwnerLive(owner: RunOwner, live: boolean): void {
  if (owner.pid !== process.pid) return;
  if (live) liveTokens.add(owner.token);
  else liveTokens.delete(owner.token);
}

/**
 * True when nobody can still be training a run with this owner: no owner recorded (an older
 * version wrote it), its process is gone, its pid now belongs to a process started at another
 * time, or the pid is this process's but the store that owned the run is not open here.
 */
export function isOwnerGone(owner: StoredOwner, probe: ProcessProbe = SYSTEM_PROBE): boolean {
  if (owner.pid === null || owner.token === null) return true;
  if (owner.pid === process.pid) return !liveTokens.has(owner.token);
  if (!probe.exists(owner.pid)) return true;
  const startedAt = probe.startedAt(owner.pid);
  if (startedAt === null || owner.startedAt === null) return false;
  return Math.abs(startedAt - owner.startedAt) > START_TIME_TOLERANCE_MS;
}
