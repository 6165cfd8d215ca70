/**
 * Draws a digit skeleton with a pen of a given width (anti-aliased by 4x4 supersampling) into an
 * ink-coverage map (0 paper .. 1 ink), with the hand's variations: size, aspect, slant, rotation,
 * wobble and pressure.
 */
import type { Stroke } from './skeletons';

export interface Hand {
  /** The digit's box in the canvas, pixels. */
  x: number;
  y: number;
  width: number;
  height: number;
  /** Degrees; positive leans the top to the right. */
  slant: number;
  /** Degrees, about the box's centre. */
  rotation: number;
  /** Pen diameter, pixels. */
  pen: number;
  /** How much the pen width swells and thins along a stroke (0: a ballpoint, 0.4: a brush). */
  pressure: number;
  /** Wobble amplitude as a fraction of the box height. */
  wobble: number;
  /** Phases of the wobble and pressure waves, so each sample differs. */
  phase: number;
}

interface Segment {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  r0: number;
  r1: number;
}

function placeStroke(stroke: Stroke, hand: Hand, index: number): Array<[number, number, number]> {
  const shear = Math.tan((hand.slant * Math.PI) / 180);
  const turn = (hand.rotation * Math.PI) / 180;
  const cx = hand.x + hand.width / 2;
  const cy = hand.y + hand.height / 2;
  const dense: Array<[number, number]> = [];
  // Resample each segment so wobble and pressure change smoothly along the path.
  for (let i = 0; i < stroke.length; i++) {
    if (i === 0) {
      dense.push(stroke[0]);
      continue;
    }
    const [ax, ay] = stroke[i - 1];
    const [bx, by] = stroke[i];
    const steps = Math.max(1, Math.ceil(Math.hypot(bx - ax, by - ay) / 0.05));
    for (let s = 1; s <= steps; s++) dense.push([ax + ((bx - ax) * s) / steps, ay + ((by - ay) * s) / steps]);
  }
  return dense.map(([u, v], k) => {
    const t = k / Math.max(1, dense.length - 1);
    const wave = (f: number, p: number): number => Math.sin(2 * Math.PI * (f * t + p + hand.phase + index * 0.37));
    const wu = u + hand.wobble * (wave(1.3, 0.1) + 0.5 * wave(2.9, 0.6));
    const wv = v + hand.wobble * (wave(1.1, 0.4) + 0.5 * wave(3.3, 0.2));
    let x = hand.x + wu * hand.width + (0.5 - wv) * hand.height * shear;
    let y = hand.y + wv * hand.height;
    [x, y] = [cx + (x - cx) * Math.cos(turn) - (y - cy) * Math.sin(turn), cy + (x - cx) * Math.sin(turn) + (y - cy) * Math.cos(turn)];
    const radius = (hand.pen / 2) * (1 + hand.pressure * wave(0.8, 0.3));
    return [x, y, Math.max(0.35, radius)];
  });
}

/** Coverage 0..1 per pixel of a width x height canvas. */
export function renderDigit(strokes: Stroke[], hand: Hand, width: number, height: number): Float32Array {
  const segments: Segment[] = [];
  strokes.forEach((stroke, index) => {
    const points = placeStroke(stroke, hand, index);
    for (let i = 1; i < points.length; i++) {
      const [x0, y0, r0] = points[i - 1];
      const [x1, y1, r1] = points[i];
      segments.push({ x0, y0, x1, y1, r0, r1 });
    }
    if (points.length === 1) segments.push({ x0: points[0][0], y0: points[0][1], x1: points[0][0], y1: points[0][1], r0: points[0][2], r1: points[0][2] });
  });
  const coverage = new Float32Array(width * height);
  const SUB = 4;
  for (const s of segments) {
    const r = Math.max(s.r0, s.r1);
    const minX = Math.max(0, Math.floor(Math.min(s.x0, s.x1) - r - 1));
    const maxX = Math.min(width - 1, Math.ceil(Math.max(s.x0, s.x1) + r + 1));
    const minY = Math.max(0, Math.floor(Math.min(s.y0, s.y1) - r - 1));
    const maxY = Math.min(height - 1, Math.ceil(Math.max(s.y0, s.y1) + r + 1));
    const dx = s.x1 - s.x0;
    const dy = s.y1 - s.y0;
    const lengthSquared = dx * dx + dy * dy || 1;
    for (let y = minY; y <= maxY; y++) {
      for (let x = minX; x <= maxX; x++) {
        let inside = 0;
        for (let sy = 0; sy < SUB; sy++) {
          for (let sx = 0; sx < SUB; sx++) {
            const px = x + (sx + 0.5) / SUB;
            const py = y + (sy + 0.5) / SUB;
            const t = Math.max(0, Math.min(1, ((px - s.x0) * dx + (py - s.y0) * dy) / lengthSquared));
            const distance = Math.hypot(px - (s.x0 + t * dx), py - (s.y0 + t * dy));
            if (distance <= s.r0 + (s.r1 - s.r0) * t) inside++;
          }
        }
        const c = inside / (SUB * SUB);
        const i = y * width + x;
        if (c > coverage[i]) coverage[i] = c;
      }
    }
  }
  return coverage;
}
