import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../common/training/run';
import { freshBuiltEntry } from '../../../main/training/fresh-build';
import { createChildProcessRunner } from '../../../main/training/runner';
import { describeExit } from '../../../main/training/supervisor';
import { makeJob, makeTempDir, ofType, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function firstEvent(events: TrainingEvent[], type: TrainingEvent['type'], timeoutMs = 60_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const check = setInterval(() => {
      if (events.some((e) => e.type === type)) {
        clearInterval(check);
        resolve();
      } else if (Date.now() - started > timeoutMs) {
        clearInterval(check);
        reject(new Error(`No ${type} event within ${timeoutMs} ms`));
      }
    }, 20);
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The command line the process was started with. */
const argsOf = (pid: number): string => spawnSync('ps', ['-o', 'args=', '-p', String(pid)], { encoding: 'utf8' }).stdout;

describe('child process runner', () => {
  // npm test builds first, so there it is the build; after an edit to any source, the source through tsx.
  it('starts the build while it is up to date, else the TypeScript worker through tsx', async () => {
    const built = freshBuiltEntry('worker.js');
    const handle = createChildProcessRunner().start(makeJob(makeTempDir(), { epochs: 1, trainLimit: 100 }), () => undefined);
    const args = argsOf(handle.pid ?? 0);
    expect(args).toContain(built ?? fileURLToPath(new URL('../../../main/training/worker.ts', import.meta.url)));
    expect(args.includes('tsx')).toBe(built === null);
    expect((await handle.ended).type).toBe('done');
  });

  it('trains from the TypeScript source through tsx when given it', async () => {
    const source = fileURLToPath(new URL('../../../main/training/worker.ts', import.meta.url));
    const handle = createChildProcessRunner({ workerPath: source }).start(makeJob(makeTempDir(), { epochs: 1, trainLimit: 100 }), () => undefined);
    expect(argsOf(handle.pid ?? 0)).toMatch(/tsx.*worker\.ts/);
    expect((await handle.ended).type).toBe('done');
  });

  it('trains a job in a separate process and streams its events in order', async () => {
    const events: TrainingEvent[] = [];
    const handle = createChildProcessRunner().start(makeJob(makeTempDir(), { epochs: 1, trainLimit: 500 }), (e) =>
      events.push(e),
    );
    expect(handle.pid).toBeGreaterThan(0);
    expect(handle.pid).not.toBe(process.pid);
    const ending = await handle.ended;
    expect(ending.type).toBe('done');
    expect(events[0].type).toBe('started');
    expect(events.at(-1)).toBe(ending);
    expect(ofType(events, 'epoch')).toHaveLength(1);
    expect(ofType(events, 'model').map((e) => e.model.kind).sort()).toEqual(['best', 'final']);
  });

  it('reports a process killed with SIGKILL as failed, with the likely reason', async () => {
    const events: TrainingEvent[] = [];
    const handle = createChildProcessRunner().start(makeJob(makeTempDir(), { epochs: 50, trainLimit: 5000 }), (e) =>
      events.push(e),
    );
    await firstEvent(events, 'batch');
    process.kill(handle.pid as number, 'SIGKILL');
    const ending = await handle.ended;
    expect(ending).toEqual({ type: 'failed', message: expect.stringContaining('killed (SIGKILL)') });
    expect(ending.type === 'failed' && ending.message).toMatch(/ran out of memory/);
    expect(events.at(-1)).toBe(ending);
  });

  it('cancels a training process within 2 seconds', async () => {
    const events: TrainingEvent[] = [];
    const handle = createChildProcessRunner().start(makeJob(makeTempDir(), { epochs: 50, trainLimit: 5000 }), (e) =>
      events.push(e),
    );
    await firstEvent(events, 'batch');
    const pid = handle.pid as number;
    const cancelledAt = Date.now();
    handle.cancel();
    expect(await handle.ended).toEqual({ type: 'cancelled' });
    expect(Date.now() - cancelledAt).toBeLessThan(2000);
    // The worker exits by itself after its ending event.
    await new Promise((r) => setTimeout(r, 500));
    expect(isAlive(pid)).toBe(false);
  });

  it('kills a process that ignores cancel once the grace period is over', async () => {
    const events: TrainingEvent[] = [];
    const runner = createChildProcessRunner({ workerPath: fixture('stubborn-worker.ts'), cancelGraceMs: 300 });
    const handle = runner.start(makeJob(makeTempDir()), (e) => events.push(e));
    await firstEvent(events, 'started');
    const pid = handle.pid as number;
    handle.cancel();
    expect(await handle.ended).toEqual({ type: 'cancelled' });
    await new Promise((r) => setTimeout(r, 300));
    expect(isAlive(pid)).toBe(false);
    expect(events.map((e) => e.type)).toEqual(['started', 'cancelled']);
  });

  it('explains a crash with the exit code and the last error output', async () => {
    const events: TrainingEvent[] = [];
    const runner = createChildProcessRunner({ workerPath: fixture('crashing-worker.ts') });
    const ending = await runner.start(makeJob(makeTempDir()), (e) => events.push(e)).ended;
    expect(ending).toEqual({
      type: 'failed',
      message: 'The training process exited unexpectedly (exit code 3). Last output: loading weights | Segmentation fault in a native module',
    });
    expect(events).toEqual([ending]);
  });

  it('reports a worker that cannot be found as failed', async () => {
    const runner = createChildProcessRunner({ workerPath: fixture('no-such-worker.ts') });
    const ending = await runner.start(makeJob(makeTempDir()), () => undefined).ended;
    expect(ending.type).toBe('failed');
    expect(ending.type === 'failed' && ending.message).toMatch(/exit code 1.*no-such-worker/);
  });
});

describe('describeExit', () => {
  it('names signals and exit codes in plain words', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe(
      'The training process was killed (SIGKILL) — often the system ran out of memory.',
    );
    expect(describeExit({ code: null, signal: 'SIGTERM' })).toBe('The training process was stopped by the signal SIGTERM.');
    expect(describeExit({ code: 0, signal: null })).toBe('The training process exited without reporting a result.');
    expect(describeExit({ code: 134, signal: null, detail: 'abort' })).toBe(
      'The training process exited unexpectedly (exit code 134). Last output: abort',
    );
  });
});
