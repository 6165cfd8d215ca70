/** A 16-bit PNG (as scanners and some editors save) is read like any other picture. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { preprocessToMnist } from '../../../common/image/preprocess';
import { decodeImage } from '../../../main/images/decode';
import { BLACK, WHITE, canvas, drawSeven } from '../../common/image/draw';

describe('16-bit PNG', () => {
  it('decodes to 8-bit RGBA and reads the same digit as its 8-bit twin', async () => {
    const img = canvas(80, 80, WHITE);
    drawSeven(img, 20, 8, 40, BLACK);
    const raw = { raw: { width: 80, height: 80, channels: 4 as const } };
    const sixteen = await sharp(img.data, raw).toColourspace('rgb16').png().toBuffer();
    const meta = await sharp(sixteen).metadata();
    expect(meta.depth).toBe('ushort');
    const decoded = await decodeImage(new Uint8Array(sixteen), 'scan.png');
    expect(decoded.data.length).toBe(80 * 80 * 4);
    const reading = preprocessToMnist(decoded);
    expect(reading.noDigit).toBeNull();
    expect(reading.bbox).toEqual(preprocessToMnist(img).bbox);
  });
});
