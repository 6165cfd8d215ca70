/**
 * Files a user would drop on the Test screen, made in the test: a real MNIST test digit saved
 * as a PNG the way a scan or a photo of one looks (dark ink on white, larger than 28x28, with a
 * margin), and a text file that only pretends to be a PNG.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { realWorldSetDir } from '../../main/inference/real-world-set';
import { loadMnist } from '../../main/data/mnist';
import { MNIST_PIXELS, MNIST_SIDE } from '../../common/image/preprocess';

export interface DroppedFile {
  name: string;
  mimeType: string;
  bytes: Buffer;
}

/** MNIST test image `testIndex` as a `side`x`side` PNG with dark ink on white, and its true label. */
export async function mnistDigitPng(testIndex: number, side = 112, margin = 24): Promise<{ file: DroppedFile; label: number }> {
  const mnist = await loadMnist();
  const pixels = mnist.test.images.subarray(testIndex * MNIST_PIXELS, (testIndex + 1) * MNIST_PIXELS);
  // MNIST stores white ink on black; paper is the other way round.
  const inverted = Buffer.from(pixels.map((value) => 255 - value));
  const bytes = await sharp(inverted, { raw: { width: MNIST_SIDE, height: MNIST_SIDE, channels: 1 } })
    .resize(side, side, { kernel: 'lanczos3' })
    .extend({ top: margin, bottom: margin, left: margin, right: margin, background: { r: 255, g: 255, b: 255 } })
    .png()
    .toBuffer();
  return { file: { name: `mnist-test-${testIndex}.png`, mimeType: 'image/png', bytes }, label: mnist.test.labels[testIndex] };
}

/** A text file named like a PNG. */
export function textPretendingToBePng(name = 'notes.png'): DroppedFile {
  return { name, mimeType: 'image/png', bytes: Buffer.from('Shopping list: milk, eggs, 7 apples.\n', 'utf8') };
}

/** A picture from the shipped real-world set (bench/real-world/), as a user would drop it. */
export async function realWorldPhoto(file: string): Promise<DroppedFile> {
  return { name: file, mimeType: file.endsWith('.jpg') ? 'image/jpeg' : 'image/png', bytes: await readFile(join(realWorldSetDir(), file)) };
}

/**
 * A picture of the shipped set as a phone would take it: 12 megapixels (4000x3000), JPEG, with a
 * little sensor grain, the way a photo of a digit on paper arrives at the Test screen.
 */
export async function phonePhoto(file: string, width = 4000, height = 3000): Promise<DroppedFile> {
  const source = await readFile(join(realWorldSetDir(), file));
  const grain = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 6 } } }).raw().toBuffer();
  const bytes = await sharp(source)
    .resize(width, height, { fit: 'fill' })
    .composite([{ input: grain, raw: { width, height, channels: 3 }, blend: 'overlay' }])
    .jpeg({ quality: 90 })
    .toBuffer();
  return { name: `phone-${file.replace(/\.\w+$/, '')}.jpg`, mimeType: 'image/jpeg', bytes };
}
