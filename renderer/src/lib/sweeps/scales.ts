/**
 * Scales for the sweep charts, mapping a value to a position from 0 (bottom / left) to 1 (top /
 * right) so that chart models stay independent of pixel sizes; components multiply by their size.
 */

export interface Tick {
  /** Position, 0 to 1. */
  at: number;
  label: string;
}

export interface Scale {
  kind: 'linear' | 'log' | 'category';
  /** Position of a value from 0 to 1, or null for a value the scale cannot place. */
  position(value: unknown): number | null;
  ticks(): Tick[];
}

/** Short, readable numbers for axis labels: 0.001, 3e-5, 128, 0.25. */
export function formatNumber(value: number): string {
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs < 1e-3 || abs >= 1e6) {
    const [mantissa, exponent] = value.toExponential(1).split('e');
    return `${mantissa.replace(/\.0$/, '')}e${Number(exponent)}`;
  }
  return String(Number(value.toPrecision(3)));
}

/** Steps of 1, 2 or 5 times a power of ten giving about `count` ticks over [min, max]. */
function niceStep(min: number, max: number, count: number): number {
  const raw = (max - min) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const fraction = raw / power;
  return (fraction < 1.5 ? 1 : fraction < 3.5 ? 2 : fraction < 7.5 ? 5 : 10) * power;
}

/** A zero-width domain (every trial the same) is widened so its one value sits in the middle. */
function widen(min: number, max: number, log: boolean): [number, number] {
  if (max > min) return [min, max];
  if (log) return [min / 2, min * 2];
  const pad = Math.abs(min) * 0.1 || 1;
  return [min - pad, min + pad];
}

export function linearScale(values: readonly number[], format: (v: number) => string = formatNumber, tickCount = 5): Scale {
  const finite = values.filter(Number.isFinite);
  const [min, max] = finite.length ? widen(Math.min(...finite), Math.max(...finite), false) : [0, 1];
  const position = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? (v - min) / (max - min) : null);
  return {
    kind: 'linear',
    position,
    ticks() {
      const step = niceStep(min, max, tickCount);
      const ticks: Tick[] = [];
      // Rounding the tick to the step's precision keeps 0.30000000000000004 out of labels.
      for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) {
        const value = Number(v.toPrecision(12));
        ticks.push({ at: (value - min) / (max - min), label: format(value) });
      }
      return ticks;
    },
  };
}

/** For positive values only; others cannot be placed. */
export function logScale(values: readonly number[], format: (v: number) => string = formatNumber): Scale {
  const positive = values.filter((v) => Number.isFinite(v) && v > 0);
  const [min, max] = positive.length ? widen(Math.min(...positive), Math.max(...positive), true) : [1, 10];
  const lo = Math.log10(min);
  const span = Math.log10(max) - lo;
  const position = (v: unknown): number | null =>
    typeof v === 'number' && Number.isFinite(v) && v > 0 ? (Math.log10(v) - lo) / span : null;
  return {
    kind: 'log',
    position,
    ticks() {
      const within = (steps: readonly number[]): Tick[] => {
        const ticks: Tick[] = [];
        for (let p = Math.floor(lo); p <= Math.log10(max) + 1e-9; p++) {
          for (const m of steps) {
            const v = Number((m * 10 ** p).toPrecision(12));
            const at = position(v);
            if (at !== null && at >= -1e-9 && at <= 1 + 1e-9) ticks.push({ at, label: format(v) });
          }
        }
        return ticks;
      };
      // Powers of ten; over a narrower range 1, 2 and 5 times them; failing that, the two ends.
      const decades = within([1]);
      if (decades.length >= 3) return decades;
      const finer = within([1, 2, 5]);
      if (finer.length >= 2) return finer;
      return [min, max].map((v) => ({ at: position(v) as number, label: format(v) }));
    },
  };
}

/** Categories spread evenly, in the order given; a single category sits in the middle. */
export function categoryScale(categories: readonly unknown[]): Scale {
  const distinct = [...new Set(categories)];
  const at = (i: number): number => (distinct.length === 1 ? 0.5 : i / (distinct.length - 1));
  return {
    kind: 'category',
    position(v) {
      const i = distinct.indexOf(v);
      return i < 0 ? null : at(i);
    },
    ticks: () => distinct.map((v, i) => ({ at: at(i), label: String(v) })),
  };
}
