/** Messages between the training process's main thread (the primary) and its replica threads. */
import type { LayerSpec } from '../../../common/layers/types';
import type { BackendId } from '../../../common/training/hyperparameters';
import type { AugmentBatch } from '../augment';

export interface ReplicaInit {
  type: 'init';
  backend: BackendId;
  layers: LayerSpec[];
  seed: number;
  /** Variable shapes in the primary's order; the replica checks its own model against them. */
  shapes: number[][];
  /** The training split's images ([count, 28, 28, 1], 0..1) and labels, shared read-only. */
  images: SharedArrayBuffer;
  labels: SharedArrayBuffer;
  count: number;
  /** The primary writes the current weights here before each step. */
  weights: SharedArrayBuffer;
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

export type ToReplica = ReplicaInit | ReplicaStep;

export type FromReplica =
  | { type: 'ready' }
  /** Gradients are in the shared buffer; loss is the share's mean, correct its count. */
  | { type: 'stepped'; loss: number; correct: number }
  | { type: 'error'; message: string };
