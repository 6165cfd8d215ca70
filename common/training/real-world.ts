/**
 * A run's real-world score: how its final model reads the shipped set of digits drawn the way
 * people's pictures arrive (bench/real-world/), overall and per style. It sits next to the test
 * accuracy because a model can read MNIST well and people's digits badly.
 */
import { READING_VIEWS } from '../image/views';
import type { ModelKind } from './run';

export interface RealWorldStyleScore {
  /** A style of the set's manifest (fine pen, marker, shadow, ...). */
  style: string;
  correct: number;
  total: number;
  /** Pictures the reading steps refused (no digit found, several digits): counted as wrong. */
  refused: number;
}

/** What a run's scoring found: a score, or why there is none (the set is missing or damaged). */
export type RealWorldResult =
  | {
      ok: true;
      /** Which saved model was read (the final one, as the test accuracy is). */
      model: ModelKind;
      correct: number;
      total: number;
      /** One entry per style, in the manifest's order. */
      styles: RealWorldStyleScore[];
      /**
       * How many views each picture was read in (common/image/views.ts), the model's answer being
       * their mean: 1 for scores made before pictures were read in several. Reading in more views
       * scores the same model higher, so a comparison of runs says how each was read.
       */
      views: number;
    }
  | { ok: false; reason: string };

/** Overall accuracy of a result, or null when it has none. */
export function realWorldAccuracy(result: RealWorldResult | null): number | null {
  return result?.ok && result.total > 0 ? result.correct / result.total : null;
}

export function styleAccuracy(style: RealWorldStyleScore): number {
  return style.total > 0 ? style.correct / style.total : 0;
}

/** The style read worst: what a user should look at first. */
export function weakestStyle(result: RealWorldResult | null): RealWorldStyleScore | null {
  if (!result?.ok || result.styles.length === 0) return null;
  return result.styles.reduce((worst, s) => (styleAccuracy(s) < styleAccuracy(worst) ? s : worst));
}

/** How screens and the command line name the figure. */
export const REAL_WORLD_LABEL = 'real-world accuracy';
/** One line on what the figure means, for tooltips and help texts. */
export const REAL_WORLD_ABOUT =
  'Accuracy on digits drawn the way people\'s pictures arrive (pens, markers, phone photos, chalk, and handwriting fonts made from real people\'s writing), read through the same steps as a dropped image.';

/** "84.85% (280 of 330), weakest: shadow 70.00%", or why there is no score; what `show` and the run's details say. */
export function describeRealWorld(result: RealWorldResult | null, formatPercent: (value: number | null) => string): string {
  if (result === null) return 'not scored yet';
  if (!result.ok) return `not scored: ${result.reason}`;
  const weakest = weakestStyle(result);
  const overall = `${formatPercent(realWorldAccuracy(result))} (${result.correct} of ${result.total})`;
  const described = weakest ? `${overall}, weakest: ${weakest.style} ${formatPercent(styleAccuracy(weakest))}` : overall;
  const fewer = fewerViewsNote(result.views);
  return fewer ? `${described}; ${fewer}` : described;
}

/**
 * Whether a score read in `views` views a picture was read in fewer than pictures are read in now
 * (a score from before the views): it is then lower than this version would score the same model.
 */
export function readInFewerViews(views: number | null): views is number {
  return views !== null && views < READING_VIEWS.length;
}

/** What to say of a score read in `views` views a picture, when that is fewer than now; else null. */
export function fewerViewsNote(views: number | null): string | null {
  if (!readInFewerViews(views)) return null;
  return `read in ${viewCount(views)} a picture (now ${READING_VIEWS.length}), so lower than it would be now`;
}

/** "1 view", "6 views". */
export function viewCount(views: number): string {
  return `${views} view${views === 1 ? '' : 's'}`;
}
