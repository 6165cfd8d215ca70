/** The layer a user gets when adding a new one in the designer or CLI: a sensible starting point. */
import type { LayerSpec, LayerType } from './types';

export function defaultLayer(type: LayerType): LayerSpec {
  switch (type) {
    case 'conv2d':
      return { type, filters: 32, kernelSize: 3, strides: 1, padding: 'same', activation: 'relu' };
    case 'maxPooling2d':
    case 'averagePooling2d':
      return { type, poolSize: 2, strides: 2, padding: 'valid' };
    case 'globalAveragePooling2d':
    case 'batchNormalization':
    case 'flatten':
      return { type };
    case 'dropout':
      return { type, rate: 0.25 };
    case 'dense':
      return { type, units: 128, activation: 'relu' };
    case 'activation':
      return { type, activation: 'relu' };
  }
}
