// `mnist-lab train --arch FILE`: the file the app exports carries settings and a name; the flags
// override the file, the file overrides the defaults.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeDesign } from '../../../common/layers/design-file';
import { findPreset } from '../../../common/layers/presets';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import { makeTempDir, rawDatabase, removeTempDirs, runCli } from '../faults/helpers';

afterAll(removeTempDirs);

describe('train --arch with the app\'s exported file', () => {
  it('trains with the file\'s settings and name, except what a flag says', async () => {
    const home = makeTempDir('mnist-lab-arch-');
    const file = join(home, 'exported.architecture.json');
    const tiny = findPreset('tfjs-tiny')!;
    const fileSettings = { ...DEFAULT_HYPERPARAMETERS, learningRate: 0.005, batchSize: 40, epochs: 3, trainLimit: 400, testLimit: 100, backend: 'wasm' as const, seed: 9 };
    writeFileSync(file, serializeDesign({ name: 'from the app', presetId: tiny.id, layers: tiny.layers, hyperparameters: fileSettings }));

    const result = await runCli(home, ['train', '--arch', file, '--epochs', '1', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const db = rawDatabase(join(home, 'runs.sqlite'));
    const run = db.prepare<[], { name: string; preset_id: string; hp: string }>('SELECT name, preset_id, hyperparameters_json AS hp FROM runs').get()!;
    db.close();
    expect(run.name).toBe('from the app');
    expect(run.preset_id).toBe('tfjs-tiny');
    expect(JSON.parse(run.hp)).toMatchObject({ learningRate: 0.005, batchSize: 40, trainLimit: 400, seed: 9, epochs: 1 });
  });

  it('still takes a bare list of layers, and refuses a file whose settings are not valid', async () => {
    const home = makeTempDir('mnist-lab-arch-');
    const bad = join(home, 'bad.json');
    writeFileSync(bad, JSON.stringify({ layers: findPreset('tfjs-tiny')!.layers, hyperparameters: { batchSize: 0 } }));
    const refused = await runCli(home, ['train', '--arch', bad]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/training settings in this file are not valid[\s\S]*batchSize/);
  });
});
