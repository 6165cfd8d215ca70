/**
 * Whether another process is still alive, as far as the operating system can tell. Used to decide
 * whether a run queued by another MNIST Lab process (the app, a command line) is still in its
 * hands, and whether a training process's half-written model folder may be cleaned up.
 */
import { readFileSync } from 'node:fs';

/** Linux reports process start times in clock ticks; USER_HZ is 100 on every mainstream architecture. */
const CLOCK_TICKS_PER_SECOND = 100;

export interface ProcessProbe {
  /** True while a process with this id exists (a zombie that already exited does not count). */
  exists(pid: number): boolean;
  /** When the process started, in ms since the Unix epoch, or null where the system does not say. */
  startedAt(pid: number): number | null;
}

export function processExists(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // A killed process stays in the table as a zombie until its parent reaps it; it is gone all the same.
  return procStat(pid)?.state !== 'Z';
}

/**
 * The start time of a process from /proc on Linux; null elsewhere or when unreadable. Both this
 * process's own start time and another's come from here, so they compare on the same clock.
 */
export function processStartedAt(pid: number): number | null {
  const stat = procStat(pid);
  const bootSeconds = bootTimeSeconds();
  if (!stat || bootSeconds === null) return null;
  return Math.round(bootSeconds * 1000 + (stat.startTicks * 1000) / CLOCK_TICKS_PER_SECOND);
}

export const SYSTEM_PROBE: ProcessProbe = { exists: processExists, startedAt: processStartedAt };

/** This process's start time: from the system where it says, else from Node's own uptime. */
export function ownStartTime(): number {
  return processStartedAt(process.pid) ?? Math.round(Date.now() - process.uptime() * 1000);
}

interface ProcStat {
  state: string;
  startTicks: number;
}

function procStat(pid: number): ProcStat | null {
  if (process.platform !== 'linux') return null;
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may itself contain spaces or parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
  const startTicks = Number(fields[19]);
  if (!fields[0] || !Number.isFinite(startTicks)) return null;
  return { state: fields[0], startTicks };
}

let bootTime: number | null | undefined;

function bootTimeSeconds(): number | null {
  if (bootTime !== undefined) return bootTime;
  bootTime = null;
  try {
    const match = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'utf8'));
    if (match) bootTime = Number(match[1]);
  } catch {
    // not Linux, or /proc not mounted
  }
  return bootTime;
}
