/**
 * Every problem with a layer stack, in sentences a user can act on. Each names the layer the way
 * the designer shows it ("Layer 4 (conv2d 16 5x5)"), the field, and what to change.
 */
import { layerName } from './describe';
import { formatShape, walkLayers, type LayerStep, type ShapeProblem } from './shapes';
import { ACTIVATIONS, LAYER_TYPES, NUM_CLASSES, PADDINGS, type LayerSpec, type LayerType, type ValidationIssue } from './types';

export const MAX_TOTAL_PARAMS = 50_000_000;

export interface NumberFieldRule {
  field: string;
  min: number;
  max: number;
  integer: boolean;
}

export interface ChoiceFieldRule {
  field: string;
  choices: readonly string[];
}

const POOLING_NUMBERS: NumberFieldRule[] = [
  { field: 'poolSize', min: 1, max: 8, integer: true },
  { field: 'strides', min: 1, max: 8, integer: true },
];

/** The numeric fields of each layer type and their allowed ranges (also used by parse.ts). */
export const NUMBER_FIELDS: Record<LayerType, NumberFieldRule[]> = {
  conv2d: [
    { field: 'filters', min: 1, max: 1024, integer: true },
    { field: 'kernelSize', min: 1, max: 15, integer: true },
    { field: 'strides', min: 1, max: 8, integer: true },
  ],
  maxPooling2d: POOLING_NUMBERS,
  averagePooling2d: POOLING_NUMBERS,
  globalAveragePooling2d: [],
  batchNormalization: [],
  dropout: [{ field: 'rate', min: 0, max: 0.9, integer: false }],
  flatten: [],
  dense: [{ field: 'units', min: 1, max: 8192, integer: true }],
  activation: [],
};

const PADDING_RULE: ChoiceFieldRule = { field: 'padding', choices: PADDINGS };
const ACTIVATION_RULE: ChoiceFieldRule = { field: 'activation', choices: ACTIVATIONS };

/** The text fields of each layer type and their allowed values (also used by parse.ts). */
export const CHOICE_FIELDS: Record<LayerType, ChoiceFieldRule[]> = {
  conv2d: [PADDING_RULE, ACTIVATION_RULE],
  maxPooling2d: [PADDING_RULE],
  averagePooling2d: [PADDING_RULE],
  globalAveragePooling2d: [],
  batchNormalization: [],
  dropout: [],
  flatten: [],
  dense: [ACTIVATION_RULE],
  activation: [ACTIVATION_RULE],
};

export const isLayerType = (value: unknown): value is LayerType => LAYER_TYPES.includes(value as LayerType);

/** A value as a message should quote it: text in quotes, anything else as written. */
export function showValue(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === undefined) return 'missing';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'a list' : 'an object';
  return String(value);
}

