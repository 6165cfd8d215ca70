// The events file a cluster job's worker appends to and the submitting process follows.
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../common/training/run';
import { openEventLog, readEventLog } from '../../../main/training/event-log';
import { makeTempDir, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

const epoch = (n: number, loss: number): TrainingEvent => ({ type: 'epoch', epoch: n, step: n * 10, time: 1000 + n, trainLoss: loss, trainAccuracy: 0.5, valLoss: loss, valAccuracy: 0.5, learningRate: 0.01, seconds: 1 });

describe('event log', () => {
  it('reads back what was appended, NaN and Infinity included, continuing from an offset', () => {
    const file = join(makeTempDir('mnist-lab-event-log-'), 'events.jsonl');
    const log = openEventLog(file);
    log.append(epoch(1, 0.7));
    log.append(epoch(2, Number.NaN));
    const first = readEventLog(file, 0);
    expect(first.events.map((e) => e.event)).toEqual([epoch(1, 0.7), epoch(2, Number.NaN)]);
    expect(first.end).toBe(first.events[1].end);
    log.append(epoch(3, Number.POSITIVE_INFINITY));
    log.append({ type: 'failed', message: 'stopped' });
    log.close();
    const next = readEventLog(file, first.end);
    expect(next.events.map((e) => e.event)).toEqual([epoch(3, Number.POSITIVE_INFINITY), { type: 'failed', message: 'stopped' }]);
    expect(readEventLog(file, next.end)).toEqual({ events: [], problems: [], end: next.end });
  });

  it('leaves a line still being written for the next read, and skips (and says) a line that is no event', () => {
    const file = join(makeTempDir('mnist-lab-event-log-'), 'events.jsonl');
    expect(readEventLog(file, 0)).toEqual({ events: [], problems: [], end: 0 });
    appendFileSync(file, '{"type":"nonsense"}\n{"type":"canc');
    const partial = readEventLog(file, 0);
    expect(partial.events).toEqual([]);
    expect(partial.problems).toEqual(['Skipped a line that is not a training event: {"type":"nonsense"}']);
    expect(partial.end).toBe('{"type":"nonsense"}\n'.length);
    appendFileSync(file, 'elled"}\n');
    expect(readEventLog(file, partial.end).events.map((e) => e.event)).toEqual([{ type: 'cancelled' }]);
  });
});
