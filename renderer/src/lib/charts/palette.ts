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