/** 50000000 -> "50,000,000", locale-independent so messages read the same everywhere. */
export function formatCount(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

export function unknownTypeMessage(position: string, type: unknown): string {
  return `${position} has an unknown type ${showValue(type)}: use one of ${LAYER_TYPES.join(', ')}.`;
}

const issue = (layerIndex: number | null, field: string | null, message: string): ValidationIssue => ({
  layerIndex,
  field,
  message,
});

function wholeNumberSuggestion(value: number, rule: NumberFieldRule): string {
  const candidates = [...new Set([Math.floor(value), Math.ceil(value)])].filter((n) => n >= rule.min && n <= rule.max);
  return candidates.length > 0 ? `use ${candidates.join(' or ')}` : `use a whole number from ${rule.min} to ${rule.max}`;
}

function numberFieldIssue(name: string, index: number, rule: NumberFieldRule, value: unknown): ValidationIssue | null {
  const range = `${rule.integer ? 'a whole number' : 'a number'} from ${rule.min} to ${rule.max}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return issue(index, rule.field, `${name}: ${rule.field} must be ${range}, but it is ${showValue(value)}: set it to ${range}.`);
  }
  if (rule.integer && !Number.isInteger(value)) {
    return issue(index, rule.field, `${name}: ${rule.field} must be a whole number, but it is ${value}: ${wholeNumberSuggestion(value, rule)}.`);
  }
  if (value < rule.min || value > rule.max) {
    return issue(index, rule.field, `${name}: ${rule.field} is ${value}, outside the allowed ${rule.min} to ${rule.max}: pick a value in that range.`);
  }
  return null;
}

function choiceFieldIssue(name: string, index: number, rule: ChoiceFieldRule, value: unknown): ValidationIssue | null {
  if (typeof value === 'string' && rule.choices.includes(value)) return null;
  return issue(index, rule.field, `${name}: ${rule.field} ${showValue(value)} is not supported: use one of ${rule.choices.join(', ')}.`);
}

/** Range, whole-number and allowed-value checks for one layer's own fields. */
export function validateLayerFields(spec: LayerSpec, index: number): ValidationIssue[] {
  if (typeof spec !== 'object' || spec === null || Array.isArray(spec)) {
    return [issue(index, null, `Layer ${index + 1} is not a layer (it is ${showValue(spec)}): write it as an object with a type, e.g. {"type": "flatten"}.`)];
  }
  const type: unknown = (spec as { type?: unknown }).type;
  if (!isLayerType(type)) return [issue(index, 'type', unknownTypeMessage(`Layer ${index + 1}`, type))];
  const name = layerName(spec, index);
  const fields = spec as unknown as Record<string, unknown>;
  const issues: ValidationIssue[] = [];
  for (const rule of NUMBER_FIELDS[type]) {
    const found = numberFieldIssue(name, index, rule, fields[rule.field]);
    if (found) issues.push(found);
  }
  for (const rule of CHOICE_FIELDS[type]) {
    const found = choiceFieldIssue(name, index, rule, fields[rule.field]);
    if (found) issues.push(found);
  }
  return issues;
}

/** The sentence for a shape that cannot be built, or null when the field checks already explain it. */
export function shapeProblemIssue(layers: readonly LayerSpec[], index: number, problem: ShapeProblem): ValidationIssue | null {
  if (problem.kind === 'unusableSettings' || problem.kind === 'afterEarlierProblem' || problem.kind === 'unknownType') {
    return null;
  }
  const spec = layers[index];
  const name = layerName(spec, index);
  switch (problem.kind) {
    case 'windowLargerThanInput': {
      const size = `${problem.input[0]}x${problem.input[1]}`;
      const [window, fix] =
        problem.field === 'kernelSize' ? ['kernel', 'a smaller kernel'] : ['pool window', 'a smaller pool size'];
      return issue(
        index,
        problem.field,
        `${name} gets a ${size} input, smaller than its ${window}: use padding 'same', ${fix} or remove a pooling layer` +
          ` (with padding 'valid' the image would shrink to 0x0 or below).`,
      );
    }
    case 'alreadyFlat': {
      const values = `${formatCount(problem.input[0])} values`;
      if (spec.type === 'flatten') {
        return issue(index, null, `${name} gets data that is already flat (${values}): remove this flatten layer.`);
      }
      const flattener = problem.flattenedAt >= 0 ? layerName(layers[problem.flattenedAt], problem.flattenedAt) : 'the flatten layer';
      return issue(
        index,
        null,
        `${name} comes after the data is already flat (${values}), but it needs an image: move it above ${flattener}, or remove it.`,
      );
    }
    case 'denseOnImage':
      return issue(
        index,
        null,
        `${name} gets a 3-D input (${formatShape(problem.input)}), but a dense layer needs flat data: add a flatten layer (or globalAveragePooling2d) before it.`,
      );
  }
}

const isOutputDense = (spec: LayerSpec | undefined, activation: string): boolean =>
  spec?.type === 'dense' && spec.units === NUM_CLASSES && spec.activation === activation;

/** The model must end in 10 class probabilities: dense 10 softmax, or dense 10 linear + softmax. */
export function outputLayerIssues(layers: readonly LayerSpec[]): ValidationIssue[] {
  const index = layers.length - 1;
  const last = layers[index];
  if (!isLayerType(last?.type)) return [];
  const name = layerName(last, index);
  if (last.type === 'dense') {
    const issues: ValidationIssue[] = [];
    if (last.units !== NUM_CLASSES) {
      issues.push(issue(index, 'units', `${name} is the last layer, so it needs ${NUM_CLASSES} units, one per digit: set units to ${NUM_CLASSES}, or add a dense ${NUM_CLASSES} softmax layer after it.`));
    }
    if (last.activation !== 'softmax') {
      issues.push(issue(index, 'activation', `${name} is the last layer, so its activation must be softmax to give class probabilities: set activation to softmax.`));
    }
    return issues;
  }
  if (last.type === 'activation' && last.activation === 'softmax') {
    if (isOutputDense(layers[index - 1], 'linear')) return [];
    const before = index > 0 ? `it is ${layerName(layers[index - 1], index - 1)}` : 'there is none';
    return [
      issue(index, null, `${name} ends the model, so the layer before it must be dense with ${NUM_CLASSES} units and linear activation, but ${before}: put a dense ${NUM_CLASSES} linear layer right before the softmax.`),
    ];
  }
  if (last.type === 'activation') {
    return [issue(index, 'activation', `${name} is the last layer, so it must be softmax to give class probabilities: set activation to softmax.`)];
  }
  return [
    issue(index, null, `${name} is the last layer, but the model must end with a dense layer of ${NUM_CLASSES} units and softmax activation (one output per digit): add one at the end.`),
  ];
}

/** Every problem with the stack: fields, shapes, the output layer and the size limit. */
export function validateArchitecture(layers: readonly LayerSpec[], steps: LayerStep[] = walkLayers(layers)): ValidationIssue[] {
  if (layers.length === 0) {
    return [issue(null, null, `The model has no layers: add at least a flatten layer and a dense layer with ${NUM_CLASSES} units and softmax activation.`)];
  }
  const issues: ValidationIssue[] = [];
  layers.forEach((spec, index) => {
    issues.push(...validateLayerFields(spec, index));
    const problem = steps[index]?.problem;
    const shapeIssue = problem ? shapeProblemIssue(layers, index, problem) : null;
    if (shapeIssue) issues.push(shapeIssue);
  });
  issues.push(...outputLayerIssues(layers));
  const totalParams = steps.reduce((total, s) => total + s.params, 0);
  if (totalParams > MAX_TOTAL_PARAMS) {
    issues.push(issue(null, null, `The model has ${formatCount(totalParams)} parameters, more than the ${formatCount(MAX_TOTAL_PARAMS)} allowed: use fewer filters or units, or add pooling (or strides) before the flatten layer.`));
  }
  return issues;
}

