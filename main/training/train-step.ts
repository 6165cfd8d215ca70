/**
 * One optimisation step on a batch, on one worker or several. The batch is split into shares
 * (common/training/workers.ts); replica threads compute the gradients of theirs while this thread
 * computes its own, then the size-weighted mean gradient is applied once by the one optimizer and
 * the new weights are published for the replicas' next step. With one worker this is exactly
 * Optimizer.minimize on the whole batch. Evaluations are shared the same way: each thread
 * evaluates a range of the split with the primary's weights, and the ranges' sums are joined.
 */
import { availableParallelism } from 'node:os';
import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel, NamedTensorMap, Optimizer, Tensor, Variable } from '@tensorflow/tfjs';
import type { LayerSpec } from '../../common/layers/types';
import type { BackendId, Hyperparameters } from '../../common/training/hyperparameters';
import { resolveWorkerCount, splitBatch } from '../../common/training/workers';
import type { ImageInput } from '../../common/ipc/contract';
import type { PreprocessOptions } from '../../common/image/preprocess';
import type { Subset } from '../data/mnist';
import { prepareDigitsHere, type PreparedDigit } from '../inference/read-digit';
import { evaluateRange, joinEvaluations, type Evaluation } from './evaluate';
import { augmentImages, sliceAugmentation, type AugmentBatch } from './augment';
import { HostDataset } from './host-dataset';
import { dropoutSeed } from './model';
import { NativeAdam } from './native-adam';
import type { EvaluationSet } from './parallel/protocol';
import { discardPrestartedThreads } from './parallel/replica-entry';
import { ReplicaPool, type ReplicaResult } from './parallel/replicas';
import { shareGradients } from './parallel/share-gradients';

type Tf = typeof tfjs;

const NO_EXAMPLES: Subset = { pixels: new Uint8Array(0), labels: new Uint8Array(0), count: 0 };

export interface StepperOptions {
  hyperparameters: Hyperparameters;
  backend: BackendId;
  layers: LayerSpec[];
  model: LayersModel;
  optimizer: Optimizer;
  /** The training split in memory, read by this thread and the replicas alike. */
  train: Subset;
  /** The validation and test splits, for evaluate(); absent where only steps are taken (the throughput bench). */
  evaluation?: Record<EvaluationSet, Subset>;
  /** The replica thread entry; null when this build has none (then training uses one worker). */
  replicaEntry: string | null;
}

/** The splits this thread takes its batches from. */
export interface StepperData {
  train: HostDataset;
  evaluation: Record<EvaluationSet, HostDataset> | null;
}

function datasets(tf: Tf, options: StepperOptions): StepperData {
  const { evaluation } = options;
  return {
    train: new HostDataset(tf, options.train),
    evaluation: evaluation ? { val: new HostDataset(tf, evaluation.val), test: new HostDataset(tf, evaluation.test) } : null,
  };
}

export class TrainStepper {
  private readonly variables: Variable[];
  /** Non-trainable weights (batch norm's moving statistics), which only the primary updates. */
  private readonly state: Variable[];
  /** Adam in native code where it can run (native-adam.ts); else the optimizer applies the gradients. */
  private readonly adam: NativeAdam | null;

  private constructor(
    private readonly tf: Tf,
    private readonly options: StepperOptions,
    /** The splits on this thread's device. */
    readonly data: StepperData,
    private readonly pool: ReplicaPool | null,
  ) {
    this.variables = options.model.trainableWeights.map((w) => w.read() as Variable);
    this.state = options.model.nonTrainableWeights.map((w) => w.read() as Variable);
    this.adam = NativeAdam.forOptimizer(tf, options.optimizer, options.backend, this.variables);
    pool?.publishWeights(this.variables);
  }

