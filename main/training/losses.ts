/**
 * Categorical cross-entropy and accuracy on softmax outputs, written out with tfjs ops so
 * the training loop and evaluation share one definition.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Tensor, Tensor1D } from '@tensorflow/tfjs';

type Tf = typeof tfjs;

/**
 * Adding epsilon (instead of clipping like Keras) keeps log() finite for a zero probability
 * while letting a NaN output propagate into the loss: the wasm backend's clip maps NaN to the
 * bound, which would hide a diverging run behind a perfect-looking loss.
 */
const EPSILON = 1e-7;

/** Per-example loss, shape [batch]. */
export function crossEntropyPerExample(tf: Tf, probabilities: Tensor, oneHotLabels: Tensor): Tensor1D {
  return tf.neg(tf.sum(tf.mul(oneHotLabels, tf.log(tf.add(probabilities, EPSILON))), -1)) as Tensor1D;
}

/** Number of rows whose most probable class is the labelled one, as a float scalar. */
export function countCorrect(tf: Tf, probabilities: Tensor, oneHotLabels: Tensor): Tensor {
  return tf.sum(tf.cast(tf.equal(tf.argMax(probabilities, -1), tf.argMax(oneHotLabels, -1)), 'float32'));
}
