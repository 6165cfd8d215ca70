/**
 * `--vs-torch`: the project's run and its PyTorch twin, timed one after the other for each seed,
 * summed up as the median of the per-seed ratios. Pairing per seed (rather than comparing two
 * medians) keeps a slow moment of this shared machine on both sides of one ratio.
 */
import { summarise } from './stats';

export interface Side {
  /** Wall seconds from spawning the process to its exit. */
  seconds: number;
  /** Test accuracy on MNIST's 10k test set; null when the run failed. */
  testAccuracy: number | null;
}

export interface Pair {
  seed: number | null;
  project: Side;
  torch: Side;
  /** The 1-minute load average when the pair finished. */
  load: number;
}

export interface PairSummary {
  pairs: number;
  /** Median over seeds of project seconds / torch seconds (below 1: the project was faster). */
  medianRatio: number;
  minRatio: number;
  maxRatio: number;
  projectSecondsMedian: number;
  torchSecondsMedian: number;
  /** Whether every seed's run reached the target on the test set, for each side. */
  projectAllReached: boolean;
  torchAllReached: boolean;
  loadMedian: number;
}

/** project / torch for one pair. */
export const pairRatio = (pair: Pair): number => pair.project.seconds / pair.torch.seconds;

const reached = (side: Side, target: number): boolean => side.testAccuracy !== null && side.testAccuracy >= target;

/** Null when no pair finished on both sides (a failed side has no meaningful time). */
export function summarisePairs(pairs: Pair[], target: number): PairSummary | null {
  const complete = pairs.filter((p) => p.project.testAccuracy !== null && p.torch.testAccuracy !== null && p.torch.seconds > 0);
  if (complete.length === 0) return null;
  const ratios = summarise(complete.map(pairRatio));
  return {
    pairs: complete.length,
    medianRatio: ratios.median,
    minRatio: ratios.min,
    maxRatio: ratios.max,
    projectSecondsMedian: summarise(complete.map((p) => p.project.seconds)).median,
    torchSecondsMedian: summarise(complete.map((p) => p.torch.seconds)).median,
    projectAllReached: pairs.every((p) => reached(p.project, target)),
    torchAllReached: pairs.every((p) => reached(p.torch, target)),
    loadMedian: summarise(pairs.map((p) => p.load)).median,
  };
}
