/**
 * The built app starts its training process from out/main/worker.js, which must find replica.js
 * beside it for data-parallel training. Electron's utilityProcess cannot start here, so the same
 * bundle runs under Node's fork (both give the worker the same ParentChannel).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../common/training/run';
import { createChildProcessRunner } from '../../../main/training/runner';
import { makeJob, makeTempDir, removeTempDirs } from './helpers';

const OUT_MAIN = resolve(import.meta.dirname, '..', '..', '..', 'out', 'main');
const BUNDLED_WORKER = join(OUT_MAIN, 'worker.js');

afterAll(removeTempDirs);

describe('the bundled main side', () => {
  // A bundler shim once declared `require` twice in a chunk: a SyntaxError only a started app would hit.
  it('parses: every built main-side file passes node --check', () => {
    const files = readdirSync(OUT_MAIN, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
    expect(files).toEqual(expect.arrayContaining(['index.js', 'worker.js', 'replica.js']));
    for (const file of files) {
      const check = spawnSync(process.execPath, ['--check', join(OUT_MAIN, file)], { encoding: 'utf8' });
      expect(check.status, `${file}: ${check.stderr}`).toBe(0);
    }
  });

  it('trains with two worker threads from the built replica entry', async () => {
    expect(existsSync(BUNDLED_WORKER), 'out/main/worker.js is missing: run `npx electron-vite build` (npm test does)').toBe(true);
    const runner = createChildProcessRunner({ workerPath: BUNDLED_WORKER, execArgv: [] });
    const events: TrainingEvent[] = [];
    const job = makeJob(makeTempDir(), { epochs: 1, trainLimit: 256, batchSize: 64, workers: '2' });
    const handle = runner.start(job, (e) => events.push(e));
    const ending = await handle.ended;
    expect(ending.type, JSON.stringify(ending)).toBe('done');
    expect(events.find((e) => e.type === 'started')).toMatchObject({ info: { threads: 2 } });
  }, 60_000);
});
