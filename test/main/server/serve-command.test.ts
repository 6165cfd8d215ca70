// `mnist-lab serve` as a user runs it: a real child process, a page's socket, and Ctrl+C during training.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LabEvents } from '../../../common/ipc/contract';
import { findPreset } from '../../../common/layers/presets';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import type { RunSummary } from '../../../common/training/run';
import type { LabServer } from '../../../main/server/lab-server';
import { BIN, exited, makeTempDir, rawDatabase, removeTempDirs, runCli, waitUntil } from '../faults/helpers';
import { socketApi, valueOf } from './server-fixture';

afterAll(removeTempDirs);

describe('mnist-lab serve', () => {
  it('prints its address, serves the lab, and on Ctrl+C cancels the run in training and exits 0', async () => {
    const home = makeTempDir('mnist-lab-serve-');
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--json', '--home', home], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, MNIST_LAB_HOME: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const ended = exited(child);
    const code = new Promise<number | null>((done) => child.once('exit', (c) => done(c)));

    await waitUntil(() => stdout.trim().endsWith('}'), 'the address on stdout', 60_000);
    const printed = JSON.parse(stdout) as { url: string; origin: string; port: number; homeDir: string };
    expect(printed.homeDir).toBe(home);
    expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
    const server = { port: printed.port, origin: printed.origin, token: new URL(printed.url).searchParams.get('token')! } as LabServer;

    const { api, transport } = socketApi(server);
    const events: LabEvents['runEvent'][] = [];
    api.on('runEvent', (e) => events.push(e));
    try {
      const preset = findPreset('tfjs-tiny')!;
      const hyperparameters = { ...DEFAULT_HYPERPARAMETERS, epochs: 50, trainLimit: 1000, testLimit: 100, batchSize: 50, backend: 'wasm' as const };
      const run = valueOf<RunSummary>(await api.startRun({ presetId: preset.id, layers: preset.layers, hyperparameters, name: 'interrupted by Ctrl+C' }));
      await waitUntil(() => events.some((e) => e.runId === run.id && e.event.type === 'epoch'), 'a first epoch', 90_000);

      child.kill('SIGINT');
      await ended;
      expect(await code).toBe(0);
      expect(stderr).toContain('Stopping: cancelling training');
      // The token is printed once, at start, and never again.
      expect(stdout.split(server.token).length - 1).toBe(1);
      expect(stderr).not.toContain(server.token);

      const db = rawDatabase(join(home, 'runs.sqlite'));
      const row = db.prepare<[number], { status: string; epochs_done: number }>('SELECT status, epochs_done FROM runs WHERE id = ?').get(run.id);
      db.close();
      expect(['cancelled', 'interrupted']).toContain(row?.status);
      expect(row?.epochs_done).toBeGreaterThanOrEqual(1);
    } finally {
      transport.close();
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('refuses a port that is not a number, and says when the port is taken', async () => {
    const home = makeTempDir('mnist-lab-serve-');
    const bad = await runCli(home, ['serve', '--port', 'eighty']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"eighty" is not a port');

    const taken = createServer();
    await new Promise<void>((done) => taken.listen(0, '127.0.0.1', done));
    try {
      const port = (taken.address() as { port: number }).port;
      const busy = await runCli(home, ['serve', '--port', String(port)]);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain(`Port ${port} is in use`);
    } finally {
      taken.close();
    }
  });
});
