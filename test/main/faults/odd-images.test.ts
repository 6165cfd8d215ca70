// Odd image files end to end: through services.dispatch('predict') as the app sends them, and
// through a real `mnist-lab predict` process. Each file gets a prediction or a clear message of
// its own; nothing crashes. test/main/images/decode.test.ts checks the decoded pixels one format
// at a time; this checks that the faces of the app stay up.
import { writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionResult } from '../../../common/ipc/contract';
import { loadMnist } from '../../../main/data/mnist';
import type { LabServices } from '../../../main/services/lab-services';
import { closeSeededLab, makeTempDir, openSeededLab, runCli } from './helpers';

let home: string;
let services: LabServices;
let runId: number;
let digit: Sharp;

beforeAll(async () => {
  ({ home, services, runId } = await openSeededLab());
  // A real test digit, dark ink on white paper and larger than 28x28: what a user's photo looks like.
  const { test } = await loadMnist();
  const ink = Buffer.from(test.images.subarray(0, 784).map((v) => 255 - v));
  const big = await sharp(ink, { raw: { width: 28, height: 28, channels: 1 } }).resize(112, 112).png().toBuffer();
  digit = sharp(big);
});
afterAll(() => closeSeededLab(services));

function pngChunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(body).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/** A valid PNG header declaring width x height, with almost no pixel data behind it. */
function hugePng(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, pngChunk('IHDR', ihdr), pngChunk('IDAT', new Uint8Array(16)), pngChunk('IEND', new Uint8Array(0))]);
}

async function oddFiles(): Promise<Array<{ name: string; bytes: Buffer; expect: RegExp | 'prediction' }>> {
  const png = await digit.clone().png().toBuffer();
  const jpeg = await digit.clone().jpeg({ quality: 90 }).toBuffer();
  const raw = await digit.clone().ensureAlpha().raw().toBuffer();
  // Two frames: the digit first, then a blank page that must not be what is classified.
  const frames = Buffer.concat([raw, Buffer.alloc(raw.length, 255)]);
  const gif = await sharp(frames, { raw: { width: 112, height: 224, channels: 4, pageHeight: 112 } }).gif().toBuffer();
  // Stored sideways with orientation 6: upright, it is the digit again.
  const sideways = await digit.clone().rotate(-90).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
  return [
    { name: 'empty.png', bytes: Buffer.alloc(0), expect: /^empty\.png is empty \(0 bytes\)\.$/ },
    { name: 'notes.png', bytes: Buffer.from('Shopping list: eggs, milk.\n'), expect: /^notes\.png is not an image/ },
    { name: 'cut.png', bytes: png.subarray(0, png.length - 40), expect: /^cut\.png looks like a PNG image but is damaged or incomplete\.$/ },
    { name: 'cut.jpg', bytes: jpeg.subarray(0, jpeg.length >> 1), expect: /^cut\.jpg looks like a JPEG image but is damaged or incomplete\.$/ },
    { name: 'huge.png', bytes: hugePng(30000, 30000), expect: /^huge\.png is 30000x30000 pixels; the limit is 50 megapixels\.$/ },
    { name: 'drawing.svg', bytes: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><path d="M9 4h4v20h-4z"/></svg>'), expect: /^drawing\.svg is an SVG drawing/ },
    { name: 'animated.gif', bytes: gif, expect: 'prediction' },
    { name: 'deep.png', bytes: await digit.clone().toColourspace('rgb16').png().toBuffer(), expect: 'prediction' },
    { name: 'print.jpg', bytes: await digit.clone().toColourspace('cmyk').jpeg({ quality: 90 }).toBuffer(), expect: 'prediction' },
    { name: 'phone.jpg', bytes: sideways, expect: 'prediction' },
    { name: 'upright.jpg', bytes: jpeg, expect: 'prediction' },
  ];
}

const meanAbsDifference = (a: number[], b: number[]): number => a.reduce((sum, v, i) => sum + Math.abs(v - b[i]), 0) / a.length;

describe('odd image files', () => {
  it('each get a prediction or their own plain message through dispatch', async () => {
    const files = await oddFiles();
    const answer = await services.dispatch('predict', [{ runId, images: files.map((f) => ({ name: f.name, bytes: new Uint8Array(f.bytes) })) }]);
    if (!answer.ok) throw new Error(answer.error.message);
    const results = answer.value as PredictionResult[];
    expect(results.map((r) => r.file)).toEqual(files.map((f) => f.name));
    const byName = new Map(results.map((r) => [r.file, r]));
    for (const file of files) {
      const result = byName.get(file.name);
      if (file.expect === 'prediction') {
        expect(result, file.name).toMatchObject({ ok: true });
        if (!result?.ok) continue;
        expect(result.label).toBeGreaterThanOrEqual(0);
        expect(result.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
        expect(result.views[0].input).toHaveLength(784);
      } else {
        expect(result, file.name).toEqual({ file: file.name, ok: false, error: expect.stringMatching(file.expect) });
      }
    }
    // The first frame of the GIF and the EXIF-rotated photo reach the model as the upright digit.
    const upright = byName.get('upright.jpg');
    for (const name of ['phone.jpg', 'animated.gif']) {
      const result = byName.get(name);
      if (!upright?.ok || !result?.ok) throw new Error(`${name} was not predicted`);
      expect(meanAbsDifference(result.views[0].input, upright.views[0].input), name).toBeLessThan(0.08);
    }
  });

  it('refuses a file over 50 MB before decoding it', async () => {
    const answer = await services.dispatch('predict', [{ runId, images: [{ name: 'giant.bmp', bytes: new Uint8Array(50 * 1024 * 1024 + 1) }] }]);
    expect(answer).toEqual({ ok: false, error: { code: 'invalid-input', message: 'Image "giant.bmp" is larger than 50 MB.' } });
  });

  it('each get a line of their own from a real `mnist-lab predict`, which exits normally', async () => {
    const dir = makeTempDir();
    const files = await oddFiles();
    for (const file of files) writeFileSync(join(dir, file.name), file.bytes);
    const r = await runCli(home, ['predict', String(runId), ...files.map((f) => join(dir, f.name)), '--json']);
    expect(r.stderr).not.toMatch(/at |Error:/);
    expect(r.code).toBe(1);
    const printed = JSON.parse(r.stdout) as Array<{ file: string; label?: number; error?: string }>;
    expect(printed).toHaveLength(files.length);
    for (const [i, file] of files.entries()) {
      if (file.expect === 'prediction') expect(printed[i].label, file.name).toBeTypeOf('number');
      else expect(printed[i].error, file.name).toMatch(new RegExp(`${file.name.replace('.', '\\.')}`));
    }
  });
});
