// Model folders under faults, in-process: a save that fails leaves the old model and no litter;
// a save cut short by a killed process is put back in order by recoverModelFolders; nothing is
// written outside the data folder, and nothing is read through a link that leads out of it.
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, MissingModelError, recoverModelFolders, saveModel, setSaveStageHook, type SaveStage } from '../../../main/models/model-files';
import { buildModel } from '../../../main/training/model';
import { TINY_LAYERS } from '../training/helpers';
import { expectLoadable, makeTempDir, removeTempDirs } from './helpers';

let model: tf.LayersModel;
beforeAll(async () => {
  await tf.setBackend('cpu');
  model = buildModel(tf, TINY_LAYERS, 3);
});
afterEach(() => setSaveStageHook(null));
afterAll(() => {
  model.dispose();
  removeTempDirs();
});

const target = (home: string, kind: 'best' | 'final' = 'best') => ({ dir: join(home, 'models', '1', kind), homeDir: home, kind, epoch: 1 });

describe('saving a model', () => {
  it('reports its steps in order, replacing an existing folder', async () => {
    const home = makeTempDir();
    await saveModel(model, target(home));
    const stages: SaveStage[] = [];
    setSaveStageHook((stage) => stages.push(stage));
    await saveModel(model, target(home));
    expect(stages).toEqual(['writing', 'written', 'moved-aside', 'replaced']);
    expect(readdirSync(join(home, 'models', '1'))).toEqual(['best']);
  });

  it('keeps the previous model and leaves nothing behind when a save fails midway', async () => {
    const home = makeTempDir();
    await saveModel(model, target(home));
    for (const failAt of ['writing', 'written', 'moved-aside'] as const) {
      setSaveStageHook((stage) => {
        if (stage === failAt) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      });
      await expect(saveModel(model, target(home))).rejects.toThrow(/ENOSPC/);
      expect(readdirSync(join(home, 'models', '1')), failAt).toEqual(['best']);
      await expectLoadable(join(home, 'models', '1', 'best'));
    }
  });

  it('refuses to write outside the data folder', async () => {
    const home = makeTempDir();
    for (const dir of [join(home, '..', 'elsewhere'), home, '/tmp/not-the-data-folder']) {
      await expect(saveModel(model, { dir, homeDir: home, kind: 'final', epoch: 1 })).rejects.toThrow(/must be inside the data folder/);
    }
    expect(existsSync(join(home, '..', 'elsewhere'))).toBe(false);
  });
});

describe('recoverModelFolders', () => {
  /** What a process killed while replacing `best` leaves on disk: a half-written temp folder, and the old model moved aside if it got that far. */
  async function interruptedSave(stage: 'writing' | 'moved-aside', deadPid: number): Promise<string> {
    const home = makeTempDir();
    await saveModel(model, target(home));
    const runDir = join(home, 'models', '1');
    const best = join(runDir, 'best');
    const temp = `${best}.tmp-${deadPid}`;
    const old = `${best}.old-${deadPid}`;
    mkdirSync(temp);
    writeFileSync(join(temp, 'model.json'), '{"modelTopology": {"half": ');
    if (stage === 'moved-aside') await rename(best, old);
    return runDir;
  }

  it('puts back a model moved aside by a swap that never finished, and removes the half-written one', async () => {
    const runDir = await interruptedSave('moved-aside', 999_999);
    expect(readdirSync(runDir).sort()).toEqual(['best.old-999999', 'best.tmp-999999']);
    const result = await recoverModelFolders(runDir, () => false);
    expect(result).toEqual({ restored: ['best'], removed: ['best.tmp-999999'] });
    expect(readdirSync(runDir)).toEqual(['best']);
    await expectLoadable(join(runDir, 'best'));
  });

  it('removes the old copy once the new model is in place, and leaves a live writer alone', async () => {
    const runDir = await interruptedSave('writing', 999_998);
    const live = await recoverModelFolders(runDir, () => true);
    expect(live).toEqual({ restored: [], removed: [] });
    expect(readdirSync(runDir).sort()).toEqual(['best', 'best.tmp-999998']);
    mkdirSync(join(runDir, 'best.old-999998'));
    expect(await recoverModelFolders(runDir, () => false)).toEqual({ restored: [], removed: expect.arrayContaining(['best.tmp-999998', 'best.old-999998']) });
    expect(readdirSync(runDir)).toEqual(['best']);
  });

  it('does nothing for a run without models', async () => {
    expect(await recoverModelFolders(join(makeTempDir(), 'models', '5'))).toEqual({ restored: [], removed: [] });
  });
});

describe('loading a model', () => {
  it('says plainly when the folder is gone', async () => {
    const error = await loadModel(tf, join(makeTempDir(), 'models', '1', 'best')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MissingModelError);
  });

  it('refuses a model folder, run folder or file that is a link out of the data folder', async () => {
    const outside = makeTempDir();
    await saveModel(model, target(outside));
    const home = makeTempDir();
    mkdirSync(join(home, 'models', '2'), { recursive: true });
    symlinkSync(join(outside, 'models', '1', 'best'), join(home, 'models', '2', 'best'));
    symlinkSync(join(outside, 'models', '1'), join(home, 'models', '3'));
    mkdirSync(join(home, 'models', '4', 'best'), { recursive: true });
    symlinkSync(join(outside, 'models', '1', 'best', 'model.json'), join(home, 'models', '4', 'best', 'model.json'));
    for (const dir of ['2/best', '3/best', '4/best']) {
      await expect(loadModel(tf, join(home, 'models', dir))).rejects.toThrow(/is a link, and models are only read from the data folder itself/);
    }
    // The model itself is fine where it really lives.
    await expectLoadable(join(outside, 'models', '1', 'best'));
  });
});
