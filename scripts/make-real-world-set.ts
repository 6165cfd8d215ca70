/**
 * Regenerates the shipped real-world evaluation set in bench/real-world/: every digit 0-9 in every
 * style of scripts/real-world/styles.ts, SAMPLES times, drawn procedurally from the skeletons in
 * scripts/real-world/skeletons.ts with a seeded random hand; then every digit of every handwriting
 * font of scripts/real-world/writers.ts (its writers and held-out writers), each encoded by sharp as
 * PNG (or JPEG for the JPEG look). Nothing comes from MNIST. The same seed gives the same files.
 *
 *   node --import tsx scripts/make-real-world-set.ts
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createRng } from '../common/training/random';
import { MANIFEST_FILE, realWorldSetDir, type RealWorldManifest } from '../main/inference/real-world-set';
import { encodePicture } from './real-world/encode';
import { renderDigit } from './real-world/render';
import { DIGIT_SHAPES } from './real-world/skeletons';
import { STYLES } from './real-world/styles';
import { drawWriterSample, FONT_LICENCE, fontPackage, loadWriter, WRITER_FONTS, WRITER_STYLES, writerFileStem, writerSamples } from './real-world/writers';

const SEED = 15;
const SAMPLES = 3;

async function main(): Promise<void> {
  await mkdir(realWorldSetDir(), { recursive: true });
  for (const file of await readdir(realWorldSetDir())) if (/\.(png|jpg)$/.test(file)) await rm(join(realWorldSetDir(), file));
  const rng = createRng(SEED);
  const manifest: RealWorldManifest = {
    about:
      'Procedural handwriting (scripts/make-real-world-set.ts): pen skeletons, and the digits of handwriting fonts, with random hands and photo effects; not from MNIST.',
    seed: SEED,
    styles: [...STYLES.map((s) => ({ name: s.name, about: s.about })), ...WRITER_STYLES],
    fonts: WRITER_FONTS.map((f) => ({ family: f.family, package: fontPackage(f), licence: FONT_LICENCE, style: f.style })),
    images: [],
  };
  let bytes = 0;
  for (const style of STYLES) {
    for (let label = 0; label < 10; label++) {
      for (let k = 0; k < SAMPLES; k++) {
        const shapes = DIGIT_SHAPES[label];
        const shape = shapes[Math.floor(rng() * shapes.length)];
        const { width, height } = style.canvas(rng);
        const hand = style.hand(rng, width, height);
        const coverage = renderDigit(shape, hand, width, height);
        const { bytes: encoded, ext } = await encodePicture(style.paint(coverage, width, height, rng));
        const file = `${style.name}-${label}-${k}.${ext}`;
        await writeFile(join(realWorldSetDir(), file), encoded);
        bytes += encoded.length;
        manifest.images.push({ file, label, style: style.name });
      }
    }
  }
  for (const [fontIndex, font] of WRITER_FONTS.entries()) {
    const outlines = loadWriter(font);
    for (let label = 0; label < 10; label++) {
      for (let k = 0; k < writerSamples(font); k++) {
        const { bytes: encoded, ext } = await encodePicture(drawWriterSample(SEED, fontIndex, outlines, label, k));
        const file = `${writerFileStem(font, label, k)}.${ext}`;
        await writeFile(join(realWorldSetDir(), file), encoded);
        bytes += encoded.length;
        manifest.images.push({ file, label, style: font.style, writer: font.family });
      }
    }
  }
  await writeFile(join(realWorldSetDir(), MANIFEST_FILE), `${JSON.stringify(manifest, null, 1)}\n`);
  process.stdout.write(`${manifest.images.length} images, ${(bytes / 1024).toFixed(0)} KiB, in ${realWorldSetDir()}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
