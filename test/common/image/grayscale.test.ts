import { describe, expect, it } from 'vitest';
import { choosePaper, toGrayscale } from '../../../common/image/grayscale';

function rgba(...pixels: number[][]): { width: number; height: number; data: Uint8Array } {
  return { width: pixels.length, height: 1, data: Uint8Array.from(pixels.flat()) };
}

describe('toGrayscale', () => {
  it('weighs channels by Rec. 601 luma', () => {
    const gray = toGrayscale(rgba([255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 255, 255], [255, 255, 255, 255]), 'white');
    expect(Array.from(gray)).toEqual([76, 150, 29, 255]);
  });

  it('composites transparency over the paper', () => {
    const img = rgba([0, 0, 0, 0], [0, 0, 0, 128], [0, 0, 0, 255]);
    expect(Array.from(toGrayscale(img, 'white'))).toEqual([255, 127, 0]);
    expect(Array.from(toGrayscale(rgba([255, 255, 255, 0], [255, 255, 255, 128]), 'black'))).toEqual([0, 128]);
  });
});

describe('choosePaper', () => {
  it('is white for opaque images and dark strokes, black for light strokes on transparency', () => {
    expect(choosePaper(rgba([255, 255, 255, 255], [0, 0, 0, 255]))).toBe('white');
    expect(choosePaper(rgba([0, 0, 0, 0], [10, 10, 10, 255]))).toBe('white');
    expect(choosePaper(rgba([0, 0, 0, 0], [250, 250, 250, 255]))).toBe('black');
    expect(choosePaper(rgba([0, 0, 0, 0], [0, 0, 0, 0]))).toBe('white');
  });
});
