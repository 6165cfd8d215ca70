/**
 * Setup for the 'dom' vitest project: jest-dom matchers plus the few browser APIs jsdom lacks
 * that our components touch (media queries for the colour scheme, element resizing for charts,
 * Blob URLs for exports). Each stub is installed only when jsdom does not provide the API.
 */
import '@testing-library/jest-dom/vitest';

if (typeof window !== 'undefined') {
  if (typeof window.matchMedia !== 'function') {
    window.matchMedia = (query: string): MediaQueryList => ({
      matches: false,
      media: query,
      onchange: null,
      addListener: () => undefined,
      removeListener: () => undefined,
      addEventListener: () => undefined,
      removeEventListener: () => undefined,
      dispatchEvent: () => false,
    });
  }

  if (typeof globalThis.ResizeObserver !== 'function') {
    class NoopResizeObserver {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    globalThis.ResizeObserver = NoopResizeObserver as unknown as typeof ResizeObserver;
  }

  if (typeof URL.createObjectURL !== 'function') {
    let counter = 0;
    URL.createObjectURL = () => `blob:fake/${++counter}`;
    URL.revokeObjectURL = () => undefined;
  }

  if (typeof Element.prototype.scrollIntoView !== 'function') {
    Element.prototype.scrollIntoView = () => undefined;
  }
}
