/**
 * Small grayscale images (28x28 MNIST digits, the model's input) as data: URLs that an <img>
 * can show, upscaled with `image-rendering: pixelated`. An 8-bit BMP needs no compression or
 * checksums, so it is built directly, without a canvas (and works the same in tests).
 */

/** How pixel values are given: bytes 0..255 (MNIST test images) or fractions 0..1 (model input). */
export type PixelScale = 'byte' | 'unit';

const FILE_HEADER = 14;
const INFO_HEADER = 40;
const PALETTE = 256 * 4;

function toByte(value: number, scale: PixelScale): number {
  const v = scale === 'unit' ? value * 255 : value;
  return Number.isFinite(v) ? Math.min(255, Math.max(0, Math.round(v))) : 0;
}

/** The BMP file bytes: 256-entry gray palette, rows bottom-up and padded to 4 bytes. */
export function encodeGrayscaleBmp(
  pixels: ArrayLike<number>,
  width: number,
  height: number,
  scale: PixelScale = 'byte',
): Uint8Array {
  if (pixels.length !== width * height) {
    throw new Error(`Expected ${width * height} pixels for a ${width}x${height} image, got ${pixels.length}.`);
  }
  const rowSize = Math.ceil(width / 4) * 4;
  const offset = FILE_HEADER + INFO_HEADER + PALETTE;
  const size = offset + rowSize * height;
  const bytes = new Uint8Array(size);
  const view = new DataView(bytes.buffer);
  bytes[0] = 0x42; // 'B'
  bytes[1] = 0x4d; // 'M'
  view.setUint32(2, size, true);
  view.setUint32(10, offset, true);
  view.setUint32(14, INFO_HEADER, true);
  view.setInt32(18, width, true);
  view.setInt32(22, height, true);
  view.setUint16(26, 1, true); // colour planes
  view.setUint16(28, 8, true); // bits per pixel
  view.setUint32(34, rowSize * height, true);
  view.setUint32(46, 256, true); // palette entries used
  for (let i = 0; i < 256; i++) {
    const p = FILE_HEADER + INFO_HEADER + i * 4;
    bytes[p] = bytes[p + 1] = bytes[p + 2] = i;
  }
  for (let row = 0; row < height; row++) {
    const target = offset + (height - 1 - row) * rowSize;
    for (let col = 0; col < width; col++) bytes[target + col] = toByte(pixels[row * width + col], scale);
  }
  return bytes;
}

function base64(bytes: Uint8Array): string {
  let binary = '';
  const chunk = 0x8000;
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}

export function grayscaleDataUrl(
  pixels: ArrayLike<number>,
  width = 28,
  height = 28,
  scale: PixelScale = 'byte',
): string {
  return `data:image/bmp;base64,${base64(encodeGrayscaleBmp(pixels, width, height, scale))}`;
}
