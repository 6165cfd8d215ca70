import { describe, expect, it } from 'vitest';
import { MNIST_PIXELS, preprocessToMnist } from '../../../common/image/preprocess';
import {
  BLACK,
  CLEAR,
  WHITE,
  canvas,
  centreOfMass,
  drawSeven,
  fillRect,
  inkBox,
  meanAbsoluteDifference,
  setPixel,
  type Rgba,
} from './draw';

/** The reference: a white 7 on black, drawn at 100 px in a 200x200 image. */
function referenceSeven(): Float32Array {
  const img = canvas(200, 200, BLACK);
  drawSeven(img, 50, 30, 100, WHITE);
  return preprocessToMnist(img).pixels;
}

function expectMnistPlacement(pixels: Float32Array): void {
  const com = centreOfMass(pixels);
  // Shifts are whole pixels, so the centre of mass can be off by at most half a pixel per axis.
  expect(Math.abs(com.x - 14)).toBeLessThanOrEqual(0.5);
  expect(Math.abs(com.y - 14)).toBeLessThanOrEqual(0.5);
  const box = inkBox(pixels);
  expect(Math.max(box.width, box.height)).toBe(20);
  expect(Math.max(...pixels)).toBeCloseTo(1, 5);
  expect(Math.min(...pixels)).toBe(0);
}

