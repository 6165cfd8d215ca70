/** The window's size and position, remembered between launches in the data folder. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WindowBounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT_BOUNDS: WindowBounds = { width: 1280, height: 820, maximized: false };
const fileFor = (homeDir: string): string => join(homeDir, 'window-state.json');

const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Saved bounds if the file is readable and sane, otherwise the defaults: a bad file never blocks start-up. */
export function loadWindowBounds(homeDir: string): WindowBounds {
  try {
    const raw: unknown = JSON.parse(readFileSync(fileFor(homeDir), 'utf8'));
    if (typeof raw !== 'object' || raw === null) return DEFAULT_BOUNDS;
    const r = raw as Record<string, unknown>;
    if (!isNumber(r.width) || !isNumber(r.height) || r.width < 400 || r.height < 300) return DEFAULT_BOUNDS;
    return {
      width: Math.round(r.width),
      height: Math.round(r.height),
      ...(isNumber(r.x) && isNumber(r.y) ? { x: Math.round(r.x), y: Math.round(r.y) } : {}),
      maximized: r.maximized === true,
    };
  } catch {
    return DEFAULT_BOUNDS;
  }
}

export function saveWindowBounds(homeDir: string, bounds: WindowBounds): void {
  try {
    writeFileSync(fileFor(homeDir), JSON.stringify(bounds));
  } catch {
    // Losing the window position is not worth an error dialog.
  }
}
