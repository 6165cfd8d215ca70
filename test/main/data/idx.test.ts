import { describe, expect, it } from 'vitest';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, MnistDataError, parseIdx } from '../../../main/data/idx';

/** An IDX file in bytes: magic, big-endian dims, then `body`. */
function idxFile(magic: number, dims: number[], body: number[]): Uint8Array {
  const bytes = new Uint8Array(4 + 4 * dims.length + body.length);
  const view = new DataView(bytes.buffer);
  view.setUint32(0, magic);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  bytes.set(body, 4 + 4 * dims.length);
  return bytes;
}

function errorOf(run: () => unknown): MnistDataError {
  try {
    run();
  } catch (error) {
    if (error instanceof MnistDataError) return error;
    throw error;
  }
  throw new Error('expected a MnistDataError');
}

describe('parseIdx', () => {
  it('reads image and label files', () => {
    const images = parseIdx(idxFile(IDX_IMAGES_MAGIC, [2, 2, 3], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), 'imgs');
    expect(images.dims).toEqual([2, 2, 3]);
    expect(Array.from(images.data)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    const labels = parseIdx(idxFile(IDX_LABELS_MAGIC, [3], [7, 0, 9]), 'labels');
    expect(labels.dims).toEqual([3]);
    expect(Array.from(labels.data)).toEqual([7, 0, 9]);
  });

  it('reads from a view into a larger buffer', () => {
    const file = idxFile(IDX_LABELS_MAGIC, [2], [4, 5]);
    const padded = new Uint8Array(file.length + 10);
    padded.set(file, 5);
    const labels = parseIdx(padded.subarray(5, 5 + file.length), 'labels');
    expect(Array.from(labels.data)).toEqual([4, 5]);
  });

  it('refuses a truncated file, naming it and both sizes', () => {
    const file = idxFile(IDX_IMAGES_MAGIC, [60000, 28, 28], new Array<number>(984).fill(0));
    const error = errorOf(() => parseIdx(file, 'train-images-idx3-ubyte'));
    expect(error.message).toBe(
      'train-images-idx3-ubyte is truncated: expected 47040016 bytes, found 1000. Reinstall the data with `npm install`.',
    );
  });

  it('refuses a file longer than its header says', () => {
    const file = idxFile(IDX_LABELS_MAGIC, [2], [1, 2, 3]);
    expect(errorOf(() => parseIdx(file, 'x-labels')).message).toMatch(/^x-labels is longer than its header says: expected 10 bytes, found 11/);
  });

  it('refuses a wrong magic number, such as a still-gzipped file', () => {
    const gzip = Uint8Array.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0]);
    expect(errorOf(() => parseIdx(gzip, 't10k-labels-idx1-ubyte')).message).toMatch(
      /^t10k-labels-idx1-ubyte is not an MNIST IDX file: its magic number is 0x1f8b0800, expected 0x00000803 \(images\) or 0x00000801 \(labels\)/,
    );
  });

  it('refuses headers that are cut short or declare an empty dimension', () => {
    expect(errorOf(() => parseIdx(Uint8Array.from([0, 0]), 'a')).message).toMatch(/^a is truncated: it has only 2 bytes/);
    expect(errorOf(() => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1]), 'b')).message).toMatch(
      /^b is truncated: expected a 16-byte header, found 8 bytes/,
    );
    expect(errorOf(() => parseIdx(idxFile(IDX_IMAGES_MAGIC, [0, 28, 28], []), 'c')).message).toMatch(/^c has an empty dimension/);
  });
});
