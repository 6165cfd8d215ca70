/**
 * Layer specifications: what a user writes in the designer or in an architecture JSON file.
 * Plain data only, so a spec can be stored in SQLite, sent over IPC and turned into a
 * TensorFlow.js model on the main side. The input is always MNIST's 28x28x1.
 */

export const INPUT_SHAPE = [28, 28, 1] as const;
export const NUM_CLASSES = 10;

export const ACTIVATIONS = ['linear', 'relu', 'elu', 'leakyRelu', 'tanh', 'sigmoid', 'softmax'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

export const PADDINGS = ['same', 'valid'] as const;
export type Padding = (typeof PADDINGS)[number];

export interface Conv2dSpec {
  type: 'conv2d';
  filters: number;
  kernelSize: number;
  strides: number;
  padding: Padding;
  activation: Activation;
}

export interface Pooling2dSpec {
  type: 'maxPooling2d' | 'averagePooling2d';
  poolSize: number;
  strides: number;
  padding: Padding;
}

export interface GlobalAveragePooling2dSpec {
  type: 'globalAveragePooling2d';
}

export interface BatchNormalizationSpec {
  type: 'batchNormalization';
}

export interface DropoutSpec {
  type: 'dropout';
  rate: number;
}

export interface FlattenSpec {
  type: 'flatten';
}

export interface DenseSpec {
  type: 'dense';
  units: number;
  activation: Activation;
}

export interface ActivationSpec {
  type: 'activation';
  activation: Activation;
}

export type LayerSpec =
  | Conv2dSpec
  | Pooling2dSpec
  | GlobalAveragePooling2dSpec
  | BatchNormalizationSpec
  | DropoutSpec
  | FlattenSpec
  | DenseSpec
  | ActivationSpec;

export type LayerType = LayerSpec['type'];

export const LAYER_TYPES: readonly LayerType[] = [
  'conv2d',
  'maxPooling2d',
  'averagePooling2d',
  'globalAveragePooling2d',
  'batchNormalization',
  'dropout',
  'flatten',
  'dense',
  'activation',
];

/** An architecture is an ordered layer stack on the fixed 28x28x1 input. */
export interface Architecture {
  layers: LayerSpec[];
}

/** One problem found by validation, in plain language, pointing at a layer and field when it can. */
export interface ValidationIssue {
  /** 0-based index into the layer stack, or null for a problem with the whole stack. */
  layerIndex: number | null;
  /** The field of that layer (e.g. 'kernelSize'), or null. */
  field: string | null;
  /** A sentence a user can act on: names the layer (1-based, as shown), the problem and what to do. */
  message: string;
}

/** Per-layer facts shown beside the designer and by the CLI. */
export interface LayerReport {
  index: number;
  type: LayerType;
  /** Output shape without the batch dimension, e.g. [26, 26, 32] or [10]; null once shapes stop making sense. */
  outputShape: number[] | null;
  params: number;
  /** Multiply-accumulate operations for one example's forward pass. */
  macs: number;
}

export interface ArchitectureReport {
  layers: LayerReport[];
  totalParams: number;
  totalMacs: number;
  issues: ValidationIssue[];
}
