/** Each reading step on synthetic pictures with known answers. */
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseDigit, labelComponents } from '../../../common/image/components';
import { slantDegrees, deskew } from '../../../common/image/moments';
import { plane, resizePlane, type Plane } from '../../../common/image/plane';
import { noDigitMessage, preprocessToMnist } from '../../../common/image/preprocess';
import { skeletonOf, strokeWidth } from '../../../common/image/stroke';
import { createRng } from '../../../common/training/random';
import { loadMnist } from '../../../main/data/mnist';
import { BLACK, WHITE, canvas, drawSeven, fillRect, line, meanAbsoluteDifference, setPixel, type Rgba } from './draw';

const asPlane = (pixels: Float32Array): Plane => plane(28, 28, pixels);
/** Stroke width of a 28x28 image, measured 4x enlarged (at 28x28 the skeleton is too coarse to tell 2 px from 3). */
const widthOf = (pixels: Float32Array): number => strokeWidth(resizePlane(asPlane(pixels), { x: 0, y: 0, width: 28, height: 28 }, 112, 112)) / 4;

/** MNIST's own stroke widths at 28x28 (5th..95th percentile of 500 training digits), the range every reading must land in. */
let mnistStroke: { low: number; high: number };
beforeAll(async () => {
  const { train } = await loadMnist();
  const widths = Array.from({ length: 500 }, (_, i) => widthOf(Float32Array.from(train.images.subarray(i * 784, (i + 1) * 784), (v) => v / 255))).sort((a, b) => a - b);
  mnistStroke = { low: widths[25], high: widths[475] };
});

/** A shape like a 1 with a foot: a vertical bar leaning `degrees` to the right, and a short base. */
function leaningOne(degrees: number, colour: Rgba = BLACK): ReturnType<typeof canvas> {
  const img = canvas(200, 200, WHITE);
  const lean = Math.tan((degrees * Math.PI) / 180) * 140;
  line(img, 100 - lean / 2, 170, 100 + lean / 2, 30, 10, colour);
  return img;
}

describe('stroke width', () => {
  it('brings a 1 px pen line and a 12 px marker stroke into MNIST stroke-width range', () => {
    const fine = canvas(200, 200, WHITE);
    drawSeven(fine, 50, 20, 100, BLACK, 1);
    const marker = canvas(100, 100, WHITE);
    drawSeven(marker, 20, 8, 55, BLACK, 12);
    for (const img of [fine, marker]) {
      const width = widthOf(preprocessToMnist(img).pixels);
      expect(width).toBeGreaterThanOrEqual(mnistStroke.low);
      expect(width).toBeLessThanOrEqual(mnistStroke.high);
    }
    // Without the step they are not: the measurement is what the step changes.
    expect(widthOf(preprocessToMnist(fine, { skip: ['stroke-width'] }).pixels)).toBeLessThan(mnistStroke.low);
  });

  it("thins a thick bar to its one-pixel centre line, along the bar's length", () => {
    const bar = plane(40, 40);
    for (let y = 5; y < 35; y++) for (let x = 15; x < 25; x++) bar.data[y * 40 + x] = 1;
    const skeleton = skeletonOf(bar);
    const rows = Array.from({ length: 40 }, (_, y) => skeleton.data.subarray(y * 40, (y + 1) * 40).reduce((a, b) => a + b, 0));
    // One pixel a row over the bar's middle, none outside the bar.
    expect(rows.slice(10, 30).every((n) => n === 1)).toBe(true);
    expect(rows.slice(0, 5).concat(rows.slice(35)).every((n) => n === 0)).toBe(true);
    const middle = skeleton.data.subarray(20 * 40, 21 * 40).findIndex((v) => v === 1);
    expect(Math.abs(middle - 19.5)).toBeLessThanOrEqual(0.5);
    expect(strokeWidth(skeletonOf(bar))).toBe(1);
  });
});

describe('deskew', () => {
  it('undoes a 20-degree slant to within 3 degrees', () => {
    const slanted = leaningOne(20);
    const before = slantDegrees(asPlane(preprocessToMnist(slanted, { skip: ['deskew'] }).pixels));
    expect(before).toBeGreaterThan(15);
    const after = slantDegrees(asPlane(preprocessToMnist(slanted).pixels));
    expect(Math.abs(after)).toBeLessThan(3);
  });

  it('leaves an upright stroke upright and measures the shear it removes', () => {
    const upright = plane(20, 40);
    for (let y = 5; y < 35; y++) for (let x = 8; x < 12; x++) upright.data[y * 20 + x] = 1;
    expect(Math.abs(slantDegrees(upright))).toBeLessThan(0.5);
    expect(deskew(upright)).toBe(upright);
  });
});

