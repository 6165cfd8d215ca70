/**
 * Digit skeletons as pen paths, the way a person writes them: each digit has a few common shapes
 * (a 1 with or without a flag, an open or closed 4, a 7 with or without a bar, ...). Coordinates
 * are in a unit box (x 0..1 left to right, y 0..1 top to bottom) that the renderer stretches to a
 * digit's width and height. Nothing here comes from MNIST.
 */

export type Point = [number, number];
/** One pen-down stroke. */
export type Stroke = Point[];

/** Points along an ellipse from angle `from` to `to` (degrees; 0 = right, 90 = down, since y points down). */
function arc(cx: number, cy: number, rx: number, ry: number, from: number, to: number, steps = 24): Stroke {
  const points: Stroke = [];
  for (let i = 0; i <= steps; i++) {
    const t = ((from + ((to - from) * i) / steps) * Math.PI) / 180;
    points.push([cx + rx * Math.cos(t), cy + ry * Math.sin(t)]);
  }
  return points;
}

/** Every digit's shapes; each shape is a list of strokes. */
export const DIGIT_SHAPES: Stroke[][][] = [
  // 0
  [[arc(0.5, 0.5, 0.45, 0.5, -90, 270, 40)], [arc(0.5, 0.5, 0.4, 0.5, -100, 265, 40)]],
  // 1
  [
    [[[0.55, 0], [0.5, 1]]],
    [[[0.25, 0.2], [0.55, 0], [0.5, 1]]],
    [[[0.25, 0.2], [0.55, 0], [0.5, 1]], [[0.25, 1], [0.8, 1]]],
  ],
  // 2
  [
    [[...arc(0.5, 0.3, 0.45, 0.3, 180, 400), [0, 1], [1, 1]]],
    [[...arc(0.5, 0.28, 0.42, 0.28, 190, 380), [0.05, 0.95], [0.3, 0.88], [1, 1]]],
  ],
  // 3
  [
    [[...arc(0.5, 0.27, 0.42, 0.27, 200, 450), ...arc(0.5, 0.73, 0.48, 0.27, 270, 520)]],
    [[[0.05, 0], [0.9, 0], [0.4, 0.42], ...arc(0.5, 0.7, 0.47, 0.3, 255, 520)]],
  ],
  // 4
  [
    [[[0.72, 1], [0.72, 0], [0, 0.68], [1, 0.68]]],
    [[[0.15, 0], [0.05, 0.6], [1, 0.6]], [[0.75, 0.2], [0.75, 1]]],
  ],
  // 5
  [
    [[[0.9, 0], [0.15, 0], [0.1, 0.45]], arc(0.5, 0.68, 0.45, 0.32, 220, 500)],
    [[[0.15, 0], [0.1, 0.45], ...arc(0.5, 0.68, 0.45, 0.32, 220, 500)], [[0.15, 0], [0.9, 0]]],
  ],
  // 6
  [
    [[[0.8, 0], [0.45, 0.18], [0.15, 0.5], ...arc(0.5, 0.72, 0.4, 0.28, 180, 540)]],
    [[[0.7, 0], [0.3, 0.3], [0.1, 0.7], ...arc(0.5, 0.74, 0.42, 0.26, 160, 520)]],
  ],
  // 7
  [
    [[[0, 0], [1, 0], [0.35, 1]]],
    [[[0, 0], [1, 0], [0.35, 1]], [[0.3, 0.5], [0.85, 0.5]]],
    [[[0, 0.12], [0.05, 0], [1, 0], [0.45, 1]]],
  ],
  // 8
  [
    [arc(0.5, 0.25, 0.36, 0.25, -90, 270), arc(0.5, 0.73, 0.46, 0.27, -90, 270)],
    [arc(0.5, 0.23, 0.3, 0.23, -90, 270), arc(0.5, 0.7, 0.5, 0.3, -90, 270)],
  ],
  // 9
  [
    [arc(0.5, 0.3, 0.42, 0.3, 0, 360), [[0.92, 0.3], [0.85, 1]]],
    [[...arc(0.5, 0.3, 0.42, 0.3, 0, 360), [0.9, 0.65], [0.6, 1]]],
  ],
];
