/** The views a digit is read in (test-time augmentation), on synthetic pictures with known answers. */
import { describe, expect, it } from 'vitest';
import { slantDegrees } from '../../../common/image/moments';
import { plane, planeBoundingBox, type Plane } from '../../../common/image/plane';
import { MNIST_PIXELS, preprocessToMnist } from '../../../common/image/preprocess';
import { READING_VIEWS, rotatePlane } from '../../../common/image/views';
import { BLACK, WHITE, canvas, drawSeven, line } from './draw';

const asPlane = (pixels: Float32Array): Plane => plane(28, 28, pixels);
const view = (views: Float32Array[], name: (typeof READING_VIEWS)[number]): Float32Array => views[READING_VIEWS.indexOf(name)];

function centreOfMass(pixels: Float32Array): { x: number; y: number } {
  let [mass, sx, sy] = [0, 0, 0];
  pixels.forEach((v, i) => {
    mass += v;
    sx += v * (i % 28);
    sy += v * Math.floor(i / 28);
  });
  return { x: sx / mass, y: sy / mass };
}

function seven(): ReturnType<typeof canvas> {
  const img = canvas(160, 160, WHITE);
  drawSeven(img, 40, 20, 90, BLACK, 8);
  return img;
}

describe('reading views', () => {
  it('reads a digit in every view, the reading itself first, each an MNIST-like 28x28 input', () => {
    const read = preprocessToMnist(seven());
    expect(read.views).toHaveLength(READING_VIEWS.length);
    expect(read.views[0]).toBe(read.pixels);
    for (const input of read.views) {
      expect(input).toHaveLength(MNIST_PIXELS);
      expect(Math.max(...input)).toBeCloseTo(1, 5);
      expect(Math.min(...input)).toBeGreaterThanOrEqual(0);
      const centre = centreOfMass(input);
      expect(Math.abs(centre.x - 14)).toBeLessThan(1);
      expect(Math.abs(centre.y - 14)).toBeLessThan(1);
    }
    // No two views are the same picture: each adds something to the mean.
    const distinct = new Set(read.views.map((v) => Array.from(v).join(',')));
    expect(distinct.size).toBe(READING_VIEWS.length);
  });

  it('boxes the digit in 18 and 22 pixels besides MNIST’s 20', () => {
    const read = preprocessToMnist(seven());
    const tallest = (name: (typeof READING_VIEWS)[number]) => {
      const box = planeBoundingBox(asPlane(view(read.views, name)));
      return Math.max(box?.width ?? 0, box?.height ?? 0);
    };
    expect(tallest('as read')).toBe(20);
    expect(tallest('boxed in 18 px')).toBe(18);
    expect(tallest('boxed in 22 px')).toBe(22);
  });

  it('keeps a slanted digit’s slant in one view and turns the upright one 8° each way', () => {
    const img = canvas(200, 200, WHITE);
    line(img, 100 - 25, 170, 100 + 25, 30, 10, BLACK); // a 1 leaning about 20° to the right
    const read = preprocessToMnist(img);
    expect(Math.abs(slantDegrees(asPlane(view(read.views, 'as read'))))).toBeLessThan(3);
    expect(slantDegrees(asPlane(view(read.views, 'slant kept')))).toBeGreaterThan(15);
    expect(slantDegrees(asPlane(view(read.views, 'turned 8° clockwise')))).toBeGreaterThan(5);
    expect(slantDegrees(asPlane(view(read.views, 'turned 8° anticlockwise')))).toBeLessThan(-5);
  });

  it('keeps the slant view the same as the reading where nothing was deskewed', () => {
    const read = preprocessToMnist(seven(), { skip: ['deskew'] });
    expect(view(read.views, 'slant kept')).toBe(read.pixels);
  });

  it('reads the one view alone when the views are switched off, and none is made for a blank picture', () => {
    const alone = preprocessToMnist(seven(), { skip: ['views'] });
    expect(alone.views).toEqual([alone.pixels]);
    expect(Array.from(alone.pixels)).toEqual(Array.from(preprocessToMnist(seven()).pixels));
    const blank = preprocessToMnist(canvas(50, 50, WHITE));
    expect(blank.noDigit).toEqual({ kind: 'blank' });
    expect(blank.views).toEqual([blank.pixels]);
  });
});

describe('rotatePlane', () => {
  it('turns an upright bar by the angle asked, clockwise for positive angles, keeping its ink', () => {
    const bar = plane(20, 60);
    for (let y = 5; y < 55; y++) for (let x = 8; x < 12; x++) bar.data[y * 20 + x] = 1;
    const mass = (p: Plane) => p.data.reduce((a, b) => a + b, 0);
    for (const degrees of [8, -8, 20]) {
      const turned = rotatePlane(bar, degrees);
      expect(slantDegrees(turned)).toBeCloseTo(degrees, 0);
      expect(mass(turned) / mass(bar)).toBeCloseTo(1, 2);
    }
    const still = rotatePlane(bar, 0);
    expect(mass(still)).toBeCloseTo(mass(bar), 3);
  });
});
