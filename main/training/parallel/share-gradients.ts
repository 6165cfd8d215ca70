/**
 * The gradient of one share of a batch: the primary and every replica run exactly this, so a
 * step with several workers differs from a step with one only in how the batch is divided.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel, Tensor, Variable } from '@tensorflow/tfjs';
import { countCorrect, crossEntropyPerExample } from '../losses';
import { seedDropout } from '../model';

type Tf = typeof tfjs;

// A type alias, not an interface, so tf.tidy accepts it as a TensorContainer.
export type ShareGradients = {
  /** Mean-loss gradients, in the order of the variables asked for. */
  grads: Tensor[];
  /** Mean cross-entropy over the share. */
  loss: Tensor;
  /** Examples of the share classified correctly, as a float scalar. */
  correct: Tensor;
};

/**
 * Call inside tf.tidy: everything returned is a tidy-tracked tensor. `dropoutSeed` (model.ts's
 * dropoutSeed for this step and share) fixes which units dropout drops.
 */
export function shareGradients(tf: Tf, model: LayersModel, variables: Variable[], xs: Tensor, ys: Tensor, dropoutSeed: number): ShareGradients {
  seedDropout(model, dropoutSeed);
  // tf.variableGrads disposes everything the closure creates except the loss, so the accuracy,
  // computed from the same forward pass, is kept explicitly; the surrounding tidy releases it.
  let correct: Tensor | undefined;
  const { value, grads } = tf.variableGrads(() => {
    const probabilities = model.apply(xs, { training: true }) as Tensor;
    correct = tf.keep(countCorrect(tf, probabilities, ys));
    return tf.mean(crossEntropyPerExample(tf, probabilities, ys));
  }, variables);
  if (!correct) throw new Error('The forward pass did not run.');
  return { grads: variables.map((v) => grads[v.name]), loss: value, correct };
}