describe('specks and pieces', () => {
  it('drops a speck far from the digit and reads the digit as if it were not there', () => {
    const clean = canvas(200, 200, WHITE);
    drawSeven(clean, 60, 40, 70, BLACK);
    const specked = canvas(200, 200, WHITE);
    drawSeven(specked, 60, 40, 70, BLACK);
    fillRect(specked, 185, 185, 4, 4, BLACK);
    const a = preprocessToMnist(clean);
    const b = preprocessToMnist(specked);
    expect(b.bbox).toEqual(a.bbox);
    expect(meanAbsoluteDifference(a.pixels, b.pixels)).toBeLessThan(1e-6);
    // Without the step the speck stretches the box and the digit shrinks.
    expect(preprocessToMnist(specked, { skip: ['despeckle'] }).bbox?.width).toBeGreaterThan(120);
  });

  it('keeps the separate pieces of one digit (a 4 written in two strokes)', () => {
    const img = canvas(120, 120, WHITE);
    line(img, 40, 15, 30, 70, 6, BLACK);
    line(img, 30, 70, 64, 70, 6, BLACK);
    line(img, 75, 35, 75, 110, 6, BLACK);
    const solid = new Uint8Array(120 * 120);
    for (let i = 0; i < solid.length; i++) solid[i] = img.data[i * 4] < 128 ? 1 : 0;
    expect(labelComponents(solid, 120, 120).components).toHaveLength(2);
    const result = preprocessToMnist(img);
    expect(result.noDigit).toBeNull();
    expect(result.bbox?.height).toBeGreaterThan(90);
  });

  it('says when a picture holds two digits side by side', () => {
    const img = canvas(300, 140, WHITE);
    drawSeven(img, 20, 20, 70, BLACK);
    drawSeven(img, 180, 20, 70, BLACK);
    const result = preprocessToMnist(img);
    expect(result.noDigit).toEqual({ kind: 'several', count: 2 });
    expect(noDigitMessage(result.noDigit!)).toMatch(/2 digits/);
  });

  it('counts nothing as a digit in an empty component list', () => {
    expect(chooseDigit([])).toEqual({ kind: 'none' });
  });
});

describe('light and polarity', () => {
  it('finds dark ink under uneven light where one global threshold fails', () => {
    const img = canvas(200, 200, WHITE);
    // Light falls off from left to right: the paper on the right is darker than the ink's edge on the left.
    for (let y = 0; y < 200; y++) for (let x = 0; x < 200; x++) { const v = Math.round(250 - x); setPixel(img, x, y, [v, v, v, 255]); }
    drawSeven(img, 40, 30, 90, [30, 30, 30, 255]);
    const reference = canvas(200, 200, WHITE);
    drawSeven(reference, 40, 30, 90, BLACK);
    const result = preprocessToMnist(img);
    expect(result.inverted).toBe(true);
    expect(result.bbox).toEqual(preprocessToMnist(reference).bbox);
    expect(preprocessToMnist(img, { skip: ['flatten-light'] }).bbox).not.toEqual(result.bbox);
  });

  it('detects light ink on a dark board, and can be told otherwise', () => {
    const img = canvas(150, 150, [30, 40, 35, 255]);
    drawSeven(img, 40, 20, 60, [235, 235, 230, 255]);
    const auto = preprocessToMnist(img);
    expect(auto.inverted).toBe(false);
    expect(auto.noDigit).toBeNull();
    const flipped = preprocessToMnist(img, { polarity: 'dark-on-light' });
    expect(flipped.inverted).toBe(true);
  });
});

describe('pictures that hold no digit', () => {
  it('says an all-white picture is blank', () => {
    expect(preprocessToMnist(canvas(64, 64, WHITE)).noDigit).toEqual({ kind: 'blank' });
  });

  it('says pure noise is noise, not a digit', () => {
    const rng = createRng(7);
    const img = canvas(120, 120, WHITE);
    for (let y = 0; y < 120; y++) for (let x = 0; x < 120; x++) { const v = Math.floor(rng() * 256); setPixel(img, x, y, [v, v, v, 255]); }
    const result = preprocessToMnist(img);
    expect(result.noDigit).toEqual({ kind: 'noise' });
    expect(noDigitMessage(result.noDigit!)).toMatch(/noise/);
  });

  it('reads a 1 x 5000 strip without failing', () => {
    const strip = canvas(1, 5000, WHITE);
    for (let y = 2000; y < 3000; y++) setPixel(strip, 0, y, BLACK);
    const result = preprocessToMnist(strip);
    expect(result.noDigit).toBeNull();
    expect(result.pixels.some((v) => v > 0)).toBe(true);
    expect(preprocessToMnist(canvas(5000, 1, WHITE)).noDigit).toEqual({ kind: 'blank' });
  });

  it('reads a digit carried only by the alpha channel', () => {
    const img = canvas(100, 100, [0, 0, 0, 0]);
    drawSeven(img, 25, 10, 50, [0, 0, 0, 255]);
    const reference = canvas(100, 100, WHITE);
    drawSeven(reference, 25, 10, 50, BLACK);
    const result = preprocessToMnist(img);
    expect(result.noDigit).toBeNull();
    expect(meanAbsoluteDifference(result.pixels, preprocessToMnist(reference).pixels)).toBeLessThan(1e-6);
  });
});
