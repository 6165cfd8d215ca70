/**
 * The ways a digit reaches the app, each a style of the real-world set: the pen (thin, normal,
 * marker), the hand (slanted, small and off-centre) and the photo or file (uneven light and shadow,
 * blur and JPEG, noisy paper with specks, blue ink, chalk on a board, a transparent background).
 * Light is modelled as a photo sees it: pixel = illumination x (paper or ink reflectance).
 */
import type { Hand } from './render';

export interface Picture {
  width: number;
  height: number;
  /** 1 (gray), 3 (RGB) or 4 (RGBA) bytes per pixel. */
  channels: 1 | 3 | 4;
  data: Uint8Array;
  /** Encode as JPEG at this quality instead of PNG. */
  jpegQuality?: number;
  /** Gaussian blur sigma applied before encoding (a phone camera out of focus). */
  blur?: number;
}

type Rgb = [number, number, number];

export interface Style {
  name: string;
  about: string;
  canvas(rng: () => number): { width: number; height: number };
  hand(rng: () => number, width: number, height: number): Hand;
  paint(coverage: Float32Array, width: number, height: number, rng: () => number): Picture;
}

const between = (rng: () => number, lo: number, hi: number): number => lo + (hi - lo) * rng();

/** A standard normal draw (Box-Muller). */
function gauss(rng: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
}

/** A hand centred in the canvas with everyday variation; styles override what they are about. */
function everyday(rng: () => number, width: number, height: number, over: Partial<Hand> = {}): Hand {
  const digitHeight = over.height ?? height * between(rng, 0.5, 0.8);
  const digitWidth = over.width ?? digitHeight * between(rng, 0.45, 0.85);
  return {
    x: (width - digitWidth) / 2 + between(rng, -0.08, 0.08) * width,
    y: (height - digitHeight) / 2 + between(rng, -0.08, 0.08) * height,
    width: digitWidth,
    height: digitHeight,
    slant: between(rng, -10, 15),
    rotation: between(rng, -8, 8),
    pen: digitHeight * between(rng, 0.06, 0.14),
    pressure: between(rng, 0, 0.25),
    wobble: between(rng, 0.01, 0.035),
    phase: rng(),
    ...over,
  };
}

/** Mixes paper and ink by coverage under an illumination field, adding sensor noise. */
function photo(
  coverage: Float32Array,
  width: number,
  height: number,
  rng: () => number,
  look: { paper: Rgb; ink: Rgb; light?: (x: number, y: number) => number; noise?: number; grain?: (x: number, y: number) => number },
): Picture {
  const gray = look.paper[0] === look.paper[1] && look.paper[1] === look.paper[2] && look.ink[0] === look.ink[1] && look.ink[1] === look.ink[2];
  const channels = gray ? 1 : 3;
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const c = coverage[i];
      const light = look.light ? look.light(x, y) : 1;
      const noise = look.noise ? look.noise * gauss(rng) : 0;
      const grain = look.grain ? look.grain(x, y) : 0;
      for (let k = 0; k < channels; k++) {
        const value = light * (look.paper[k] * (1 - c) + look.ink[k] * c) + noise + grain * (1 - c);
        data[i * channels + k] = Math.max(0, Math.min(255, Math.round(value)));
      }
    }
  }
  return { width, height, channels, data };
}

/** Light falling off across the page from a random side, and a soft shadow (a hand, a phone) over part of it. */
function unevenLight(rng: () => number, width: number, height: number): (x: number, y: number) => number {
  const angle = rng() * 2 * Math.PI;
  const darkest = between(rng, 0.3, 0.5);
  const sx = between(rng, 0, width);
  const sy = between(rng, 0, height);
  const sr = between(rng, 0.3, 0.6) * Math.max(width, height);
  const depth = between(rng, 0.25, 0.45);
  const span = Math.abs(Math.cos(angle)) * width + Math.abs(Math.sin(angle)) * height;
  return (x, y) => {
    const along = ((x - width / 2) * Math.cos(angle) + (y - height / 2) * Math.sin(angle)) / span + 0.5;
    const shadow = depth * Math.max(0, 1 - Math.hypot(x - sx, y - sy) / sr);
    return (darkest + (1 - darkest) * along) * (1 - shadow);
  };
}

const square = (side: number) => () => ({ width: side, height: side });

