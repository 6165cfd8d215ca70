/** What decoding produces, and the one error it raises. */

/** Decoded pixels: 4 bytes (R, G, B, A) per pixel, row-major, sRGB, upright. */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A file could not be turned into pixels; the message names the file and says why, plainly. */
export class ImageDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageDecodeError';
  }
}
