import { fork, type ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../common/training/run';
import { connectToParent, type ParentMessage } from '../../../main/training/transport';
import { makeJob, makeTempDir, removeTempDirs } from './helpers';

const WORKER = fileURLToPath(new URL('../../../main/training/worker.ts', import.meta.url));
const TSX = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});
afterAll(removeTempDirs);

function startWorker(): { child: ChildProcess; events: TrainingEvent[]; exited: Promise<number | null> } {
  const child = fork(WORKER, [], { execArgv: ['--import', TSX], serialization: 'advanced', stdio: ['ignore', 'ignore', 'ignore', 'ipc'] });
  children.push(child);
  const events: TrainingEvent[] = [];
  child.on('message', (m) => events.push(m as TrainingEvent));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, events, exited };
}

function until(predicate: () => boolean, timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (predicate()) {
        clearInterval(timer);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(timer);
        reject(new Error('timed out'));
      }
    }, 20);
  });
}

describe('training worker process', () => {
  it('exits at once when its parent disconnects, so no orphan keeps training', async () => {
    const { child, events, exited } = startWorker();
    child.send({ type: 'start', job: makeJob(makeTempDir(), { epochs: 50, trainLimit: 5000 }) });
    await until(() => events.some((e) => e.type === 'batch'));
    const disconnectedAt = Date.now();
    child.disconnect();
    expect(await exited).toBe(0);
    expect(Date.now() - disconnectedAt).toBeLessThan(2000);
  });

  it('ends with cancelled when cancelled before a job arrives', async () => {
    const { child, events, exited } = startWorker();
    child.send({ type: 'cancel' });
    expect(await exited).toBe(0);
    expect(events).toEqual([{ type: 'cancelled' }]);
  });

  it('reports a job it cannot train as failed and exits with code 1', async () => {
    const { child, events, exited } = startWorker();
    child.send({ type: 'start', job: { ...makeJob(makeTempDir()), layers: [] } });
    expect(await exited).toBe(1);
    expect(events).toEqual([{ type: 'failed', message: expect.stringMatching(/no layers/) }]);
  });
});

describe('connectToParent', () => {
  const job = makeJob('/tmp/home');

  it('speaks Electron utilityProcess: parentPort messages arrive wrapped in { data }', async () => {
    const port = Object.assign(new EventEmitter(), { posted: [] as unknown[], postMessage: (m: unknown) => port.posted.push(m) });
    const channel = connectToParent({ parentPort: port } as unknown as NodeJS.Process);
    expect(channel.kind).toBe('utility-process');

    const received: ParentMessage[] = [];
    channel.onMessage((m) => received.push(m));
    port.emit('message', { data: { type: 'start', job } });
    port.emit('message', { data: { type: 'unknown' } });
    port.emit('message', { data: { type: 'cancel' } });
    expect(received).toEqual([{ type: 'start', job }, { type: 'cancel' }]);

    await channel.send({ type: 'cancelled' });
    expect(port.posted).toEqual([{ type: 'cancelled' }]);

    let gone = false;
    channel.onParentGone(() => (gone = true));
    port.emit('close');
    expect(gone).toBe(true);
  });

  it('speaks child_process IPC: process.send, message and disconnect', async () => {
    const sent: unknown[] = [];
    const proc = Object.assign(new EventEmitter(), {
      connected: true,
      send: (m: unknown, _handle: unknown, _options: unknown, callback: () => void) => {
        sent.push(m);
        callback();
        return true;
      },
    });
    const channel = connectToParent(proc as unknown as NodeJS.Process);
    expect(channel.kind).toBe('child-process');
    const received: ParentMessage[] = [];
    channel.onMessage((m) => received.push(m));
    proc.emit('message', { type: 'cancel' });
    proc.emit('message', 'noise');
    expect(received).toEqual([{ type: 'cancel' }]);
    await channel.send({ type: 'failed', message: 'x' });
    expect(sent).toEqual([{ type: 'failed', message: 'x' }]);

    let gone = false;
    channel.onParentGone(() => (gone = true));
    proc.emit('disconnect');
    expect(gone).toBe(true);
  });

  it('refuses to run without a parent, in plain words', () => {
    expect(() => connectToParent(new EventEmitter() as unknown as NodeJS.Process)).toThrow(/must be started by MNIST Lab/);
  });
});
