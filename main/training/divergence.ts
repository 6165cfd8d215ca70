/**
 * Spotting a run that blew up, and plain-language advice about it.
 *
 * A NaN or infinite loss is the classic sign. But a too-high learning rate often kills every
 * ReLU first: the network then predicts one class with full confidence and the loss sits,
 * finite, far above what random guessing scores (ln 10 = 2.3 for ten classes). So a loss that
 * averages more than twice that over several steps counts as diverged too; a healthy run can
 * spike above it for a step or two, but does not stay there.
 */
import { NUM_CLASSES } from '../../common/layers/types';
import type { OptimizerName } from '../../common/training/hyperparameters';

/** Learning rates that usually work for each optimizer on MNIST-sized CNNs. */
const TYPICAL_RATE: Record<OptimizerName, number> = { adam: 0.001, rmsprop: 0.001, sgd: 0.01 };

/** Cross-entropy of a uniform guess. */
export const GUESSING_LOSS = Math.log(NUM_CLASSES);
export const EXPLODED_LOSS = 2 * GUESSING_LOSS;
export const EXPLOSION_WINDOW = 10;

export type Divergence = { kind: 'non-finite'; value: number } | { kind: 'exploded'; mean: number };

/** Fed every batch loss in order; says when training has diverged. */
export class DivergenceWatch {
  private readonly recent: number[] = [];

  check(loss: number): Divergence | null {
    if (!Number.isFinite(loss)) return { kind: 'non-finite', value: loss };
    this.recent.push(loss);
    if (this.recent.length > EXPLOSION_WINDOW) this.recent.shift();
    if (this.recent.length < EXPLOSION_WINDOW) return null;
    const mean = this.recent.reduce((sum, l) => sum + l, 0) / this.recent.length;
    return mean > EXPLODED_LOSS ? { kind: 'exploded', mean } : null;
  }
}

/** A rate at least ten times lower, rounded down to a power of ten, never above the typical one. */
export function suggestedLearningRate(optimizer: OptimizerName, learningRate: number): number {
  // The epsilon keeps an exact power of ten (0.001 / 10) from flooring one decade too far; dividing
  // by a positive power avoids 10 ** -4 === 0.00009999999999999999.
  const exponent = Math.floor(Math.log10(learningRate / 10) + 1e-9);
  const tenTimesLower = exponent < 0 ? 1 / 10 ** -exponent : 10 ** exponent;
  return Math.min(TYPICAL_RATE[optimizer], tenTimesLower);
}

function formatNumber(value: number): string {
  return value >= 0.0001 ? String(Number(value.toPrecision(3))) : value.toExponential();
}

function describeValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  return value > 0 ? 'infinite' : 'negative infinity';
}

export function divergenceMessage(opts: {
  what: 'Loss' | 'Validation loss';
  divergence: Divergence;
  epoch: number;
  step: number;
  optimizer: OptimizerName;
  learningRate: number;
}): string {
  const { what, divergence, epoch, step, optimizer, learningRate } = opts;
  const where = `at epoch ${epoch}, step ${step}`;
  const symptom =
    divergence.kind === 'non-finite'
      ? `${what} became ${describeValue(divergence.value)} ${where}`
      : `${what} exploded ${where}: it averaged ${formatNumber(divergence.mean)} over the last ${EXPLOSION_WINDOW} steps, ` +
        `worse than random guessing (${formatNumber(GUESSING_LOSS)})`;
  const suggestion = formatNumber(suggestedLearningRate(optimizer, learningRate));
  if (learningRate > TYPICAL_RATE[optimizer]) {
    return `${symptom}: the learning rate ${formatNumber(learningRate)} is probably too high; try ${suggestion} or lower.`;
  }
  return (
    `${symptom}, although the learning rate ${formatNumber(learningRate)} is not unusually high. ` +
    `Try ${suggestion}, a one-cycle or cosine schedule, or batch normalization after the convolutions.`
  );
}
