import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { realWorldAccuracy, type RealWorldResult } from '../../../common/training/real-world';
import type { TrainingEvent } from '../../../common/training/run';
import { loadRealWorldSet, realWorldSetDir, scoreRealWorld } from '../../../main/inference/real-world-set';
import { loadModel } from '../../../main/models/model-files';
import { train } from '../../../main/training/trainer';
import { makeJob, makeTempDir, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

async function trainedScore(realWorldDir: string | undefined): Promise<{ home: string; realWorld: RealWorldResult | undefined }> {
  const home = makeTempDir();
  const events: TrainingEvent[] = [];
  // Two workers: the pictures are read half by the replica thread, half by the primary.
  await train({ ...makeJob(home, { epochs: 1, workers: '2' }), realWorldDir }, (e) => events.push(e), { cancelled: false });
  const ending = events.at(-1);
  if (ending?.type !== 'done') throw new Error(`Expected done, got ${JSON.stringify(ending)}`);
  return { home, realWorld: ending.realWorld };
}

describe('the real-world score at the end of a run', () => {
  it('reads every picture of the shipped set, per style, on both worker threads exactly as the saved final model reads them later alone', async () => {
    const { manifest } = await loadRealWorldSet();
    const { home, realWorld } = await trainedScore(realWorldSetDir());
    if (!realWorld?.ok) throw new Error(`Expected a score, got ${JSON.stringify(realWorld)}`);
    expect(realWorld.model).toBe('final');
    expect(realWorld.total).toBe(manifest.images.length);
    expect(realWorld.styles.map((s) => s.style)).toEqual(manifest.styles.map((s) => s.name));
    expect(realWorld.styles.reduce((n, s) => n + s.total, 0)).toBe(realWorld.total);
    expect(realWorld.styles.reduce((n, s) => n + s.correct, 0)).toBe(realWorld.correct);
    // A 1,000-image tiny network reads some of them, not none and not all by chance.
    expect(realWorldAccuracy(realWorld)).toBeGreaterThan(0.2);

    const reloaded = await loadModel(tf, join(home, 'models', '1', 'final'));
    expect(await scoreRealWorld(tf, reloaded, 'final')).toEqual(realWorld);
    reloaded.dispose();
  });

  it('ends the run normally with the reason when the set is missing or damaged', async () => {
    const missing = join(makeTempDir(), 'no-set-here');
    const { realWorld } = await trainedScore(missing);
    expect(realWorld).toEqual({ ok: false, reason: expect.stringContaining(`was not found at ${missing}`) });

    const damaged = join(makeTempDir(), 'damaged');
    mkdirSync(damaged);
    writeFileSync(join(damaged, 'manifest.json'), '{"images": [');
    const model = tf.sequential({ layers: [tf.layers.flatten({ inputShape: [28, 28, 1] }), tf.layers.dense({ units: 10, activation: 'softmax' })] });
    expect(await scoreRealWorld(tf, model, 'final', { dir: damaged })).toEqual({ ok: false, reason: expect.stringContaining('could not be read') });

    // A picture the manifest names but that is gone: the set cannot be read either.
    const partial = join(makeTempDir(), 'partial');
    cpSync(realWorldSetDir(), partial, { recursive: true, filter: (source) => !source.endsWith('.png') });
    expect(await scoreRealWorld(tf, model, 'final', { dir: partial })).toMatchObject({ ok: false });
    model.dispose();
  });

  it('is left out when the job names no set (a parent from before scores were kept)', async () => {
    const { realWorld } = await trainedScore(undefined);
    expect(realWorld).toBeUndefined();
  });
});
