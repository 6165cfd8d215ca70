/**
 * Canvas drawing cannot use CSS variables, so chart colours are read from the resolved styles
 * of the chart's container and re-read when the colour scheme changes.
 */
export interface ChartTheme {
  text: string;
  grid: string;
}

const RGB = /rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/;

const HEX = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;

/**
 * 'rgb(r, g, b)' (as getComputedStyle reports colours) or '#rrggbb' (as the palette has them)
 * with a new alpha; other input unchanged.
 */
export function withAlpha(color: string, alpha: number): string {
  const hex = HEX.exec(color);
  if (hex) return `rgba(${hex.slice(1).map((h) => parseInt(h, 16)).join(', ')}, ${alpha})`;
  const m = RGB.exec(color);
  if (!m) return color;
  return `rgba(${m[1]}, ${m[2]}, ${m[3]}, ${alpha})`;
}

export function readChartTheme(element: Element): ChartTheme {
  const text = getComputedStyle(element).color || '#666';
  return { text: withAlpha(text, 0.85), grid: withAlpha(text, 0.12) };
}

/** Calls back when the system switches between light and dark; returns the unsubscribe. */
export function onColorSchemeChange(callback: () => void): () => void {
  const query = window.matchMedia('(prefers-color-scheme: dark)');
  query.addEventListener('change', callback);
  return () => query.removeEventListener('change', callback);
}
