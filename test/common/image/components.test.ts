/** Labelling solid ink by runs must number and measure the pieces as a plain flood fill does. */
import { describe, expect, it } from 'vitest';
import { labelComponents, type Labels } from '../../../common/image/components';
import { createRng } from '../../../common/training/random';

/** The plain way: a flood fill (8-connected) from each unlabelled solid pixel in row order. */
function floodLabels(solid: Uint8Array, width: number, height: number): Labels {
  const labels = new Int32Array(width * height);
  const components: Labels['components'] = [];
  for (let start = 0; start < solid.length; start++) {
    if (!solid[start] || labels[start]) continue;
    const id = components.length + 1;
    const stack = [start];
    labels[start] = id;
    let [area, minX, minY, maxX, maxY] = [0, width, height, -1, -1];
    while (stack.length > 0) {
      const p = stack.pop()!;
      const [x, y] = [p % width, Math.floor(p / width)];
      area++;
      [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
      for (let yy = Math.max(0, y - 1); yy <= Math.min(height - 1, y + 1); yy++) {
        for (let xx = Math.max(0, x - 1); xx <= Math.min(width - 1, x + 1); xx++) {
          const q = yy * width + xx;
          if (solid[q] && !labels[q]) {
            labels[q] = id;
            stack.push(q);
          }
        }
      }
    }
    components.push({ area, box: { x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 } });
  }
  return { labels, components };
}

describe('labelComponents', () => {
  it('numbers, measures and labels the pieces of random masks as a flood fill does, sparse to nearly full', () => {
    const rng = createRng(11);
    for (let trial = 0; trial < 300; trial++) {
      const width = 1 + Math.floor(rng() * 60);
      const height = 1 + Math.floor(rng() * 60);
      const density = rng();
      const solid = Uint8Array.from({ length: width * height }, () => (rng() < density ? 1 : 0));
      const expected = floodLabels(solid, width, height);
      const found = labelComponents(solid, width, height);
      expect(found.components).toEqual(expected.components);
      expect(Array.from(found.labels)).toEqual(Array.from(expected.labels));
    }
  });

  it('labels a mask lent as a view at any byte offset as it labels a copy of it (runs are found four bytes at a time only when aligned)', () => {
    const rng = createRng(12);
    const [width, height] = [23, 17];
    const backing = Uint8Array.from({ length: width * height + 3 }, () => (rng() < 0.2 ? 1 : 0));
    for (const offset of [0, 1, 2, 3]) {
      const view = backing.subarray(offset, offset + width * height);
      const expected = floodLabels(view.slice(), width, height);
      const found = labelComponents(view, width, height);
      expect(found.components).toEqual(expected.components);
      expect(Array.from(found.labels)).toEqual(Array.from(expected.labels));
    }
  });

  it('joins pieces that touch only at a corner, and keeps apart those a pixel apart', () => {
    // Row 0: X . X ; row 1: . X . ; row 2: . . . X (width 4): the first three touch diagonally, the last is alone.
    const solid = Uint8Array.from([1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 1]);
    const { components } = labelComponents(solid, 4, 3);
    expect(components).toEqual([
      { area: 3, box: { x: 0, y: 0, width: 3, height: 2 } },
      { area: 1, box: { x: 3, y: 2, width: 1, height: 1 } },
    ]);
  });
});
