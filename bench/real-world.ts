/**
 * `--parts real-world`: a run's model on the shipped real-world set (bench/real-world/), accuracy
 * per style, through the same Predictor (decoding and preprocessing) as the app; then the same model
 * on MNIST test digits printed 4x dark on white, to show the preprocessing keeps MNIST-like inputs
 * readable. `--without STEP,...` switches preprocessing steps off to measure what each is worth.
 * Without `--run`, a one-epoch default-preset run is trained first in a throwaway data folder.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRESET_ID } from '../common/layers/presets';
import type { OptionalStep } from '../common/image/preprocess';
import { styleAccuracy } from '../common/training/real-world';
import { loadMnist } from '../main/data/mnist';
import { databaseFile, defaultHomeDir } from '../main/home';
import { Predictor } from '../main/inference/predict';
import { loadRealWorldSet, scoreByStyle } from '../main/inference/real-world-set';
import { openRunStore } from '../main/store/run-store';
import { rgbaDigit } from './services';
import { round } from './stats';
import { runCli } from './to-accuracy';

/** MNIST test digits in the MNIST-like check: enough for a per-mille difference to show. */
const MNIST_PRINTED = 1000;

export interface RealWorldOptions {
  runId: number | null;
  home: string | null;
  without: OptionalStep[];
}

async function trainDefaultRun(home: string): Promise<number> {
  const { stdout, stderr } = await runCli(['train', '--json', '--home', home, '--preset', DEFAULT_PRESET_ID, '--epochs', '1']);
  try {
    const run = JSON.parse(stdout) as { runId?: unknown };
    if (typeof run.runId === 'number') return run.runId;
  } catch {
    // Falls through to the error below, with what the command said.
  }
  throw new Error(`Training the default run failed: ${stderr.trim().split('\n').pop() ?? 'no output'}`);
}

export async function benchRealWorld(options: RealWorldOptions, print: (line: Record<string, unknown>) => void): Promise<void> {
  const scratch = options.runId === null ? await mkdtemp(join(tmpdir(), 'mnist-lab-real-world-')) : null;
  const home = scratch ?? options.home ?? defaultHomeDir();
  const store = openRunStore(databaseFile(home));
  try {
    const runId = options.runId ?? (await trainDefaultRun(home));
    const run = store.getRun(runId);
    const predictor = new Predictor(home, store, { skip: options.without });
    const { manifest, images } = await loadRealWorldSet();
    // The final model, as each run's stored real-world score and its test accuracy use.
    const results = await predictor.predict({ runId, images, model: 'final' });
    const score = scoreByStyle(manifest, results, 'final');
    for (const style of [...score.styles, { style: 'all', correct: score.correct, total: score.total, refused: score.styles.reduce((n, s) => n + s.refused, 0) }]) {
      print({ measure: 'real-world', run: runId, testAccuracy: run?.testAccuracy ?? null, without: options.without, ...style, accuracy: round(styleAccuracy(style), 4) });
    }
    const test = (await loadMnist()).test;
    const printed = Array.from({ length: MNIST_PRINTED }, (_, i) => ({ name: `mnist-test-${i}`, rgba: rgbaDigit(test, i) }));
    const read = await predictor.predict({ runId, images: printed, model: 'final' });
    const correct = read.filter((r, i) => r.ok && r.label === test.labels[i]).length;
    print({ measure: 'mnist-printed', run: runId, without: options.without, correct, total: MNIST_PRINTED, accuracy: round(correct / MNIST_PRINTED, 4) });
  } finally {
    store.close();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  }
}
