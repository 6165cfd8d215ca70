/**
 * The shipped real-world evaluation set (bench/real-world/, made by scripts/make-real-world-set.ts):
 * digits drawn procedurally with pens, hands and photo effects, never taken from MNIST. This module
 * finds it (in the project, or among a packaged app's resources), reads it and scores a model on
 * it, style by style.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel } from '@tensorflow/tfjs';
import type { ImageInput } from '../../common/ipc/contract';
import type { RealWorldResult, RealWorldStyleScore } from '../../common/training/real-world';
import { viewsRead, type PreprocessOptions } from '../../common/image/preprocess';
import type { ModelKind } from '../../common/training/run';
import { configuredNativeRoot } from '../native/bindings';
import { appCacheDir } from '../home';
import { answerDigits, prepareDigitsHere, type DigitAnswer, type PrepareDigits } from './read-digit';
import { rememberReadings } from './readings-cache';

/** Where the set sits below the project root, and below a packaged app's resources (electron-builder.yml). */
export const REAL_WORLD_PATH = join('bench', 'real-world');
export const MANIFEST_FILE = 'manifest.json';

/**
 * The set's folder: below the root the Electron entry configured (the project under `npm start`,
 * the resources of a packaged app), else below the source tree (the command line, `serve`, tests).
 */
export function realWorldSetDir(): string {
  return join(configuredNativeRoot() ?? resolve(import.meta.dirname, '..', '..'), REAL_WORLD_PATH);
}

export interface RealWorldEntry {
  file: string;
  label: number;
  style: string;
  /** The handwriting font a writers picture was drawn from. */
  writer?: string;
}

export interface RealWorldManifest {
  about: string;
  seed: number;
  styles: Array<{ name: string; about: string }>;
  /** The handwriting fonts the writers styles were drawn from, with their packages and licence. */
  fonts?: Array<{ family: string; package: string; licence: string; style: string }>;
  images: RealWorldEntry[];
}

export async function loadRealWorldSet(dir = realWorldSetDir()): Promise<{ manifest: RealWorldManifest; images: ImageInput[] }> {
  const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as RealWorldManifest;
  if (!Array.isArray(manifest.images) || !Array.isArray(manifest.styles)) throw new Error(`${MANIFEST_FILE} lists no images or styles.`);
  const images = await Promise.all(manifest.images.map(async (e) => ({ name: e.file, bytes: new Uint8Array(await readFile(join(dir, e.file))) })));
  return { manifest, images };
}

/** The score of `results` (one per manifest image, in its order): per style in the manifest's order, and overall. */
export function scoreByStyle(manifest: RealWorldManifest, results: readonly DigitAnswer[], model: ModelKind, views: number): Extract<RealWorldResult, { ok: true }> {
  const styles = new Map<string, RealWorldStyleScore>(manifest.styles.map((s) => [s.name, { style: s.name, correct: 0, total: 0, refused: 0 }]));
  let correct = 0;
  manifest.images.forEach((entry, i) => {
    const r = results[i];
    const style = styles.get(entry.style) ?? { style: entry.style, correct: 0, total: 0, refused: 0 };
    styles.set(entry.style, style);
    style.total++;
    if (r.ok && r.label === entry.label) {
      style.correct++;
      correct++;
    }
    if (!r.ok) style.refused++;
  });
  return { ok: true, model, correct, total: manifest.images.length, styles: [...styles.values()], views };
}

/**
 * How the set's pictures are read for a score: through the readings remembered in `cacheDir`
 * (readings-cache.ts), shared by a run's own score and `mnist-lab score`; null reads every picture.
 */
export function readingTheSet(prepare: PrepareDigits, cacheDir: string | null = appCacheDir()): PrepareDigits {
  return cacheDir === null ? prepare : rememberReadings(prepare, cacheDir, 'real-world-readings');
}

export interface ScoreOptions {
  /** The set's folder: the shipped one unless given. */
  dir?: string;
  /** How the pictures are read: here, one after another, unless given (a run shares them among its threads). */
  prepare?: PrepareDigits;
  /**
   * Where the set's readings are remembered between scorings (readings-cache.ts): MNIST Lab's OS
   * cache folder unless given; null reads every picture again.
   */
  cacheDir?: string | null;
  /** Reading steps left out (the bench's `--without`): none unless given, as every run's score. */
  preprocess?: PreprocessOptions;
}

/**
 * Scores a model held in memory: what a training process does right after its test evaluation.
 * A missing or damaged set gives a result with the reason, never an exception. The pictures are
 * read to the same inputs and answers as on the Test screen, without its step pictures.
 */
export async function scoreRealWorld(tf: typeof tfjs, model: LayersModel, kind: ModelKind, options: ScoreOptions = {}): Promise<RealWorldResult> {
  const { dir = realWorldSetDir(), prepare = prepareDigitsHere, cacheDir, preprocess = {} } = options;
  let set: Awaited<ReturnType<typeof loadRealWorldSet>>;
  try {
    set = await loadRealWorldSet(dir);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'was not found' : `could not be read (${error instanceof Error ? error.message : String(error)})`;
    return { ok: false, reason: `The real-world set ${why} at ${dir}. Reinstall MNIST Lab, or regenerate it with: node --import tsx scripts/make-real-world-set.ts` };
  }
  return scoreByStyle(set.manifest, await answerDigits(tf, model, set.images, preprocess, readingTheSet(prepare, cacheDir)), kind, viewsRead(preprocess));
}
