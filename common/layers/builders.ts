/** Short builders for layer specs: the presets are written with them. */
import type { Activation, LayerSpec, Padding } from './types';

export const conv = (filters: number, kernelSize: number, activation: Activation, padding: Padding = 'valid', strides = 1): LayerSpec => ({
  type: 'conv2d',
  filters,
  kernelSize,
  strides,
  padding,
  activation,
});
export const maxPool = (poolSize = 2, strides = poolSize): LayerSpec => ({ type: 'maxPooling2d', poolSize, strides, padding: 'valid' });
export const avgPool = (poolSize = 2, strides = poolSize): LayerSpec => ({ type: 'averagePooling2d', poolSize, strides, padding: 'valid' });
export const dense = (units: number, activation: Activation): LayerSpec => ({ type: 'dense', units, activation });
export const dropout = (rate: number): LayerSpec => ({ type: 'dropout', rate });
export const flatten: LayerSpec = { type: 'flatten' };
export const batchNorm: LayerSpec = { type: 'batchNormalization' };
