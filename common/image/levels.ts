/**
 * Where the background and the ink sit on a grayscale image, which of them is darker, and the
 * lookup table that maps every gray level to MNIST's scale (background 0, ink 1, white on black).
 */

/** A reading of the ink, as detected or as a person forces it ("Flip ink"). */
export const INK_POLARITIES = ['dark-on-light', 'light-on-dark'] as const;
export type InkPolarity = (typeof INK_POLARITIES)[number];
export type Polarity = 'auto' | InkPolarity;

/** Below this gray-level distance (of 255) between background and ink, the image counts as blank. */
const MIN_CONTRAST = 20;

export interface InkLevels {
  /** Whether the ink is darker than the background (and gets inverted). */
  inverted: boolean;
  /** Background level in gray bytes (0..255, before inversion). */
  background: number;
  /** LUT: gray byte -> ink value 0..1 on MNIST's scale. Null when there is no ink to speak of. */
  lut: Float32Array | null;
}

/**
 * How many pixels hold each gray level. Counted into four tables in turn, then added up: a picture
 * is mostly paper of one level, and one table's count for it would wait on its own last increment
 * at every pixel.
 */
export function histogramOf(gray: Uint8Array): Uint32Array {
  const counts = new Uint32Array(4 * 256);
  const whole = gray.length - (gray.length % 4);
  for (let i = 0; i < whole; i += 4) {
    counts[gray[i]]++;
    counts[256 + gray[i + 1]]++;
    counts[512 + gray[i + 2]]++;
    counts[768 + gray[i + 3]]++;
  }
  for (let i = whole; i < gray.length; i++) counts[gray[i]]++;
  const hist = new Uint32Array(256);
  for (let v = 0; v < 256; v++) hist[v] = counts[v] + counts[256 + v] + counts[512 + v] + counts[768 + v];
  return hist;
}

/** The gray level below which a fraction q of the counted pixels lie. */
export function quantile(hist: Uint32Array, q: number, from = 0, to = 255): number {
  let total = 0;
  for (let v = from; v <= to; v++) total += hist[v];
  const target = q * total;
  let seen = 0;
  for (let v = from; v <= to; v++) {
    seen += hist[v];
    if (seen > target) return v;
  }
  return to;
}

/** Histogram of a thin frame around the image (2% of the shorter side, at least 1 pixel). */
export function frameHistogram(gray: Uint8Array, width: number, height: number): Uint32Array {
  const thickness = Math.max(1, Math.floor(Math.min(width, height) * 0.02));
  const hist = new Uint32Array(256);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (y < thickness || y >= height - thickness) {
      for (let x = 0; x < width; x++) hist[gray[row + x]]++;
    } else {
      for (let x = 0; x < Math.min(thickness, width); x++) {
        hist[gray[row + x]]++;
        hist[gray[row + width - 1 - x]]++;
      }
    }
  }
  return hist;
}

/**
 * The background level: the median of a thin frame around the image. Digits seldom fill the
 * frame, and a stroke that touches the edge covers far less than half of it.
 */
export function backgroundLevel(gray: Uint8Array, width: number, height: number): number {
  return quantile(frameHistogram(gray, width, height), 0.5);
}

/**
 * Ink is whichever extreme lies farther from the background: on white paper the darkest pixels are
 * much farther from it than any bright speck, and the reverse on a black canvas. Comparing
 * distances (not just "is the background above mid-gray") also handles gray paper.
 */
function inkIsDark(hist: Uint32Array, background: number): boolean {
  let min = 0;
  while (hist[min] === 0) min++;
  let max = 255;
  while (hist[max] === 0) max--;
  const darkDistance = background - min;
  const lightDistance = max - background;
  if (darkDistance === lightDistance) return background > 127;
  return darkDistance > lightDistance;
}

/**
 * Finds background and ink and builds the LUT. The ink level is the median of the pixels in the
 * upper half of the range (after inversion), so a stroke's solid core maps to 1 the way MNIST's
 * saturated strokes do, and one stray bright pixel cannot set the scale. Values within
 * noiseThreshold (a fraction of the background-to-ink range) of the background become 0.
 */
export function inkLevels(
  gray: Uint8Array,
  width: number,
  height: number,
  opts: { polarity: Polarity; noiseThreshold: number },
): InkLevels {
  const background = backgroundLevel(gray, width, height);
  const rawHist = histogramOf(gray);
  const inverted =
    opts.polarity === 'auto' ? inkIsDark(rawHist, background) : opts.polarity === 'dark-on-light';
  // From here on, work in "ink units": 0 = black, 255 = white after the inversion, ink is bright.
  const hist = inverted ? rawHist.slice().reverse() : rawHist;
  const bg = inverted ? 255 - background : background;
  let max = 255;
  while (max > 0 && hist[max] === 0) max--;
  if (max - bg < MIN_CONTRAST) return { inverted, background, lut: null };

  const halfway = Math.ceil(bg + (max - bg) / 2);
  const ink = Math.max(quantile(hist, 0.5, halfway, max), bg + MIN_CONTRAST);
  const low = bg + opts.noiseThreshold * (ink - bg);
  const lut = new Float32Array(256);
  for (let v = 0; v < 256; v++) {
    const level = inverted ? 255 - v : v;
    lut[v] = Math.min(1, Math.max(0, (level - low) / (ink - low)));
  }
  return { inverted, background, lut };
}
