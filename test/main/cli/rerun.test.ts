// `mnist-lab rerun RUN`: the same layers, settings and seed trained again, recorded as the run's
// re-run, giving the same per-epoch numbers; `show` names the family from both sides.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serializeDesign } from '../../../common/layers/design-file';
import { findPreset } from '../../../common/layers/presets';
import { DEFAULT_HYPERPARAMETERS } from '../../../common/training/hyperparameters';
import { makeTempDir, removeTempDirs, runCli } from '../faults/helpers';

afterAll(removeTempDirs);

describe('mnist-lab rerun', () => {
  it('trains a run again bit for bit, records its parent, and show prints the family', async () => {
    const home = makeTempDir('mnist-lab-rerun-');
    const file = join(home, 'dropout.architecture.json');
    // keras-simple has dropout: the layer whose masks a re-run must draw again exactly.
    const keras = findPreset('keras-simple')!;
    const settings = { ...DEFAULT_HYPERPARAMETERS, epochs: 2, batchSize: 40, trainLimit: 400, testLimit: 100, validationSplit: 0.002, backend: 'wasm' as const, workers: '2' as const, augment: 'handwriting' as const, seed: 5 };
    writeFileSync(file, serializeDesign({ name: 'dropout run', presetId: null, layers: keras.layers, hyperparameters: settings }));

    const first = await runCli(home, ['train', '--arch', file, '--json']);
    expect(first.code, first.stderr).toBe(0);
    const original = JSON.parse(first.stdout);

    const again = await runCli(home, ['rerun', String(original.runId), '--json']);
    expect(again.code, again.stderr).toBe(0);
    const rerun = JSON.parse(again.stdout);
    expect(rerun).toMatchObject({ status: 'completed', name: 'dropout run (re-run)', parentRunId: original.runId, relation: 'rerun' });
    const numbers = (epochs: Array<Record<string, number>>) => epochs.map((e) => [e.trainLoss, e.trainAccuracy, e.valLoss, e.valAccuracy, e.learningRate]);
    expect(numbers(rerun.epochs)).toHaveLength(2);
    expect(numbers(rerun.epochs)).toStrictEqual(numbers(original.epochs));
    expect([rerun.testLoss, rerun.testAccuracy]).toStrictEqual([original.testLoss, original.testAccuracy]);

    const parent = await runCli(home, ['show', String(original.runId)]);
    expect(parent.stdout).toContain('Re-runs and forks:');
    expect(parent.stdout).toMatch(new RegExp(`re-run\\s+run ${rerun.runId} "dropout run \\(re-run\\)" \\(completed\\)`));
    expect(parent.stdout).toContain('re-run     A re-run on wasm with the same number of workers repeats these numbers exactly.');
    const child = JSON.parse((await runCli(home, ['show', String(rerun.runId), '--json'])).stdout);
    expect(child.family.parent).toMatchObject({ id: original.runId, name: 'dropout run' });
    expect(child.reproducibility).toEqual({ exact: true, note: expect.stringContaining('repeats these numbers exactly') });
    expect((await runCli(home, ['show', String(rerun.runId)])).stdout).toContain(`parent     re-run of run ${original.runId} "dropout run" (completed)`);
  }, 180_000);

  it('refuses a run that does not exist or is not a run id, with exit code 2', async () => {
    const home = makeTempDir('mnist-lab-rerun-');
    const missing = await runCli(home, ['rerun', '42']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('There is no run 42.');
    const bad = await runCli(home, ['rerun', 'latest']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/not a run id/);
    expect((await runCli(home, ['rerun'])).code).toBe(2);
  });
});
