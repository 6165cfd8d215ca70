/**
 * The editable fields of each layer type, as data: the designer renders a form from this table
 * instead of one hand-written form per type. Ranges mirror the shared validation so the inputs'
 * min/max hints agree with the messages the user gets.
 */
import { defaultLayer } from '../../../common/layers/defaults';
import { LAYER_LABELS } from '../../../common/layers/describe';
import {
  ACTIVATIONS,
  PADDINGS,
  type LayerSpec,
  type LayerType,
  type ValidationIssue,
} from '../../../common/layers/types';

export type LayerFieldKind = 'integer' | 'decimal' | 'choice';

export interface LayerField {
  key: string;
  label: string;
  kind: LayerFieldKind;
  min?: number;
  max?: number;
  step?: number;
  options?: readonly string[];
  hint?: string;
}

const activation: LayerField = { key: 'activation', label: 'Activation', kind: 'choice', options: ACTIVATIONS };
const padding: LayerField = {
  key: 'padding',
  label: 'Padding',
  kind: 'choice',
  options: PADDINGS,
  hint: "'same' keeps the size; 'valid' shrinks it",
};

const pooling: LayerField[] = [
  { key: 'poolSize', label: 'Pool size', kind: 'integer', min: 1, max: 8 },
  { key: 'strides', label: 'Strides', kind: 'integer', min: 1, max: 8 },
  padding,
];

export const LAYER_FIELDS: Record<LayerType, LayerField[]> = {
  conv2d: [
    { key: 'filters', label: 'Filters', kind: 'integer', min: 1, max: 1024 },
    { key: 'kernelSize', label: 'Kernel size', kind: 'integer', min: 1, max: 15 },
    { key: 'strides', label: 'Strides', kind: 'integer', min: 1, max: 8 },
    padding,
    activation,
  ],
  maxPooling2d: pooling,
  averagePooling2d: pooling,
  globalAveragePooling2d: [],
  batchNormalization: [],
  dropout: [{ key: 'rate', label: 'Rate', kind: 'decimal', min: 0, max: 0.9, step: 0.05 }],
  flatten: [],
  dense: [{ key: 'units', label: 'Units', kind: 'integer', min: 1, max: 8192 }, activation],
  activation: [activation],
};


function isEmptyNumber(value: unknown): boolean {
  return value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value));
}

export interface FilledStack {
  /** The stack with every empty number replaced by the type's default, safe to analyse. */
  layers: LayerSpec[];
  /** One issue per empty number, pointing at its layer and field. */
  issues: ValidationIssue[];
}

/**
 * An emptied number input leaves null in the spec while the user types. Those are reported here
 * and swapped for defaults, so the analysis still shows sensible shapes for the rest of the stack.
 */
export function fillEmptyFields(layers: LayerSpec[]): FilledStack {
  const issues: ValidationIssue[] = [];
  const filled = layers.map((spec, index) => {
    const fields = LAYER_FIELDS[spec.type] ?? [];
    const empty = fields.filter((field) => field.kind !== 'choice' && isEmptyNumber(readField(spec, field.key)));
    if (empty.length === 0) return spec;
    const defaults = defaultLayer(spec.type) as unknown as Record<string, unknown>;
    const copy: Record<string, unknown> = { ...spec };
    for (const field of empty) {
      copy[field.key] = defaults[field.key];
      issues.push({
        layerIndex: index,
        field: field.key,
        message: `Layer ${index + 1} (${LAYER_LABELS[spec.type]}): ${field.label} is empty. Enter a number.`,
      });
    }
    return copy as unknown as LayerSpec;
  });
  return { layers: filled, issues };
}

export function readField(spec: LayerSpec, key: string): unknown {
  return (spec as unknown as Record<string, unknown>)[key];
}
