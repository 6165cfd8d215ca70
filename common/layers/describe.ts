/** Short labels for layers, used in the designer, the CLI and every validation message. */
import type { LayerSpec, LayerType } from './types';

/** Human names for the layer picker and headings. */
export const LAYER_LABELS: Record<LayerType, string> = {
  conv2d: 'Convolution 2D',
  maxPooling2d: 'Max pooling 2D',
  averagePooling2d: 'Average pooling 2D',
  globalAveragePooling2d: 'Global average pooling 2D',
  batchNormalization: 'Batch normalization',
  dropout: 'Dropout',
  flatten: 'Flatten',
  dense: 'Dense (fully connected)',
  activation: 'Activation',
};

/**
 * A compact label such as "conv2d 32 3x3", "maxPooling2d 2x2", "dense 10 softmax" or "dropout 0.5".
 * Values are printed as they are, even when invalid, because the label is what a validation
 * message uses to point at the layer the user wrote.
 */
export function describeLayer(spec: LayerSpec): string {
  switch (spec.type) {
    case 'conv2d': {
      const stride = spec.strides === 1 ? '' : ` stride ${spec.strides}`;
      return `conv2d ${spec.filters} ${spec.kernelSize}x${spec.kernelSize}${stride}`;
    }
    case 'maxPooling2d':
    case 'averagePooling2d': {
      // Pooling usually steps by its own window; only a different stride is worth showing.
      const stride = spec.strides === spec.poolSize ? '' : ` stride ${spec.strides}`;
      return `${spec.type} ${spec.poolSize}x${spec.poolSize}${stride}`;
    }
    case 'dropout':
      return `dropout ${spec.rate}`;
    case 'dense':
      return `dense ${spec.units} ${spec.activation}`;
    case 'activation':
      return `activation ${spec.activation}`;
    case 'globalAveragePooling2d':
    case 'batchNormalization':
    case 'flatten':
      return spec.type;
    default:
      // Specs that bypassed parsing (e.g. a hand-edited database row) can carry any type.
      return String((spec as { type?: unknown }).type);
  }
}

/** "Layer 3 (conv2d 32 3x3)": how every message names a layer, 1-based as the designer shows it. */
export function layerName(spec: LayerSpec, index: number): string {
  return `Layer ${index + 1} (${describeLayer(spec)})`;
}