  /**
   * Starts the replicas the settings call for (each loads TensorFlow.js and its model). With
   * 'auto' a pool that cannot start means one worker; a number the user chose is a promise, so
   * failing to keep it fails the run.
   */
  static async create(tf: Tf, options: StepperOptions): Promise<TrainStepper> {
    const h = options.hyperparameters;
    const workers = resolveWorkerCount({ choice: h.workers, backend: options.backend, batchSize: h.batchSize, cores: availableParallelism() });
    if (workers > 1 && !options.replicaEntry && h.workers !== 'auto') {
      throw new Error('This build cannot start training worker threads: set workers to 1 or auto.');
    }
    const starting =
      workers > 1 && options.replicaEntry
        ? ReplicaPool.start({
            entry: options.replicaEntry,
            count: workers - 1,
            backend: options.backend,
            layers: options.layers,
            seed: h.seed,
            variables: options.model.trainableWeights.map((w) => w.read() as Variable),
            state: options.model.nonTrainableWeights.map((w) => w.read() as Variable),
            train: options.train,
            evaluation: options.evaluation ?? { val: NO_EXAMPLES, test: NO_EXAMPLES },
          }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))))
        : null;
    if (!starting) discardPrestartedThreads();
    const pool = await starting;
    if (pool instanceof Error && h.workers !== 'auto') throw pool;
    return new TrainStepper(tf, options, datasets(tf, options), pool instanceof ReplicaPool ? pool : null);
  }

  /** Workers sharing each batch: this thread plus the replicas. */
  get workers(): number {
    return 1 + (this.pool?.size ?? 0);
  }

  /**
   * Optimisation step `stepIndex` (0-based, over the whole run): trains on examples
   * order[start, start + size) and returns the batch's mean loss and accuracy. The step index
   * seeds dropout, so a re-run repeats every step exactly.
   */
  async step(stepIndex: number, order: Int32Array, start: number, size: number, augmentation: AugmentBatch | null): Promise<[number, number]> {
    const { tf } = this;
    const seed = this.options.hyperparameters.seed;
    const [own, ...others] = splitBatch(size, this.workers);
    const remote = this.pool?.step(
      others.map((share, i) => ({
        indices: order.slice(start + share.offset, start + share.offset + share.size),
        augmentation: augmentation ? sliceAugmentation(augmentation, share.offset, share.size) : null,
        dropoutSeed: dropoutSeed(seed, stepIndex, i + 1),
      })),
    );
    const local = tf.tidy(() => {
      const batch = this.data.train.gather(order.subarray(start, start + own.size));
      const xs = augmentation ? augmentImages(tf, batch.xs, sliceAugmentation(augmentation, 0, own.size)) : batch.xs;
      return shareGradients(tf, this.options.model, this.variables, xs, batch.ys, dropoutSeed(seed, stepIndex, 0));
    });
    try {
      const results = (remote ? await remote : []).map((result, i) => ({ result, size: others[i].size }));
      this.apply(local.grads, own.size, results, size);
      let lossSum = (await local.loss.data())[0] * own.size;
      let correct = (await local.correct.data())[0];
      for (const { result, size: n } of results) {
        if (!result) continue;
        lossSum += result.loss * n;
        correct += result.correct;
      }
      this.pool?.publishWeights(this.variables);
      return [lossSum / size, correct / size];
    } finally {
      tf.dispose([local.loss, local.correct, ...local.grads]);
    }
  }

  /**
   * Evaluates the model on a split, its examples shared among the workers like a batch's (the
   * primary takes the first range); null when cancelled part-way. The predictions are those one
   * thread would make: every thread uses the primary's weights and batch-norm statistics.
   */
  async evaluate(set: EvaluationSet, signal: { cancelled: boolean }): Promise<Evaluation | null> {
    const { tf } = this;
    const data = this.data.evaluation?.[set];
    if (!data) throw new Error('This trainer was given no validation or test split to evaluate.');
    const [own, ...others] = splitBatch(data.count, this.workers).map((share) => ({ start: share.offset, count: share.size }));
    this.pool?.publishState(this.state);
    // The replicas start first; Promise.all takes their result in the same tick, so a failure is always handled.
    const remote = this.pool?.evaluate(set, others) ?? [];
    const [local, parts] = await Promise.all([evaluateRange(tf, this.options.model, data, own, signal), remote]);
    return local && joinEvaluations([local, ...parts], data.count);
  }

  /** Reads pictures to MNIST's 28x28, shared among the workers like a batch; in the order given. */
  async prepareDigits(images: readonly ImageInput[], options: PreprocessOptions): Promise<PreparedDigit[]> {
    const [own, ...others] = splitBatch(images.length, this.workers).map((share) => images.slice(share.offset, share.offset + share.size));
    const remote = this.pool?.prepareDigits(others, options) ?? [];
    const [local, shares] = await Promise.all([prepareDigitsHere(own, options), remote]);
    return [...local, ...shares.flat()];
  }

  /** Applies the size-weighted mean of every share's gradient. */
  private apply(own: Tensor[], ownSize: number, results: Array<{ result: ReplicaResult | null; size: number }>, size: number): void {
    const { tf } = this;
    const shared = results.filter((r): r is { result: ReplicaResult; size: number } => r.result !== null);
    if (this.adam) {
      const shares = shared.map(({ result, size: n }) => ({ gradient: (i: number) => result.gradient(i), size: n }));
      return this.adam.apply(own, ownSize, shares, size);
    }
    tf.tidy(() => {
      const named: NamedTensorMap = {};
      this.variables.forEach((v, i) => {
        if (shared.length === 0) {
          named[v.name] = own[i];
          return;
        }
        let sum = tf.mul(own[i], ownSize);
        for (const { result, size: n } of shared) sum = tf.add(sum, tf.mul(tf.tensor(result.gradient(i), v.shape), n));
        named[v.name] = tf.div(sum, size);
      });
      this.options.optimizer.applyGradients(named);
    });
  }

  /** Stops the replicas. */
  async dispose(): Promise<void> {
    await this.pool?.dispose();
  }
}
