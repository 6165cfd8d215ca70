/**
 * The shipped real-world evaluation set (bench/real-world/, made by scripts/make-real-world-set.ts):
 * digits drawn procedurally with pens, hands and photo effects, never taken from MNIST. This module
 * reads it and scores a model on it, style by style.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { ImageInput, PredictionResult } from '../../common/ipc/contract';

export const REAL_WORLD_DIR = resolve(import.meta.dirname, '..', '..', 'bench', 'real-world');
export const MANIFEST_FILE = 'manifest.json';

export interface RealWorldEntry {
  file: string;
  label: number;
  style: string;
}

export interface RealWorldManifest {
  about: string;
  seed: number;
  styles: Array<{ name: string; about: string }>;
  images: RealWorldEntry[];
}

export interface StyleScore {
  style: string;
  correct: number;
  total: number;
  accuracy: number;
  /** Images the pipeline refused (no digit found, several digits): counted as wrong. */
  refused: number;
}

export async function loadRealWorldSet(dir = REAL_WORLD_DIR): Promise<{ manifest: RealWorldManifest; images: ImageInput[] }> {
  const manifest = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as RealWorldManifest;
  const images = await Promise.all(manifest.images.map(async (e) => ({ name: e.file, bytes: new Uint8Array(await readFile(join(dir, e.file))) })));
  return { manifest, images };
}

/** Accuracy per style, in the manifest's style order, then 'all'. */
export function scoreByStyle(manifest: RealWorldManifest, results: PredictionResult[]): StyleScore[] {
  const scores = new Map<string, StyleScore>();
  const add = (style: string, correct: boolean, refused: boolean): void => {
    const s = scores.get(style) ?? { style, correct: 0, total: 0, accuracy: 0, refused: 0 };
    s.total++;
    if (correct) s.correct++;
    if (refused) s.refused++;
    scores.set(style, s);
  };
  for (const style of manifest.styles) scores.set(style.name, { style: style.name, correct: 0, total: 0, accuracy: 0, refused: 0 });
  manifest.images.forEach((entry, i) => {
    const r = results[i];
    const correct = r.ok && r.label === entry.label;
    add(entry.style, correct, !r.ok);
    add('all', correct, !r.ok);
  });
  return [...scores.values()].map((s) => ({ ...s, accuracy: s.total > 0 ? s.correct / s.total : 0 }));
}
