/**
 * Whether canvas drawing is available. jsdom (component tests) has no canvas (getContext only
 * logs "not implemented") and uPlot needs real media queries as soon as it is imported, so
 * charts and the drawing pad fall back to a text stand-in there.
 */
export function canvasAvailable(): boolean {
  if (typeof window === 'undefined' || typeof document === 'undefined') return false;
  if (typeof window.matchMedia !== 'function' || typeof ResizeObserver === 'undefined') return false;
  return !/jsdom/i.test(navigator.userAgent);
}
