/**
 * A run's events as an append-only file of JSON lines: the file-mode worker writes it, the process
 * that follows a cluster job reads it. NaN and Infinity (a diverging run's loss) are kept exactly.
 * Writes go straight to the file; an epoch, a model and the ending are also fsynced, so a node
 * that fails loses at most the batches of the epoch in progress.
 */
import { closeSync, fsyncSync, openSync, readSync, fstatSync, writeSync } from 'node:fs';
import type { TrainingEvent } from '../../common/training/run';
import { parseKeepingSpecialNumbers, stringifyKeepingSpecialNumbers } from '../store/special-numbers';
import { isEnding, isTrainingEvent } from './events';

export interface EventLogWriter {
  append(event: TrainingEvent): void;
  close(): void;
}

export function openEventLog(file: string): EventLogWriter {
  const fd = openSync(file, 'a');
  return {
    append(event) {
      writeSync(fd, `${stringifyKeepingSpecialNumbers(event)}\n`);
      if (event.type === 'epoch' || event.type === 'model' || isEnding(event)) fsyncSync(fd);
    },
    close: () => closeSync(fd),
  };
}

export interface EventLogRead {
  /** Each event with the offset just past its line. */
  events: { event: TrainingEvent; end: number }[];
  problems: string[];
  /** Just past the last complete line read. */
  end: number;
}

/** Complete lines from `offset` on; a line still being written is left for the next read. */
export function readEventLog(file: string, offset: number): EventLogRead {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { events: [], problems: [], end: offset };
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    if (size <= offset) return { events: [], problems: [], end: offset };
    const buffer = Buffer.alloc(size - offset);
    const read = readSync(fd, buffer, 0, buffer.length, offset);
    const events: { event: TrainingEvent; end: number }[] = [];
    const problems: string[] = [];
    let start = 0;
    for (let nl = buffer.indexOf(10, 0); nl >= 0 && nl < read; nl = buffer.indexOf(10, start)) {
      const line = buffer.subarray(start, nl).toString('utf8');
      start = nl + 1;
      let value: unknown;
      try {
        value = parseKeepingSpecialNumbers(line);
      } catch {
        value = undefined;
      }
      // A line that is not an event is skipped (and said), not allowed to stop the rest.
      if (isTrainingEvent(value)) events.push({ event: value, end: offset + start });
      else problems.push(`Skipped a line that is not a training event: ${line.slice(0, 120)}`);
    }
    return { events, problems, end: offset + start };
  } finally {
    closeSync(fd);
  }
}
