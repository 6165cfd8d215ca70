// Two processes on one data folder at once: command lines racing on a fresh folder, and the app's
// services training while a command line starts, trains and lists. Both work, neither sees
// "database is locked", and the command line's start-up recovery leaves the app's live run alone.
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { findPreset } from '../../../common/layers/presets';
import type { RunSummary } from '../../../common/training/run';
import { createLabServices } from '../../../main/services/lab-services';
import { smallHyperparameters } from '../training/helpers';
import { integrityCheck, makeTempDir, removeTempDirs, runCli, waitUntil, type CliResult } from './helpers';

afterAll(removeTempDirs);

const QUICK_TRAIN = ['train', '--preset', 'tfjs-tiny', '--epochs', '1', '--batch-size', '50', '--train-limit', '300', '--test-limit', '100', '--backend', 'wasm', '--json'];

function expectNoLockTrouble(r: CliResult): void {
  expect(`${r.stdout}${r.stderr}`).not.toMatch(/locked|SQLITE_BUSY|busy/i);
}

describe('two processes on one data folder', () => {
  it('lets command lines start at once on a fresh folder, each doing its work', async () => {
    const home = makeTempDir();
    const results = await Promise.all([runCli(home, QUICK_TRAIN), runCli(home, ['runs', '--json']), runCli(home, ['runs', '--json'])]);
    for (const r of results) {
      expectNoLockTrouble(r);
      expect(r.code, r.stderr).toBe(0);
    }
    expect(JSON.parse(results[0].stdout)).toMatchObject({ status: 'completed' });
    expect(integrityCheck(join(home, 'runs.sqlite'))).toBe('ok');
  });

  it('lets a command line train and list while the app trains, and leaves the app\'s run alone', async () => {
    const home = makeTempDir();
    const errors = vi.spyOn(console, 'error');
    const services = await createLabServices({ homeDir: home });
    try {
      const preset = findPreset('tfjs-tiny');
      if (!preset) throw new Error('the tfjs-tiny preset is missing');
      let batches = 0;
      services.on('runEvent', (e) => {
        if (e.event.type === 'batch') batches += 1;
      });
      const started = await services.dispatch('startRun', [
        { name: 'the app’s run', layers: preset.layers, hyperparameters: smallHyperparameters({ epochs: 200, trainLimit: 1000 }) },
      ]);
      if (!started.ok) throw new Error(started.error.message);
      const appRun = (started.value as RunSummary).id;
      await waitUntil(() => batches > 0, 'the app’s run to train');

      const [trained, listed] = await Promise.all([runCli(home, QUICK_TRAIN), runCli(home, ['runs', '--json'])]);
      for (const r of [trained, listed]) {
        expectNoLockTrouble(r);
        expect(r.code, r.stderr).toBe(0);
      }
      const cliRun = JSON.parse(trained.stdout) as { runId: number; status: string };
      expect(cliRun.status).toBe('completed');
      // Both slow down: the command line says so rather than leave it unexplained.
      expect(trained.stderr).toMatch(/2 runs are training at once in 2 different MNIST Lab processes/);
      expect((JSON.parse(listed.stdout) as RunSummary[]).map((r) => r.id)).toContain(appRun);

      // The command line's start-up recovery did not mistake the app's run for a crashed one.
      expect(services.store.getRun(appRun)?.status).toBe('running');
      const before = batches;
      await waitUntil(() => batches > before + 2, 'the app’s run to keep training');
      const cancelled = await services.dispatch('cancelRun', [appRun]);
      expect(cancelled.ok).toBe(true);
      expect((await services.queue.waitFor(appRun)).status).toBe('cancelled');
      expect(services.store.getRun(cliRun.runId)?.status).toBe('completed');
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
      await services.close();
    }
    expect(integrityCheck(join(home, 'runs.sqlite'))).toBe('ok');
  });
});
