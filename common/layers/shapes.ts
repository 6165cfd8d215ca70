/**
 * Shape inference, parameter counts and multiply-accumulates for a layer stack on the 28x28x1
 * input, following TensorFlow.js's own rules so the numbers match model.summary() and
 * countParams() exactly.
 *
 * MAC convention (one example, forward pass): conv2d = outH*outW*outC*(kH*kW*inC);
 * dense = inputFeatures*units (applied per position when TensorFlow.js gets a 3-D input);
 * every other layer counts 0. Bias additions, batch normalization, pooling and activations are
 * left out because they are small next to the convolutions and dense layers and because this is
 * the convention most papers quote.
 */
import { INPUT_SHAPE, PADDINGS, type LayerSpec, type Padding } from './types';

/** A tensor shape without the batch dimension: [height, width, channels] or [features]. */
export type Shape = number[];

/** Why a layer's output shape could not be worked out. Turned into sentences by validate.ts. */
export type ShapeProblem =
  /** A 'valid' kernel or pool window wider than the image it slides over. */
  | { kind: 'windowLargerThanInput'; field: 'kernelSize' | 'poolSize'; input: Shape }
  /** A layer that needs an image (conv, pooling, flatten) after the data was flattened. */
  | { kind: 'alreadyFlat'; input: Shape; flattenedAt: number }
  /** Dense on an image: TensorFlow.js applies it per pixel, which is almost never what is meant. */
  | { kind: 'denseOnImage'; input: Shape }
  /** Settings that make no shape at all (zero stride, unknown padding...); field checks explain them. */
  | { kind: 'unusableSettings' }
  /** Something earlier already broke the shape. */
  | { kind: 'afterEarlierProblem' }
  /** Not a layer type this app knows. */
  | { kind: 'unknownType' };

export interface LayerStep {
  input: Shape | null;
  output: Shape | null;
  params: number;
  macs: number;
  problem: ShapeProblem | null;
}

const isPositiveInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1;

const isPadding = (value: unknown): value is Padding => PADDINGS.includes(value as Padding);

/** TensorFlow.js's convOutputLength (dilation 1). */
export function slidingOutputLength(input: number, window: number, stride: number, padding: Padding): number {
  const length = padding === 'same' ? input : input - window + 1;
  return Math.floor((length + stride - 1) / stride);
}

const product = (shape: Shape): number => shape.reduce((total, dim) => total * dim, 1);

const step = (input: Shape, output: Shape | null, params = 0, macs = 0, problem: ShapeProblem | null = null): LayerStep => ({
  input,
  output,
  params,
  macs,
  problem,
});

/**
 * Conv and pooling share the sliding-window arithmetic. `flattenedAt` points at the layer that made
 * the data flat so the message can say where to move things.
 */
function slide(
  input: Shape,
  window: unknown,
  strides: unknown,
  padding: unknown,
  field: 'kernelSize' | 'poolSize',
  flattenedAt: number,
): { size: number } | ShapeProblem {
  if (input.length !== 3) return { kind: 'alreadyFlat', input, flattenedAt };
  if (!isPositiveInteger(window) || !isPositiveInteger(strides) || !isPadding(padding)) {
    return { kind: 'unusableSettings' };
  }
  const [height] = input;
  if (padding === 'valid' && window > height) return { kind: 'windowLargerThanInput', field, input };
  return { size: slidingOutputLength(height, window, strides, padding) };
}

/** One layer: its output shape, parameters and MACs given its input shape. */
export function inferLayer(spec: LayerSpec, input: Shape, flattenedAt = -1): LayerStep {
  const channels = input[input.length - 1];
  switch (spec.type) {
    case 'conv2d': {
      const slid = slide(input, spec.kernelSize, spec.strides, spec.padding, 'kernelSize', flattenedAt);
      if ('kind' in slid) return step(input, null, 0, 0, slid);
      if (!isPositiveInteger(spec.filters)) return step(input, null, 0, 0, { kind: 'unusableSettings' });
      const output = [slid.size, slid.size, spec.filters];
      const kernelVolume = spec.kernelSize * spec.kernelSize * channels;
      return step(input, output, (kernelVolume + 1) * spec.filters, product(output) * kernelVolume);
    }
    case 'maxPooling2d':
    case 'averagePooling2d': {
      const slid = slide(input, spec.poolSize, spec.strides, spec.padding, 'poolSize', flattenedAt);
      if ('kind' in slid) return step(input, null, 0, 0, slid);
      return step(input, [slid.size, slid.size, channels]);
    }
    case 'globalAveragePooling2d':
      if (input.length !== 3) return step(input, null, 0, 0, { kind: 'alreadyFlat', input, flattenedAt });
      return step(input, [channels]);
    case 'flatten':
      if (input.length !== 3) return step(input, null, 0, 0, { kind: 'alreadyFlat', input, flattenedAt });
      return step(input, [product(input)]);
    case 'batchNormalization':
      // gamma, beta, moving mean and moving variance per channel; countParams counts all four.
      return step(input, [...input], 4 * channels);
    case 'dropout':
    case 'activation':
      return step(input, [...input]);
    case 'dense': {
      if (!isPositiveInteger(spec.units)) return step(input, null, 0, 0, { kind: 'unusableSettings' });
      const output = [...input.slice(0, -1), spec.units];
      const params = (channels + 1) * spec.units;
      const macs = product(input) * spec.units;
      // Computed the way TensorFlow.js would build it so the numbers still match its summary.
      return step(input, output, params, macs, input.length === 1 ? null : { kind: 'denseOnImage', input });
    }
    default:
      return step(input, null, 0, 0, { kind: 'unknownType' });
  }
}

/** Walks the whole stack from 28x28x1; after the first shape that makes no sense, outputs are null. */
export function walkLayers(layers: readonly LayerSpec[]): LayerStep[] {
  const steps: LayerStep[] = [];
  let current: Shape | null = [...INPUT_SHAPE];
  let flattenedAt = -1;
  layers.forEach((spec, index) => {
    if (current === null) {
      steps.push({ input: null, output: null, params: 0, macs: 0, problem: { kind: 'afterEarlierProblem' } });
      return;
    }
    const isObject = typeof spec === 'object' && spec !== null;
    const result = isObject ? inferLayer(spec, current, flattenedAt) : step(current, null, 0, 0, { kind: 'unknownType' });
    if (current.length === 3 && result.output?.length === 1) flattenedAt = index;
    current = result.output;
    steps.push(result);
  });
  return steps;
}

/** "13x13x32" for images, "800" for flat data. */
export function formatShape(shape: Shape): string {
  return shape.join('x');
}
