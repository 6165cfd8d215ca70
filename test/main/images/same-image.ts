/** What the decoder tests share: the real-world set's files of one format, and a byte-for-byte comparison of decoded images. */
import { expect } from 'vitest';
import type { RgbaImage } from '../../../main/images/decode';
import { loadRealWorldSet } from '../../../main/inference/real-world-set';

/** The real-world set's files whose names end with `extension` ('.png', '.jpg'), with their bytes. */
export async function realWorldFiles(extension: string): Promise<Array<{ name: string; bytes: Uint8Array }>> {
  const { images } = await loadRealWorldSet();
  return images.filter((image) => image.name.endsWith(extension)).map((image) => {
    if (!('bytes' in image)) throw new Error('the set is read as files');
    return { name: image.name, bytes: image.bytes };
  });
}

/** Same size and the very same bytes; a mismatch names the first byte that differs. Compared whole first: element by element, a photo takes seconds. */
export function expectSameImage(actual: RgbaImage | null, expected: RgbaImage, name = 'the image'): void {
  if (!actual) throw new Error(`expected ${name} to be read`);
  expect([actual.width, actual.height], name).toEqual([expected.width, expected.height]);
  const [a, b] = [actual.data, expected.data].map((data) => Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  if (a.equals(b)) return;
  const first = actual.data.findIndex((v, i) => v !== expected.data[i]);
  expect(first, `${name}: first differing byte at ${first}`).toBe(-1);
  expect(actual.data.length, name).toBe(expected.data.length);
}
