/** Summaries of repeated throughput measurements. */

export interface ThroughputStats {
  /** Samples per second of each timed repeat, in the order measured. */
  runs: number[];
  min: number;
  median: number;
  max: number;
}

export function summarise(runs: number[]): ThroughputStats {
  if (runs.length === 0) throw new Error('No measurements to summarise.');
  const sorted = [...runs].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  return { runs, min: sorted[0], median, max: sorted[sorted.length - 1] };
}

/** Rounds for printing: samples/s to 3 significant digits is all the precision a noisy machine gives. */
export const round = (value: number, digits = 3): number => (value === 0 || !Number.isFinite(value) ? value : Number(value.toPrecision(digits)));