export const STYLES: Style[] = [
  {
    name: 'pen',
    about: 'black pen on white paper',
    canvas: square(112),
    hand: (rng, w, h) => everyday(rng, w, h),
    paint: (c, w, h, rng) => photo(c, w, h, rng, { paper: [250, 250, 250], ink: [25, 25, 25] }),
  },
  {
    name: 'thin-pen',
    about: 'a fine pen, 1-2 px lines in a large picture',
    canvas: square(160),
    hand: (rng, w, h) => everyday(rng, w, h, { pen: between(rng, 1, 2.2), pressure: 0 }),
    paint: (c, w, h, rng) => photo(c, w, h, rng, { paper: [248, 248, 248], ink: [30, 30, 30] }),
  },
  {
    name: 'marker',
    about: 'a thick marker, strokes a fifth to two fifths of the digit high',
    canvas: square(112),
    hand: (rng, w, h) => {
      const hand = everyday(rng, w, h);
      return { ...hand, pen: hand.height * between(rng, 0.22, 0.4), pressure: 0.15 };
    },
    paint: (c, w, h, rng) => photo(c, w, h, rng, { paper: [252, 252, 252], ink: [15, 15, 15] }),
  },
  {
    name: 'slanted',
    about: 'digits leaning 18-32 degrees, mostly to the right',
    canvas: square(112),
    hand: (rng, w, h) => everyday(rng, w, h, { slant: (rng() < 0.75 ? 1 : -1) * between(rng, 18, 32) }),
    paint: (c, w, h, rng) => photo(c, w, h, rng, { paper: [250, 250, 250], ink: [25, 25, 25] }),
  },
  {
    name: 'shadow',
    about: 'a phone photo: light falling off across the page and a shadow over part of it',
    canvas: square(128),
    hand: (rng, w, h) => everyday(rng, w, h),
    paint: (c, w, h, rng) => photo(c, w, h, rng, { paper: [245, 245, 245], ink: [40, 40, 40], light: unevenLight(rng, w, h), noise: 2 }),
  },
  {
    name: 'blur-jpeg',
    about: 'out of focus on gray paper, saved as a low-quality JPEG',
    canvas: square(96),
    hand: (rng, w, h) => everyday(rng, w, h),
    paint: (c, w, h, rng) => ({
      ...photo(c, w, h, rng, { paper: [222, 222, 222], ink: [50, 50, 50], noise: 3 }),
      blur: between(rng, 1.8, 3.5),
      jpegQuality: Math.round(between(rng, 20, 40)),
    }),
  },
  {
    name: 'noisy-paper',
    about: 'textured paper, sensor noise and specks of dirt away from the digit',
    canvas: square(96),
    hand: (rng, w, h) => everyday(rng, w, h),
    paint: (c, w, h, rng) => {
      const specks = addSpecks(c, w, h, rng);
      const fx = between(rng, 0.15, 0.35);
      const fy = between(rng, 0.15, 0.35);
      const grain = (x: number, y: number): number => 18 * Math.sin(x * fx + 3 * Math.sin(y * fy)) * Math.cos(y * fx * 0.7);
      return photo(specks, w, h, rng, { paper: [235, 235, 235], ink: [35, 35, 35], noise: 22, grain });
    },
  },
  {
    name: 'blue-ink',
    about: 'blue ballpoint on cream paper',
    canvas: square(128),
    hand: (rng, w, h) => everyday(rng, w, h, {}),
    paint: (c, w, h, rng) => photo(c, w, h, rng, { paper: [246, 240, 226], ink: [35, 55, 165] }),
  },
  {
    name: 'light-on-dark',
    about: 'chalk on a dark board (light ink on a dark background)',
    canvas: square(96),
    hand: (rng, w, h) => everyday(rng, w, h),
    paint: (c, w, h, rng) => {
      const chalky = Float32Array.from(c, (v) => v * between(rng, 0.5, 1));
      return photo(chalky, w, h, rng, { paper: [38, 48, 42], ink: [232, 232, 226], noise: 10 });
    },
  },
  {
    name: 'transparent',
    about: 'dark ink on a transparent background (alpha), as drawing apps export',
    canvas: square(112),
    hand: (rng, w, h) => everyday(rng, w, h),
    paint: (c, w, h) => {
      const data = new Uint8Array(w * h * 4);
      for (let i = 0; i < c.length; i++) data.set([20, 20, 20, Math.round(c[i] * 255)], i * 4);
      return { width: w, height: h, channels: 4, data };
    },
  },
  {
    name: 'off-centre',
    about: 'a small digit anywhere in a wide picture',
    canvas: () => ({ width: 180, height: 120 }),
    hand: (rng, w, h) => {
      const height = between(rng, 26, 40);
      const width = height * between(rng, 0.5, 0.72);
      return everyday(rng, w, h, { height, width, x: between(rng, 8, w - width - 8), y: between(rng, 8, h - height - 8), pen: height * between(rng, 0.08, 0.13) });
    },
    paint: (c, w, h, rng) => photo(c, w, h, rng, { paper: [248, 248, 248], ink: [30, 30, 30] }),
  },
];

/** A few small dots of ink near the edges, far from the digit. */
function addSpecks(coverage: Float32Array, width: number, height: number, rng: () => number): Float32Array {
  const out = coverage.slice();
  const count = 3 + Math.floor(rng() * 4);
  for (let s = 0; s < count; s++) {
    const edge = rng() < 0.5;
    const cx = edge ? between(rng, 3, width * 0.12) + (rng() < 0.5 ? 0 : width * 0.85) : between(rng, 3, width - 3);
    const cy = edge ? between(rng, 3, height - 3) : between(rng, 3, height * 0.12) + (rng() < 0.5 ? 0 : height * 0.85);
    const r = between(rng, 0.7, 1.8);
    for (let y = Math.floor(cy - r); y <= Math.ceil(cy + r); y++) {
      for (let x = Math.floor(cx - r); x <= Math.ceil(cx + r); x++) {
        if (x < 0 || y < 0 || x >= width || y >= height) continue;
        if (Math.hypot(x + 0.5 - cx, y + 0.5 - cy) <= r) out[y * width + x] = Math.max(out[y * width + x], 0.9);
      }
    }
  }
  return out;
}
