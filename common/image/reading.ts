/**
 * How sure an answer is. MNIST models are confident on MNIST and can be confidently wrong on a
 * photo, so a top probability below UNSURE_BELOW is shown as "unsure", with the runner-up beside it.
 */

/** Top probabilities below this mark an answer as unsure (the app's one threshold). */
export const UNSURE_BELOW = 0.7;

export interface Reading {
  label: number;
  probability: number;
  unsure: boolean;
  /** The second most likely digit and its probability. */
  runnerUp: { label: number; probability: number };
}

export function readingOf(probabilities: readonly number[]): Reading {
  const order = probabilities.map((p, label) => ({ label, probability: p })).sort((a, b) => b.probability - a.probability);
  const [top, second] = order;
  return { label: top.label, probability: top.probability, unsure: top.probability < UNSURE_BELOW, runnerUp: second ?? { label: top.label, probability: 0 } };
}

/** How many of a digit's views read the answer on their own (views.ts), of how many. */
export function viewsAgreeing(views: readonly { label: number }[], label: number): { agree: number; of: number } {
  return { agree: views.filter((v) => v.label === label).length, of: views.length };
}
