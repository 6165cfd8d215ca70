import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadModel, saveModel } from '../../../main/models/model-files';

function smallModel(seed: number): tf.LayersModel {
  const model = tf.sequential();
  model.add(
    tf.layers.conv2d({
      inputShape: [28, 28, 1],
      filters: 4,
      kernelSize: 3,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed }),
    }),
  );
  model.add(tf.layers.maxPooling2d({ poolSize: 2 }));
  model.add(tf.layers.flatten());
  model.add(tf.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed }) }));
  return model;
}

function predict(model: tf.LayersModel, input: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(input) as tf.Tensor).dataSync() as Float32Array);
}

let home: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  home = mkdtempSync(join(tmpdir(), 'mnist-lab-models-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('model files', () => {
  it('saves model.json and weights.bin, describes them, and loads a model with identical predictions', async () => {
    const model = smallModel(1);
    const dir = join(home, 'models', '7', 'final');
    const info = await saveModel(model, { dir, homeDir: home, kind: 'final', epoch: 3 });

    const json = readFileSync(join(dir, 'model.json'));
    const weights = readFileSync(join(dir, 'weights.bin'));
    expect(info).toEqual({
      kind: 'final',
      path: 'models/7/final',
      sha256: createHash('sha256').update(json).update(weights).digest('hex'),
      bytes: json.length + weights.length,
      epoch: 3,
    });
    expect(weights.length).toBe(model.countParams() * 4);
    // Only the model folder is left: no temp or old folders beside it.
    expect(readdirSync(join(home, 'models', '7'))).toEqual(['final']);

    const loaded = await loadModel(tf, dir);
    const input = tf.randomUniform([5, 28, 28, 1], 0, 1, 'float32', 11);
    expect(Array.from(predict(loaded, input))).toEqual(Array.from(predict(model, input)));
    input.dispose();
    model.dispose();
    loaded.dispose();
  });

  it('replaces an existing model folder with the new weights', async () => {
    const dir = join(home, 'models', '8', 'best');
    const first = smallModel(1);
    const second = smallModel(2);
    const a = await saveModel(first, { dir, homeDir: home, kind: 'best', epoch: 1 });
    const b = await saveModel(second, { dir, homeDir: home, kind: 'best', epoch: 2 });
    expect(b.sha256).not.toBe(a.sha256);
    expect(readdirSync(join(home, 'models', '8'))).toEqual(['best']);

    const loaded = await loadModel(tf, dir);
    const input = tf.randomUniform([2, 28, 28, 1], 0, 1, 'float32', 5);
    expect(Array.from(predict(loaded, input))).toEqual(Array.from(predict(second, input)));
    expect(Array.from(predict(loaded, input))).not.toEqual(Array.from(predict(first, input)));
    tf.dispose([input]);
    first.dispose();
    second.dispose();
    loaded.dispose();
  });

  it('never lets a reader see a half-written model while it is overwritten', async () => {
    const dir = join(home, 'models', '9', 'best');
    const models = [smallModel(3), smallModel(4)];
    await saveModel(models[0], { dir, homeDir: home, kind: 'best', epoch: 1 });
    const expectedBytes = statSync(join(dir, 'weights.bin')).size;

    let writing = true;
    const writer = (async () => {
      for (let i = 0; i < 30; i++) await saveModel(models[i % 2], { dir, homeDir: home, kind: 'best', epoch: i });
      writing = false;
    })();
    let complete = 0;
    while (writing) {
      try {
        const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as { weightsManifest: unknown[] };
        const weights = await readFile(join(dir, 'weights.bin'));
        expect(manifest.weightsManifest).toHaveLength(1);
        expect(weights.length).toBe(expectedBytes);
        complete += 1;
      } catch (err) {
        // Between the two renames the folder is briefly absent: that is allowed, a partial file is not.
        if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      }
    }
    await writer;
    expect(complete).toBeGreaterThan(0);
    models.forEach((m) => m.dispose());
  });

  it('explains a missing model in plain words', async () => {
    await expect(loadModel(tf, join(home, 'nowhere'))).rejects.toThrow(/No saved model in .*nowhere: model\.json is missing/);
  });
});
