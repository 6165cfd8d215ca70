/** The optional ink polarity of an image to classify (the Test screen's "Flip ink"). */
import { describe, expect, it } from 'vitest';
import { validateArgs } from '../../../main/ipc/validate-input';

describe('predict: polarity', () => {
  const bytes = new Uint8Array([0x89, 0x50]);
  const rgba = { width: 1, height: 1, data: new Uint8Array(4) };

  it('passes a forced polarity through, on files and on pixels', () => {
    const [req] = validateArgs('predict', [{ runId: 1, images: [{ name: 'a.png', bytes, polarity: 'light-on-dark' }, { name: 'pad', rgba, polarity: 'dark-on-light' }] }]);
    expect(req.images.map((i) => i.polarity)).toEqual(['light-on-dark', 'dark-on-light']);
  });

  it('leaves it out when not given', () => {
    const [req] = validateArgs('predict', [{ runId: 1, images: [{ name: 'a.png', bytes }] }]);
    expect('polarity' in req.images[0]).toBe(false);
  });

  it('refuses anything else', () => {
    expect(() => validateArgs('predict', [{ runId: 1, images: [{ name: 'a.png', bytes, polarity: 'auto' }] }])).toThrow(/"polarity" must be/);
  });
});
