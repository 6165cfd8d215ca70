/**
 * The primary's side of data-parallel training: a pool of replica threads, each with its own
 * TensorFlow.js, that compute the gradients of their shares of a batch while the primary computes
 * its own. Weights and gradients pass through SharedArrayBuffers laid out by ParameterLayout.
 */
import type { Worker } from 'node:worker_threads';
import type { Variable } from '@tensorflow/tfjs';
import type { LayerSpec } from '../../../common/layers/types';
import type { BackendId } from '../../../common/training/hyperparameters';
import type { Subset } from '../../data/mnist';
import { ParameterLayout } from './layout';
import type { ImageInput } from '../../../common/ipc/contract';
import type { PreprocessOptions } from '../../../common/image/preprocess';
import type { PreparedDigit } from '../../inference/read-digit';
import type { PartialEvaluation } from '../evaluate';
import type { EvaluationSet, FromReplica, ReplicaEvaluate, ReplicaInit, ReplicaPrepare, ReplicaStep, SharedSplit } from './protocol';
import { startReplicaThread } from './replica-entry';

export type ReplicaShare = Omit<ReplicaStep, 'type'>;

export interface ReplicaResult {
  /** The share's mean loss and number of correct predictions. */
  loss: number;
  correct: number;
  /** Variable `i`'s gradient, valid until the next step. */
  gradient(i: number): Float32Array;
}

export interface ReplicaPoolOptions {
  entry: string;
  count: number;
  backend: BackendId;
  layers: LayerSpec[];
  seed: number;
  variables: Variable[];
  /** Non-trainable weights (batch norm's moving statistics): replicas use the primary's to evaluate. */
  state: Variable[];
  train: Subset;
  evaluation: Record<EvaluationSet, Subset>;
}

class ReplicaThread {
  private pending: { resolve: (m: FromReplica) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(
    private readonly worker: Worker,
    readonly gradients: SharedArrayBuffer,
  ) {
    worker.on('message', (message: FromReplica) => this.settle(message));
    worker.on('error', (error) => this.fail(new Error(`A training worker thread failed: ${error.message}`)));
    worker.on('exit', (code) => this.fail(new Error(`A training worker thread stopped (exit code ${code}).`)));
  }

  /** Sends a message and waits for the one reply; a dead thread rejects every later call. */
  request(message: unknown): Promise<FromReplica> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(message);
    });
  }

  private settle(message: FromReplica): void {
    const pending = this.pending;
    this.pending = null;
    if (message.type === 'error') pending?.reject(new Error(`A training worker thread failed: ${message.message}`));
    else pending?.resolve(message);
  }

  private fail(error: Error): void {
    this.failure ??= error;
    this.pending?.reject(this.failure);
    this.pending = null;
  }

  terminate(): Promise<number> {
    this.failure ??= new Error('The training worker threads were stopped.');
    return this.worker.terminate();
  }
}

export class ReplicaPool {
  private constructor(
    private readonly threads: ReplicaThread[],
    private readonly layout: ParameterLayout,
    private readonly weights: SharedArrayBuffer,
    private readonly stateLayout: ParameterLayout,
    private readonly state: SharedArrayBuffer,
  ) {}

  /** Starts `count` replicas and waits until each has its model and data; stops them all on a failure. */
  static async start(options: ReplicaPoolOptions): Promise<ReplicaPool> {
    const layout = new ParameterLayout(options.variables.map((v) => v.shape));
    const weights = layout.allocate();
    const stateLayout = new ParameterLayout(options.state.map((v) => v.shape));
    const state = stateLayout.allocate();
    // Threads first: each spends about half a second loading its modules, meanwhile the splits are copied.
    const threads = Array.from({ length: options.count }, () => new ReplicaThread(startReplicaThread(options.entry), layout.allocate()));
    const train = shareSubset(options.train);
    const evaluation = { val: shareSubset(options.evaluation.val), test: shareSubset(options.evaluation.test) };
    const pool = new ReplicaPool(threads, layout, weights, stateLayout, state);
    try {
      await Promise.all(
        threads.map((thread) => {
          const init: ReplicaInit = {
            type: 'init',
            backend: options.backend,
            layers: options.layers,
            seed: options.seed,
            shapes: layout.shapes,
            train,
            evaluation,
            weights,
            stateShapes: stateLayout.shapes,
            state,
            gradients: thread.gradients,
          };
          return thread.request(init);
        }),
      );
    } catch (error) {
      await pool.dispose();
      throw error;
    }
    return pool;
  }

  get size(): number {
    return this.threads.length;
  }

  /** Copies the primary's current weights where the replicas read them at the start of a step. */
  publishWeights(variables: Variable[]): void {
    variables.forEach((v, i) => this.layout.view(this.weights, i).set(v.dataSync() as Float32Array));
  }

  /** Copies the primary's non-trainable weights where the replicas read them before evaluating. */
  publishState(state: Variable[]): void {
    state.forEach((v, i) => this.stateLayout.view(this.state, i).set(v.dataSync() as Float32Array));
  }

  /**
   * Has replica `i` evaluate range `i` of a split with the weights and state last published, and
   * resolves with each range's sums, in order.
   */
  async evaluate(set: EvaluationSet, ranges: Array<{ start: number; count: number }>): Promise<PartialEvaluation[]> {
    return Promise.all(
      ranges.map(async (range, i) => {
        if (range.count === 0) return { lossSum: 0, correct: 0, predictions: new Uint8Array(0) };
        const reply = await this.threads[i].request({ type: 'evaluate', set, ...range } satisfies ReplicaEvaluate);
        if (reply.type !== 'evaluated') throw new Error(`A training worker thread answered "${reply.type}" to an evaluation.`);
        return { lossSum: reply.lossSum, correct: reply.correct, predictions: reply.predictions };
      }),
    );
  }

  /** Has replica `i` read the pictures of share `i`; resolves with each share's readings, in order. */
  async prepareDigits(shares: ImageInput[][], options: PreprocessOptions): Promise<PreparedDigit[][]> {
    return Promise.all(
      shares.map(async (images, i) => {
        if (images.length === 0) return [];
        const reply = await this.threads[i].request({ type: 'prepare', images, options } satisfies ReplicaPrepare);
        if (reply.type !== 'prepared') throw new Error(`A training worker thread answered "${reply.type}" to reading pictures.`);
        return reply.digits;
      }),
    );
  }

  /** Gives share `i` to replica `i` (empty shares are skipped) and resolves with each result. */
  async step(shares: ReplicaShare[]): Promise<Array<ReplicaResult | null>> {
    return Promise.all(
      shares.map(async (share, i) => {
        if (share.indices.length === 0) return null;
        const thread = this.threads[i];
        const reply = await thread.request({ type: 'step', ...share } satisfies ReplicaStep);
        if (reply.type !== 'stepped') throw new Error(`A training worker thread answered "${reply.type}" to a step.`);
        return { loss: reply.loss, correct: reply.correct, gradient: (v: number) => this.layout.view(thread.gradients, v) };
      }),
    );
  }

  async dispose(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}

/** The split in shared memory, where every replica reads it in place; makeSplits already puts it there. */
function shareSubset(split: Subset): SharedSplit {
  return { pixels: inSharedMemory(split.pixels), labels: inSharedMemory(split.labels), count: split.count };
}

function inSharedMemory(bytes: Uint8Array): Uint8Array {
  if (bytes.buffer instanceof SharedArrayBuffer) return bytes;
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}
