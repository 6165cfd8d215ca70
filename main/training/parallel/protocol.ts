/** Messages between the training process's main thread (the primary) and its replica threads. */
import type { LayerSpec } from '../../../common/layers/types';
import type { BackendId } from '../../../common/training/hyperparameters';
import type { ImageInput } from '../../../common/ipc/contract';
import type { PreprocessOptions } from '../../../common/image/preprocess';
import type { PreparedDigit } from '../../inference/read-digit';
import type { Subset } from '../../data/mnist';
import type { AugmentBatch } from '../augment';

/** A split that replicas may evaluate a range of, besides training on the training split. */
export type EvaluationSet = 'val' | 'test';

/** A split whose arrays are views of shared memory: posting it shares them, never copies. Read-only. */
export type SharedSplit = Subset;

export interface ReplicaInit {
  type: 'init';
  backend: BackendId;
  layers: LayerSpec[];
  seed: number;
  /** Variable shapes in the primary's order; the replica checks its own model against them. */
  shapes: number[][];
  /** The training split, shared read-only. */
  train: SharedSplit;
  /** The validation and test splits, for evaluations divided among the threads. */
  evaluation: Record<EvaluationSet, SharedSplit>;
  /** The primary writes the current weights here before each step. */
  weights: SharedArrayBuffer;
  /** Shapes of the non-trainable weights (batch norm's moving statistics), in the primary's order. */
  stateShapes: number[][];
  /** The primary writes its non-trainable weights here before each evaluation. */
  state: SharedArrayBuffer;
  /** This replica writes its share's gradients here. */
  gradients: SharedArrayBuffer;
}

export interface ReplicaStep {
  type: 'step';
  /** Positions in the training split of this replica's share of the batch. */
  indices: Int32Array;
  /** Augmentation of those examples (drawn by the primary from the run's seed), or null. */
  augmentation: AugmentBatch | null;
  /** Seed of this share's dropout masks, chosen by the primary. */
  dropoutSeed: number;
}

/** Evaluate examples [start, start + count) of a split with the primary's current weights and statistics. */
export interface ReplicaEvaluate {
  type: 'evaluate';
  set: EvaluationSet;
  start: number;
  count: number;
}

/** Read these pictures to MNIST's 28x28 (a share of a run's real-world set), in order. */
export interface ReplicaPrepare {
  type: 'prepare';
  images: ImageInput[];
  options: PreprocessOptions;
}

export type ToReplica = ReplicaInit | ReplicaStep | ReplicaEvaluate | ReplicaPrepare;

export type FromReplica =
  | { type: 'ready' }
  /** Gradients are in the shared buffer; loss is the share's mean, correct its count. */
  | { type: 'stepped'; loss: number; correct: number }
  /** The range's sums and predictions (evaluate.ts's PartialEvaluation). */
  | { type: 'evaluated'; lossSum: number; correct: number; predictions: Uint8Array }
  | { type: 'prepared'; digits: PreparedDigit[] }
  | { type: 'error'; message: string };