describe('preprocessToMnist', () => {
  it('centres an off-centre white-on-black digit and scales its longer side to 20 px', () => {
    const img = canvas(200, 200, BLACK);
    drawSeven(img, 5, 4, 60, WHITE);
    const result = preprocessToMnist(img);
    expect(result.noDigit).toBeNull();
    expect(result.inverted).toBe(false);
    expect(result.pixels).toHaveLength(MNIST_PIXELS);
    expectMnistPlacement(result.pixels);
    // The 7 is 1.4 times taller than wide: 20 px tall, about 14 px wide.
    const box = inkBox(result.pixels);
    expect(box.height).toBe(20);
    expect(box.width).toBeGreaterThanOrEqual(13);
    expect(box.width).toBeLessThanOrEqual(15);
    expect(result.bbox).not.toBeNull();
    expect(result.bbox!.x).toBe(5);
    expect(result.bbox!.y).toBe(4);
    expect(result.bbox!.height).toBe(84);
  });

  it('gives the same image wherever the digit sits', () => {
    const reference = referenceSeven();
    const img = canvas(200, 200, BLACK);
    drawSeven(img, 90, 50, 100, WHITE);
    expect(meanAbsoluteDifference(preprocessToMnist(img).pixels, reference)).toBeLessThan(1e-6);
  });

  it('inverts dark ink on light paper', () => {
    const img = canvas(200, 200, WHITE);
    drawSeven(img, 50, 30, 100, BLACK);
    const result = preprocessToMnist(img);
    expect(result.inverted).toBe(true);
    expectMnistPlacement(result.pixels);
    expect(meanAbsoluteDifference(result.pixels, referenceSeven())).toBeLessThan(1e-6);
  });

  it('reads the polarity right for thin strokes that touch the border', () => {
    const img = canvas(120, 90, WHITE);
    fillRect(img, 0, 45, 120, 1, BLACK);
    fillRect(img, 60, 0, 1, 90, BLACK);
    drawSeven(img, 20, 10, 40, BLACK, 1);
    const result = preprocessToMnist(img);
    expect(result.inverted).toBe(true);
    expect(result.bbox).toEqual({ x: 0, y: 0, width: 120, height: 90 });
  });

  it('treats gray paper with darker ink as dark-on-light', () => {
    const img = canvas(150, 150, [140, 140, 140, 255]);
    drawSeven(img, 40, 20, 70, [30, 30, 30, 255]);
    const result = preprocessToMnist(img);
    expect(result.inverted).toBe(true);
    expectMnistPlacement(result.pixels);
  });

  it('finds ink drawn only in the alpha channel, whatever its colour', () => {
    const reference = referenceSeven();
    for (const ink of [BLACK, WHITE, [0, 0, 255, 255] as Rgba]) {
      const img = canvas(200, 200, CLEAR);
      drawSeven(img, 50, 30, 100, ink);
      const result = preprocessToMnist(img);
      expect(result.noDigit).toBeNull();
      expect(meanAbsoluteDifference(result.pixels, reference)).toBeLessThan(0.01);
    }
  });

  it('handles blue ink on white paper', () => {
    const img = canvas(200, 200, WHITE);
    drawSeven(img, 50, 30, 100, [20, 40, 200, 255]);
    const result = preprocessToMnist(img);
    expect(result.inverted).toBe(true);
    expectMnistPlacement(result.pixels);
    expect(meanAbsoluteDifference(result.pixels, referenceSeven())).toBeLessThan(0.01);
  });

  it('stretches low-contrast ink to the full range', () => {
    const img = canvas(200, 200, [200, 200, 200, 255]);
    drawSeven(img, 50, 30, 100, [150, 150, 150, 255]);
    const result = preprocessToMnist(img);
    expect(result.inverted).toBe(true);
    expect(meanAbsoluteDifference(result.pixels, referenceSeven())).toBeLessThan(0.01);
  });

  it('ignores faint paper noise when finding the digit', () => {
    const img = canvas(200, 200, WHITE);
    let seed = 7;
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let y = 0; y < 200; y++) {
      for (let x = 0; x < 200; x++) {
        const v = 255 - Math.floor(random() * 12);
        setPixel(img, x, y, [v, v, v, 255]);
      }
    }
    drawSeven(img, 50, 30, 100, BLACK);
    const result = preprocessToMnist(img);
    expect(result.bbox).toEqual({ x: 50, y: 30, width: 100, height: 140 });
    expect(meanAbsoluteDifference(result.pixels, referenceSeven())).toBeLessThan(0.01);
  });

  it('handles a huge image', () => {
    const img = canvas(3000, 2400, WHITE);
    drawSeven(img, 2000, 200, 900, BLACK);
    const result = preprocessToMnist(img);
    expect(result.inverted).toBe(true);
    expectMnistPlacement(result.pixels);
    expect(meanAbsoluteDifference(result.pixels, referenceSeven())).toBeLessThan(0.03);
  });

  it('keeps thin pen lines in a large image visible', () => {
    const img = canvas(2000, 2000, WHITE);
    drawSeven(img, 500, 300, 1000, BLACK, 3);
    const result = preprocessToMnist(img);
    expectMnistPlacement(result.pixels);
  });

  it('enlarges a tiny digit', () => {
    const img = canvas(9, 12, BLACK);
    drawSeven(img, 2, 1, 6, WHITE, 1.5);
    const result = preprocessToMnist(img);
    expect(result.inverted).toBe(false);
    expectMnistPlacement(result.pixels);
  });

  it('accepts a digit of a single pixel', () => {
    const img = canvas(3, 3, BLACK);
    setPixel(img, 2, 0, WHITE);
    const result = preprocessToMnist(img);
    expect(result.noDigit).toBeNull();
    expect(result.bbox).toEqual({ x: 2, y: 0, width: 1, height: 1 });
    expectMnistPlacement(result.pixels);
  });

  it('keeps the aspect ratio of wide and tall strokes', () => {
    // Fitting alone: the stroke-width step would (rightly) grow the 4 px bar.
    const fitOnly = { skip: ['stroke-width', 'deskew'] } as const;
    const wide = canvas(300, 60, WHITE);
    fillRect(wide, 20, 20, 250, 25, BLACK);
    const wideBox = inkBox(preprocessToMnist(wide, fitOnly).pixels);
    expect(wideBox).toEqual({ width: 20, height: 2 });

    const tall = canvas(40, 500, BLACK);
    fillRect(tall, 18, 10, 4, 480, WHITE);
    const tallResult = preprocessToMnist(tall, fitOnly);
    expect(inkBox(tallResult.pixels)).toEqual({ width: 1, height: 20 });
    expectMnistPlacement(tallResult.pixels);
  });

  it('anti-aliases rather than dropping thin lines when shrinking', () => {
    // A 1 px line in a 380 px wide digit covers 1/19 of an output pixel: it must fade, not vanish.
    const img = canvas(400, 400, BLACK);
    fillRect(img, 10, 10, 1, 380, WHITE);
    fillRect(img, 10, 180, 380, 40, WHITE);
    const { pixels } = preprocessToMnist(img, { skip: ['stroke-width', 'deskew'] });
    const box = inkBox(pixels);
    expect(box).toEqual({ width: 20, height: 20 });
    const leftColumn: number[] = [];
    for (let y = 0; y < 28; y++) {
      for (let x = 0; x < 28; x++) if (pixels[y * 28 + x] > 0) { leftColumn.push(pixels[y * 28 + x]); break; }
    }
    expect(leftColumn).toHaveLength(20);
    // Away from the bar, each output pixel of the line averages about 1 lit source column out of 19
    // (shrunk in two area-averaging stages, 380 -> 80 -> 20, so not exactly).
    const lineOnly = leftColumn.filter((v) => Math.abs(v - 1 / 19) < 0.01);
    expect(lineOnly.length).toBeGreaterThanOrEqual(16);
  });

  it('reports blank images as holding no digit', () => {
    const blanks = [
      canvas(50, 50, WHITE),
      canvas(50, 50, BLACK),
      canvas(50, 50, [128, 128, 128, 255]),
      canvas(50, 50, CLEAR),
      canvas(50, 50, [255, 255, 255, 0]),
    ];
    const faint = canvas(50, 50, WHITE);
    drawSeven(faint, 10, 5, 25, [250, 250, 250, 255]);
    blanks.push(faint);
    for (const img of blanks) {
      const result = preprocessToMnist(img);
      expect(result.noDigit).toEqual({ kind: 'blank' });
      expect(result.bbox).toBeNull();
      expect(result.pixels.every((v) => v === 0)).toBe(true);
    }
  });

  it('lets the caller force the polarity', () => {
    const img = canvas(100, 100, WHITE);
    drawSeven(img, 20, 10, 50, BLACK);
    expect(preprocessToMnist(img, { polarity: 'dark-on-light' }).inverted).toBe(true);
    // Read as light ink, nothing is lighter than the white paper: no digit.
    const forced = preprocessToMnist(img, { polarity: 'light-on-dark' });
    expect(forced.inverted).toBe(false);
    expect(forced.noDigit).not.toBeNull();
  });

  it('accepts canvas pixels (Uint8ClampedArray)', () => {
    const img = canvas(60, 60, BLACK);
    drawSeven(img, 10, 5, 30, WHITE);
    const clamped = { width: 60, height: 60, data: new Uint8ClampedArray(img.data) };
    expect(meanAbsoluteDifference(preprocessToMnist(clamped).pixels, preprocessToMnist(img).pixels)).toBe(0);
  });

  it('rejects pixel data that does not match the size', () => {
    expect(() => preprocessToMnist({ width: 10, height: 10, data: new Uint8Array(399) })).toThrow(/needs 400 bytes, found 399/);
    expect(() => preprocessToMnist({ width: 0, height: 10, data: new Uint8Array(0) })).toThrow(/not valid/);
    expect(() => preprocessToMnist(canvas(2, 2, WHITE), { noiseThreshold: 1 })).toThrow(/noise threshold/);
  });

  it("reads a blurred digit's stroke core, not its halo, so it comes out nearer the crisp digit", () => {
    const crisp = canvas(200, 200, WHITE);
    drawSeven(crisp, 50, 30, 100, BLACK);
    // A camera out of focus: each pixel the mean of the 21x21 square around it, twice over.
    const blurred = boxBlur(boxBlur(crisp, 10), 10);
    const target = preprocessToMnist(crisp).pixels;
    const read = preprocessToMnist(blurred);
    expect(read.noDigit).toBeNull();
    const haloKept = preprocessToMnist(blurred, { noiseThreshold: 0.1 }).pixels;
    // Measured: 0.057 from the crisp 7's reading, against 0.073 with the halo kept (threshold 0.1).
    expect(meanAbsoluteDifference(read.pixels, target)).toBeLessThan(0.85 * meanAbsoluteDifference(haloKept, target));
  });
});

/** Each pixel the mean of the (2r+1)^2 square around it (edges clamped), gray in, gray out. */
function boxBlur(img: ReturnType<typeof canvas>, r: number): ReturnType<typeof canvas> {
  const { width, height } = img;
  const out = canvas(width, height, WHITE);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (let dy = -r; dy <= r; dy++) {
        for (let dx = -r; dx <= r; dx++) {
          const [sx, sy] = [Math.min(width - 1, Math.max(0, x + dx)), Math.min(height - 1, Math.max(0, y + dy))];
          sum += img.data[(sy * width + sx) * 4];
        }
      }
      const v = Math.round(sum / (2 * r + 1) ** 2);
      out.data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return out;
}
