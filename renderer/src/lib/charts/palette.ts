/**
 * Categorical colours for overlaid runs (Tableau 20 order: strong colours first, their lighter
 * partners after), mid-tone so that they read on both the light and the dark theme.
 */
export const SERIES_COLORS: readonly string[] = [
  '#4e79a7', '#f28e2b', '#e15759', '#59a14f', '#b07aa1',
  '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#8cd17d',
  '#a0cbe8', '#ffbe7d', '#ff9d9a', '#b6992d', '#d4a6c8',
  '#86bcb6', '#f1ce63', '#fabfd2', '#d7b5a6', '#79706e',
];

export function seriesColor(index: number): string {
  const n = SERIES_COLORS.length;
  return SERIES_COLORS[((index % n) + n) % n];
}

/**
 * A sequential ramp for values (a sweep's accuracy): purple for the lowest, through blue and
 * green, to amber for the highest. Mid-tone stops, readable on the light and the dark theme.
 */
const RAMP: readonly [number, number, number][] = [
  [123, 94, 167],
  [63, 143, 197],
  [58, 165, 122],
  [227, 155, 45],
];

/** `t` from 0 (lowest) to 1 (highest); outside values are clamped. */
export function rampColor(t: number): string {
  const clamped = Number.isFinite(t) ? Math.min(1, Math.max(0, t)) : 0;
  const scaled = clamped * (RAMP.length - 1);
  const i = Math.min(RAMP.length - 2, Math.floor(scaled));
  const f = scaled - i;
  const [a, b] = [RAMP[i], RAMP[i + 1]];
  const mix = (k: number): number => Math.round(a[k] + (b[k] - a[k]) * f);
  return `rgb(${mix(0)}, ${mix(1)}, ${mix(2)})`;
}

/** The ramp as a CSS gradient, for its legend. */
export const RAMP_GRADIENT = `linear-gradient(to right, ${RAMP.map((c) => `rgb(${c.join(', ')})`).join(', ')})`;
