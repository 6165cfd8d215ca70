import { crc32, deflateSync, inflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage, decodeWithSharp } from '../../../main/images/decode';
import { decodePlainPng } from '../../../main/images/plain-png';
import { expectSameImage, realWorldFiles } from './same-image';
import { createRng } from '../../../common/training/random';

function chunk(type: string, data: Uint8Array): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/**
 * A PNG written by hand, each row with the filter `filters[y % filters.length]`, so every filter
 * type (0 none .. 4 Paeth) is decoded, whatever sharp's encoder would have chosen.
 */
function handMadePng(width: number, height: number, channels: 3 | 4, seed: number, filters: number[], extra: Buffer[] = []): Buffer {
  const rng = createRng(seed);
  const stride = width * channels;
  const pixels = Uint8Array.from({ length: stride * height }, (_, i) => (i % 7 === 0 ? 255 : Math.floor(rng() * 256)));
  const filtered = Buffer.alloc(height * (stride + 1));
  for (let y = 0; y < height; y++) {
    const kind = filters[y % filters.length];
    filtered[y * (stride + 1)] = kind;
    for (let x = 0; x < stride; x++) {
      const a = x >= channels ? pixels[y * stride + x - channels] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= channels && y > 0 ? pixels[(y - 1) * stride + x - channels] : 0;
      const p = a + b - c;
      const paeth = Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c) ? a : Math.abs(p - b) <= Math.abs(p - c) ? b : c;
      const predicted = [0, a, b, (a + b) >> 1, paeth][kind];
      filtered[y * (stride + 1) + 1 + x] = (pixels[y * stride + x] - predicted) & 0xff;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, channels === 4 ? 6 : 2, 0, 0, 0], 8);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), ...extra, chunk('IDAT', deflateSync(filtered)), chunk('IEND', new Uint8Array(0))]);
}

describe('decodePlainPng', () => {
  it('gives sharp\'s very bytes for every PNG of the real-world set', async () => {
    const pngs = await realWorldFiles('.png');
    expect(pngs.length).toBeGreaterThan(600);
    for (const { name, bytes } of pngs) expectSameImage(decodePlainPng(bytes), await decodeWithSharp(bytes, name, 'png'), name);
  });

  it('undoes every filter type, RGB and RGBA, as sharp does', async () => {
    for (const channels of [3, 4] as const) {
      for (const filters of [[0], [1], [2], [3], [4], [4, 3, 2, 1, 0]]) {
        const png = handMadePng(13, 9, channels, channels * 10 + filters[0], filters);
        expectSameImage(decodePlainPng(png), await decodeWithSharp(png, 'card.png', 'png'));
      }
    }
    // Two IDAT chunks and an inert text chunk before them.
    const whole = handMadePng(20, 20, 4, 5, [4, 1]);
    const split = splitIdat(whole);
    expectSameImage(decodePlainPng(split), await decodeWithSharp(split, 'split.png', 'png'));
  });

  it('leaves every other PNG to sharp: gray, palette, 16-bit, interlaced, with a colour profile or a transparency key', async () => {
    const rgb = sharp({ create: { width: 12, height: 10, channels: 3, background: '#36c' } });
    const others = [
      await rgb.clone().toColourspace('b-w').png().toBuffer(),
      await rgb.clone().png({ palette: true }).toBuffer(),
      await rgb.clone().png().toColourspace('rgb16').toBuffer(),
      await rgb.clone().png({ progressive: true }).toBuffer(),
      await rgb.clone().withIccProfile('p3').png().toBuffer(),
      handMadePng(6, 6, 3, 1, [0], [chunk('tRNS', new Uint8Array([0, 0, 0, 0, 0, 0]))]),
      handMadePng(6, 6, 3, 1, [0], [chunk('gAMA', new Uint8Array([0, 0, 0xb1, 0x8f]))]),
    ];
    others.forEach((png, i) => {
      // IHDR's bit depth, colour type and interlace method: each file is what it claims to be.
      expect([png[24], png[25], png[28]], `file ${i}`).toEqual([[8, 0, 0], [8, 3, 0], [16, 2, 0], [8, 2, 1], [8, 2, 0], [8, 2, 0], [8, 2, 0]][i]);
      expect(decodePlainPng(png), `file ${i}`).toBeNull();
    });
  });

  it('leaves damaged files to sharp, so they get its message: a bad checksum, cut short, data after the end, an unknown filter', async () => {
    const good = handMadePng(8, 8, 3, 2, [1, 2]);
    const badCrc = Buffer.from(good);
    badCrc[badCrc.length - 20] ^= 0xff;
    const unknownFilter = withUnknownFilter(handMadePng(8, 8, 3, 2, [0]));
    for (const damaged of [badCrc, good.subarray(0, good.length - 30), Buffer.concat([good, Buffer.from([0])]), unknownFilter]) {
      expect(decodePlainPng(damaged)).toBeNull();
    }
    await expect(decodeImage(good.subarray(0, good.length - 30), 'cut.png')).rejects.toThrow('cut.png looks like a PNG image but is damaged or incomplete.');
  });

  it('is used only for pictures that need no shrinking: larger ones still come out at maxSide through sharp', async () => {
    const png = handMadePng(40, 20, 4, 3, [4]);
    expectSameImage(await decodeImage(png, 'small.png', { maxSide: 40 }), await decodeWithSharp(png, 'small.png', 'png', { maxSide: 40 }));
    const shrunk = await decodeImage(png, 'large.png', { maxSide: 10 });
    expectSameImage(shrunk, await decodeWithSharp(png, 'large.png', 'png', { maxSide: 10 }));
    expect([shrunk.width, shrunk.height]).toEqual([10, 5]);
  });
});

/** The same PNG with its one IDAT's compressed stream cut in two chunks, and a tEXt chunk before them. */
function splitIdat(png: Buffer): Buffer {
  const idatAt = png.indexOf('IDAT', 0, 'latin1') - 4;
  const length = png.readUInt32BE(idatAt);
  const data = png.subarray(idatAt + 8, idatAt + 8 + length);
  const half = Math.floor(length / 2);
  const text = chunk('tEXt', Buffer.from('Comment\0split in two', 'latin1'));
  return Buffer.concat([png.subarray(0, idatAt), text, chunk('IDAT', data.subarray(0, half)), chunk('IDAT', data.subarray(half)), png.subarray(idatAt + 12 + length)]);
}

/** A PNG whose first row names filter type 5, which does not exist (its checksums kept right). */
function withUnknownFilter(png: Buffer): Buffer {
  const idatAt = png.indexOf('IDAT', 0, 'latin1') - 4;
  const length = png.readUInt32BE(idatAt);
  const rows = Buffer.from(inflateSync(png.subarray(idatAt + 8, idatAt + 8 + length)));
  rows[0] = 5;
  return Buffer.concat([png.subarray(0, idatAt), chunk('IDAT', deflateSync(rows)), png.subarray(idatAt + 12 + length)]);
}
