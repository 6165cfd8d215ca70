/**
 * Mean's gradient without a tensor of ones. tfjs-core's multiplies dy by ones(x.shape), made in
 * JavaScript on every call (batch norm takes two means per step: 1.3 ms of a fast99 share's ~32);
 * dividing dy by the count first and broadcasting it gives the same values (e / n for each), with
 * Tile's block copies. Gradients are shared by every backend of this tfjs instance.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from './wasmHeap';

export function meanGradientConfig(tf: Tf): tfjs.GradConfig {
  return {
    kernelName: tf.Mean,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const dyTensor = dy as tfjs.Tensor;
      const axes = tf.util.parseAxisParam((attrs as unknown as { axis: number | number[] }).axis, x.shape);
      const reduceSize = tf.backend_util.computeOutAndReduceShapes(x.shape, axes)[1].reduce((a, b) => a * b, 1);
      return {
        x: () => {
          const kept = x.shape.map((size, i) => (axes.includes(i) ? 1 : size));
          return tf.broadcastTo(tf.div(tf.reshape(dyTensor, kept), reduceSize), x.shape);
        },
      };
    },
  };
}
