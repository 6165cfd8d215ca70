// The disk fills up during a run: a small tmpfs is the data folder. Whether the training process
// cannot write its model or the parent cannot write the database, the run fails saying the disk
// is full, and the store stays readable and intact.
import fs from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { LayerSpec } from '../../../common/layers/types';
import type { RunSummary } from '../../../common/training/run';
import { databaseFile } from '../../../main/home';
import { createLabServices, type LabServices } from '../../../main/services/lab-services';
import { smallHyperparameters, TINY_LAYERS } from '../training/helpers';
import { expectModelFoldersSound, integrityCheck, mountTmpfs, removeTempDirs } from './helpers';

const unmounts: Array<() => void> = [];
afterAll(() => {
  for (const unmount of unmounts.splice(0)) unmount();
  removeTempDirs();
});

/** 784 x 600 + 600 x 10 weights: about 1.9 MB per saved model. */
const BIG_LAYERS: LayerSpec[] = [{ type: 'flatten' }, { type: 'dense', units: 600, activation: 'relu' }, { type: 'dense', units: 10, activation: 'softmax' }];

function tmpfsHome(sizeKiB: number): string | null {
  const mounted = mountTmpfs(sizeKiB);
  if ('skip' in mounted) {
    console.warn(`Skipping the disk-full tests: ${mounted.skip}`);
    return null;
  }
  unmounts.push(mounted.unmount);
  return mounted.dir;
}

async function trainUntilEnd(services: LabServices, layers: LayerSpec[], epochs: number): Promise<RunSummary> {
  const started = await services.dispatch('startRun', [{ name: 'fills the disk', layers, hyperparameters: smallHyperparameters({ epochs, trainLimit: 300, testLimit: 100 }) }]);
  if (!started.ok) throw new Error(started.error.message);
  return services.queue.waitFor((started.value as RunSummary).id);
}

/** Leaves only `keepBytes` free on the file system holding `dir`. */
function fillDisk(dir: string, keepBytes: number): void {
  const stats = fs.statfsSync(dir);
  const free = stats.bavail * stats.bsize;
  fs.writeFileSync(join(dir, 'filler.bin'), Buffer.alloc(Math.max(0, free - keepBytes)));
}

async function expectStoreReadable(services: LabServices, home: string, runId: number): Promise<void> {
  const listed = await services.dispatch('listRuns', []);
  expect(listed.ok).toBe(true);
  const detail = await services.dispatch('getRun', [runId]);
  expect(detail.ok).toBe(true);
  expect(integrityCheck(databaseFile(home))).toBe('ok');
}

describe('a full disk during a run', () => {
  it('fails the run with a plain message when the model cannot be saved', async (ctx) => {
    const home = tmpfsHome(1536);
    if (!home) return ctx.skip();
    const services = await createLabServices({ homeDir: home });
    try {
      const run = await trainUntilEnd(services, BIG_LAYERS, 2);
      expect(run).toMatchObject({
        status: 'failed',
        error: 'The disk holding the data folder is full, so the run could not save its model. Free some space and try again.',
      });
      await expectStoreReadable(services, home, run.id);
      // The half-written model was removed: the space is free again and no partial folder is left.
      await expectModelFoldersSound(join(home, 'models', String(run.id)), [], home);
    } finally {
      await services.close();
    }
  });

  it('fails the run with a plain message when the database cannot be written, and keeps the store intact', async (ctx) => {
    const home = tmpfsHome(1024);
    if (!home) return ctx.skip();
    const services = await createLabServices({ homeDir: home });
    let runId = 0;
    try {
      fillDisk(home, 32 * 1024);
      const run = await trainUntilEnd(services, TINY_LAYERS, 50);
      runId = run.id;
      expect(run.status).toBe('failed');
      expect(run.error).toMatch(/^The disk holding the data folder is full, so .*\. Free some space and try again\.$/);
      await expectStoreReadable(services, home, run.id);
    } finally {
      await services.close();
    }
    // Once space is freed the folder opens as before, with the run's failure on record.
    fs.rmSync(join(home, 'filler.bin'));
    const reopened = await createLabServices({ homeDir: home });
    try {
      expect(reopened.store.getRun(runId)).toMatchObject({ status: 'failed', error: expect.stringMatching(/disk holding the data folder is full/) });
    } finally {
      await reopened.close();
    }
    expect(integrityCheck(databaseFile(home))).toBe('ok');
  });
});
