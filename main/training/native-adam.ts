/**
 * Adam's update in one native call per variable, for training on the wasm backend with the native
 * kernels. TensorFlow.js's AdamOptimizer runs about ten kernels per variable per step, and the
 * threads' gradients are averaged with three more: for fast99's ten variables 1.5-2 ms of every
 * step, on the primary thread while the replicas wait. kernels/native/adam.c does the same float32
 * operations in the same order, so the weights are the same bits as the optimizer's
 * (test/main/training/native-adam.test.ts); the optimizer object still holds the learning rate
 * the schedule sets and the betas, but not the moments, which live here.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { AdamOptimizer, Optimizer, Tensor, Variable } from '@tensorflow/tfjs';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { BackendId } from '../../common/training/hyperparameters';
import { nativeKernels, type NativeKernels } from './kernels/native';
import { allocate, heapView } from './kernels/wasmHeap';

type Tf = typeof tfjs;

/** AdamOptimizer's fields that its update reads (public in its JavaScript, not in its types). */
interface AdamSettings {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** A share of the batch other than the primary's: its gradient of variable i and its number of examples. */
export interface GradientShare {
  gradient(i: number): Float32Array;
  size: number;
}

export class NativeAdam {
  private readonly m: Float32Array[];
  private readonly v: Float32Array[];
  /** beta1 and beta2 to the power of the steps taken, as the optimizer's float32 accBeta1/2. */
  private accBeta1: number;
  private accBeta2: number;

  private constructor(
    private readonly tf: Tf,
    private readonly kernels: Required<Pick<NativeKernels, 'adamStep'>>,
    private readonly settings: AdamSettings,
    private readonly variables: Variable[],
  ) {
    this.m = variables.map((v) => new Float32Array(v.size));
    this.v = variables.map((v) => new Float32Array(v.size));
    this.accBeta1 = Math.fround(settings.beta1);
    this.accBeta2 = Math.fround(settings.beta2);
  }

  /** For an Adam optimizer on the wasm backend with native kernels that have adamStep; otherwise null (the optimizer applies). */
  static forOptimizer(tf: Tf, optimizer: Optimizer, backend: BackendId, variables: Variable[]): NativeAdam | null {
    const kernels = nativeKernels();
    // Not instanceof: TensorFlow.js's optimizers call any object with their methods an instance.
    if (backend !== 'wasm' || !kernels?.adamStep || optimizer.getClassName() !== 'Adam') return null;
    if (variables.some((v) => v.dtype !== 'float32')) return null;
    return new NativeAdam(tf, { adamStep: kernels.adamStep.bind(kernels) }, optimizer as AdamOptimizer & AdamSettings, variables);
  }

  /**
   * One step: with no other shares the primary's gradients as they are, else the size-weighted
   * mean of `own` (ownSize examples) and the shares over `size` examples.
   */
  apply(own: Tensor[], ownSize: number, shares: GradientShare[], size: number): void {
    const { tf, settings } = this;
    const backend = tf.backend() as BackendWasm;
    const scalars = [settings.beta1, 1 - settings.beta1, settings.beta2, 1 - settings.beta2, 1 - this.accBeta1, 1 - this.accBeta2, settings.epsilon, -settings.learningRate, size];
    const weights = shares.length === 0 ? [] : [ownSize, ...shares.map((s) => s.size)];
    tf.tidy(() => {
      this.variables.forEach((variable, i) => {
        // The new value is written straight into a tensor on the wasm heap: no array to zero and copy in.
        const next = tf.engine().makeTensorFromTensorInfo(allocate(backend, [...variable.shape]), backend);
        // Views only after the allocation: growing the heap replaces its buffer.
        const grads = [heapView(backend, own[i]), ...shares.map((s) => s.gradient(i))];
        if (!this.kernels.adamStep(scalars, heapView(backend, variable), this.m[i], this.v[i], heapView(backend, next), grads, weights)) {
          throw new Error(`The native Adam step refused variable ${variable.name} (shape [${variable.shape}]).`);
        }
        variable.assign(next);
      });
    });
    this.accBeta1 = Math.fround(this.accBeta1 * Math.fround(settings.beta1));
    this.accBeta2 = Math.fround(this.accBeta2 * Math.fround(settings.beta2));
  }
}
