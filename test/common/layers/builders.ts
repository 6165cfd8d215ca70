/** Short layer builders for tests: a conv defaults to a stride-1 'valid' ReLU layer. */
import { conv as convLayer } from '../../../common/layers/builders';
import type { Activation, LayerSpec, Padding } from '../../../common/layers/types';

export { dense, flatten } from '../../../common/layers/builders';

export const conv = (filters: number, kernelSize: number, padding: Padding = 'valid', strides = 1, activation: Activation = 'relu'): LayerSpec =>
  convLayer(filters, kernelSize, activation, padding, strides);
