/**
 * Regenerates the shipped real-world evaluation set in bench/real-world/: every digit 0-9 in every
 * style of scripts/real-world/styles.ts, SAMPLES times, drawn procedurally from the skeletons in
 * scripts/real-world/skeletons.ts with a seeded random hand, then encoded by sharp as PNG (or JPEG
 * for the JPEG style). Nothing comes from MNIST. The same seed gives the same files.
 *
 *   node --import tsx scripts/make-real-world-set.ts
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { createRng } from '../common/training/random';
import { MANIFEST_FILE, realWorldSetDir, type RealWorldManifest } from '../main/inference/real-world-set';
import { renderDigit } from './real-world/render';
import { DIGIT_SHAPES } from './real-world/skeletons';
import { STYLES, type Picture } from './real-world/styles';

const SEED = 15;
const SAMPLES = 3;

async function encode(picture: Picture): Promise<{ bytes: Buffer; ext: string }> {
  let image = sharp(picture.data, { raw: { width: picture.width, height: picture.height, channels: picture.channels } });
  if (picture.blur) image = image.blur(picture.blur);
  if (picture.jpegQuality) return { bytes: await image.jpeg({ quality: picture.jpegQuality }).toBuffer(), ext: 'jpg' };
  return { bytes: await image.png({ compressionLevel: 9 }).toBuffer(), ext: 'png' };
}

async function main(): Promise<void> {
  await mkdir(realWorldSetDir(), { recursive: true });
  for (const file of await readdir(realWorldSetDir())) if (/\.(png|jpg)$/.test(file)) await rm(join(realWorldSetDir(), file));
  const rng = createRng(SEED);
  const manifest: RealWorldManifest = {
    about: 'Procedural handwriting (scripts/make-real-world-set.ts): pen skeletons with random hands and photo effects; not from MNIST.',
    seed: SEED,
    styles: STYLES.map((s) => ({ name: s.name, about: s.about })),
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
        const { bytes: encoded, ext } = await encode(style.paint(coverage, width, height, rng));
        const file = `${style.name}-${label}-${k}.${ext}`;
        await writeFile(join(realWorldSetDir(), file), encoded);
        bytes += encoded.length;
        manifest.images.push({ file, label, style: style.name });
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
