import { describe, expect, it } from 'vitest';
import { choosePaper, toGrayscale, toGrayscaleOnItsPaper } from '../../../common/image/grayscale';
import { createRng } from '../../../common/training/random';

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

describe('toGrayscaleOnItsPaper', () => {
  it('gives what toGrayscale gives over the paper choosePaper picks: opaque, light strokes on transparency, a late transparent pixel', () => {
    const rng = createRng(8);
    const [width, height] = [13, 7];
    const opaque = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? 255 : Math.floor(rng() * 256)));
    const lateHole = opaque.slice();
    lateHole[lateHole.length - 1] = 0;
    // Light strokes on a transparent canvas: choosePaper puts them on black.
    const strokes = Uint8Array.from({ length: width * height * 4 }, (_, i) => (i % 4 === 3 ? (rng() < 0.3 ? 255 : 0) : 240));
    for (const data of [opaque, lateHole, strokes]) {
      const img = { width, height, data };
      expect(Array.from(toGrayscaleOnItsPaper(img))).toEqual(Array.from(toGrayscale(img, choosePaper(img))));
    }
    expect(choosePaper({ width, height, data: strokes })).toBe('black');
  });
});
