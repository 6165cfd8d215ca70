import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { createRng } from '../../common/training/random';
import { preprocessToMnist } from '../../common/image/preprocess';
import { decodeImage } from '../../main/images/decode';
import { readOptdigits, referenceInput, type WrittenDigit } from '../../bench/real-writers';
import { drawWrittenDigit, LOOKS } from '../../bench/real-writers-looks';

const dir = mkdtempSync(join(tmpdir(), 'real-writers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A 1 as the optical digits hold it: a vertical bar two blocks wide, full ink in the middle. */
const ONE: WrittenDigit = { label: 1, blocks: Array.from({ length: 64 }, (_, i) => ([3, 4].includes(i % 8) && i >= 8 && i < 56 ? 16 : 0)) };

function inkBox(pixels: Float32Array): { width: number; height: number; cx: number; cy: number } {
  let [x0, y0, x1, y1, mass, sx, sy] = [28, 28, -1, -1, 0, 0, 0];
  pixels.forEach((v, i) => {
    if (v < 0.05) return;
    const [x, y] = [i % 28, Math.floor(i / 28)];
    [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    mass += v;
    sx += v * x;
    sy += v * y;
  });
  return { width: x1 - x0 + 1, height: y1 - y0 + 1, cx: sx / mass, cy: sy / mass };
}

describe('the real writers bench', () => {
  it("reads scikit-learn's digits file: 64 levels and a label per line", () => {
    const file = join(dir, 'digits.csv.gz');
    writeFileSync(file, gzipSync(`${ONE.blocks.join(',')},1\n${Array(64).fill(0).join(',')},0\n`));
    expect(readOptdigits(file)).toEqual([ONE, { label: 0, blocks: Array(64).fill(0) }]);
  });

  it('says how to get the digits when the file is missing, and refuses a damaged line', () => {
    expect(() => readOptdigits(join(dir, 'none.csv.gz'))).toThrow(/apt-get install python3-sklearn/);
    const bad = join(dir, 'bad.csv.gz');
    writeFileSync(bad, gzipSync('1,2,3\n'));
    expect(() => readOptdigits(bad)).toThrow(/line 1/);
  });

  it('draws every look as a file the app reads as the digit, upright and centred', async () => {
    for (const look of LOOKS) {
      const image = await decodeImage(await drawWrittenDigit(ONE, look, createRng(1)), look);
      const read = preprocessToMnist(image, { steps: false });
      expect(read.noDigit, look).toBeNull();
      expect(read.inverted, look).toBe(look !== 'light-on-dark');
      const box = inkBox(read.pixels);
      expect(box.height, look).toBeGreaterThanOrEqual(18);
      expect(box.width, look).toBeLessThan(12);
      expect(Math.abs(box.cx - 14) + Math.abs(box.cy - 14), look).toBeLessThan(2);
    }
  });

  it("fits the reference reading's ink in MNIST's 20-pixel box, centred by mass", async () => {
    const input = await referenceInput(await drawWrittenDigit(ONE, 'scan', createRng(1)));
    const box = inkBox(input);
    expect(box.height).toBe(20);
    expect(box.width).toBeLessThan(12);
    expect(Math.abs(box.cx - 14)).toBeLessThan(1);
    expect(Math.abs(box.cy - 14)).toBeLessThan(1);
  });
});
