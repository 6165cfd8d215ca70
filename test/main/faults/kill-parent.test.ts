// Kill -9 of the parent: a real `mnist-lab train` is killed mid-run. Its training process must
// not outlive it, and the next start must mark the run interrupted with its metrics intact.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findSeries } from '../../../common/training/metric-series';
import { createLabServices } from '../../../main/services/lab-services';
import {
  childPids,
  expectModelFoldersSound,
  integrityCheck,
  isAlive,
  makeTempDir,
  rawDatabase,
  removeTempDirs,
  startCli,
  waitUntil,
} from './helpers';

afterAll(removeTempDirs);

describe('kill -9 of the command line while it trains', () => {
  it('leaves no orphan, and the next start marks the run interrupted with its metrics intact', async () => {
    const home = makeTempDir();
    const { child: cli, output, ended } = startCli(home, [
      'train', '--preset', 'tfjs-tiny', '--epochs', '50', '--batch-size', '50', '--train-limit', '1000', '--test-limit', '100', '--backend', 'wasm', '--name', 'killed parent',
    ]);

    await waitUntil(() => /epoch 2:/.test(output.stdout), 'the command line to report epoch 2', 90_000);
    // Its other children (esbuild's service for tsx) are not training processes. The worker is the
    // build's while it matches the sources (npm test builds first), else the source's.
    const workers = childPids(cli.pid as number, /out\/main\/worker\.js|training\/worker\.ts/);
    expect(workers).toHaveLength(1);
    const [worker] = workers;
    expect(isAlive(worker)).toBe(true);

    cli.kill('SIGKILL');
    await ended;
    // The worker notices its parent is gone and exits by itself.
    await waitUntil(() => !isAlive(worker), `the orphaned training process ${worker} to exit`, 5000);

    // What the dead parent left behind, read before anything recovers it.
    const file = join(home, 'runs.sqlite');
    const raw = rawDatabase(file);
    const left = raw.prepare<[], { id: number; status: string; epochs_done: number }>('SELECT id, status, epochs_done FROM runs').all();
    const metricsBefore = raw.prepare('SELECT * FROM metrics ORDER BY rowid').all();
    raw.close();
    expect(left).toHaveLength(1);
    const [{ id, status, epochs_done: epochsDone }] = left;
    expect(status).toBe('running');
    const printedEpochs = [...output.stdout.matchAll(/^epoch (\d+):/gm)].map((m) => Number(m[1]));
    expect(epochsDone).toBeGreaterThanOrEqual(Math.max(...printedEpochs));

    const services = await createLabServices({ homeDir: home });
    try {
      const run = services.store.getRunDetail(id);
      expect(run).toMatchObject({ status: 'interrupted', epochsDone, error: expect.stringMatching(/^MNIST Lab stopped while this run was queued or training/) });
      const raw2 = rawDatabase(file);
      expect(raw2.prepare('SELECT * FROM metrics ORDER BY rowid').all()).toEqual(metricsBefore);
      raw2.close();
      // Every epoch the user saw has its validation accuracy on record.
      const valAccuracy = run ? findSeries(run.metrics, 'accuracy', 'val', 'epoch') : undefined;
      for (const epoch of printedEpochs) expect(valAccuracy?.epoch.includes(epoch)).toBe(true);
      await expectModelFoldersSound(join(home, 'models', String(id)), run?.models.map((m) => m.path) ?? [], home);
    } finally {
      await services.close();
    }
    expect(integrityCheck(file)).toBe('ok');
  });
});
