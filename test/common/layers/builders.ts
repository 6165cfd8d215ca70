/** Short layer builders for tests: a conv defaults to a stride-1 'valid' ReLU layer. */
import type { Activation, LayerSpec, Padding } from '../../../common/layers/types';

export const conv = (filters: number, kernelSize: number, padding: Padding = 'valid', strides = 1, activation: Activation = 'relu'): LayerSpec => ({
  type: 'conv2d',
  filters,
  kernelSize,
  strides,
  padding,
  activation,
});
export const dense = (units: number, activation: Activation): LayerSpec => ({ type: 'dense', units, activation });
export const flatten: LayerSpec = { type: 'flatten' };
