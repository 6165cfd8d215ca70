/**
 * Structural checks for architectures that arrive as untrusted JSON (a file, the CLI, IPC): the
 * right container, known layer types, every field present with the right type. Ranges and shapes
 * are analyzeArchitecture's job; this only makes sure the data really is a LayerSpec[].
 */
import { defaultLayer } from './defaults';
import type { LayerSpec, ValidationIssue } from './types';
import { CHOICE_FIELDS, NUMBER_FIELDS, isLayerType, showValue, unknownTypeMessage } from './validate';

export interface ParsedArchitecture {
  /** The layers, holding only the known fields, or null when any structural problem was found. */
  layers: LayerSpec[] | null;
  issues: ValidationIssue[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const describeKind = (value: unknown): string => {
  if (typeof value === 'string') return `the text ${showValue(value)}`;
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return showValue(value);
};

function parseLayer(raw: unknown, index: number, issues: ValidationIssue[]): LayerSpec | null {
  const position = `Layer ${index + 1}`;
  if (!isRecord(raw)) {
    issues.push({ layerIndex: index, field: null, message: `${position} must be an object with a "type", e.g. {"type": "flatten"}, but it is ${describeKind(raw)}.` });
    return null;
  }
  if (!isLayerType(raw.type)) {
    const message = raw.type === undefined ? `${position} has no "type": add one of the layer types, e.g. "type": "conv2d".` : unknownTypeMessage(position, raw.type);
    issues.push({ layerIndex: index, field: 'type', message });
    return null;
  }
  const example = defaultLayer(raw.type) as unknown as Record<string, unknown>;
  const layer: Record<string, unknown> = { type: raw.type };
  let complete = true;
  const check = (field: string, expected: 'number' | 'string'): void => {
    const value = raw[field];
    const wanted = expected === 'number' ? 'a number' : 'text';
    if (value === undefined) {
      issues.push({ layerIndex: index, field, message: `${position} (${raw.type}): ${field} is missing: add it as ${wanted}, e.g. "${field}": ${JSON.stringify(example[field])}.` });
      complete = false;
    } else if (typeof value !== expected || (expected === 'number' && !Number.isFinite(value))) {
      issues.push({ layerIndex: index, field, message: `${position} (${raw.type}): ${field} must be ${wanted}, but it is ${describeKind(value)}: write it like "${field}": ${JSON.stringify(example[field])}.` });
      complete = false;
    } else {
      layer[field] = value;
    }
  };
  for (const rule of NUMBER_FIELDS[raw.type]) check(rule.field, 'number');
  for (const rule of CHOICE_FIELDS[raw.type]) check(rule.field, 'string');
  return complete ? (layer as unknown as LayerSpec) : null;
}

function layerList(input: unknown, issues: ValidationIssue[]): unknown[] | null {
  if (Array.isArray(input)) return input;
  if (isRecord(input) && Array.isArray(input.layers)) return input.layers;
  const got = isRecord(input) ? (input.layers === undefined ? 'an object without "layers"' : `"layers" as ${describeKind(input.layers)}`) : describeKind(input);
  issues.push({
    layerIndex: null,
    field: isRecord(input) ? 'layers' : null,
    message: `An architecture must be a list of layers or an object with a "layers" list, e.g. {"layers": [{"type": "flatten"}, {"type": "dense", "units": 10, "activation": "softmax"}]}, but got ${got}.`,
  });
  return null;
}

/** Never throws: anything unexpected becomes an issue. */
export function parseArchitecture(input: unknown): ParsedArchitecture {
  const issues: ValidationIssue[] = [];
  try {
    const list = layerList(input, issues);
    if (list === null) return { layers: null, issues };
    const layers = list.map((raw, index) => parseLayer(raw, index, issues));
    if (issues.length > 0) return { layers: null, issues };
    return { layers: layers as LayerSpec[], issues };
  } catch (error) {
    // Exotic inputs (throwing getters, proxies) must not take the caller down.
    const reason = error instanceof Error ? error.message : String(error);
    issues.push({ layerIndex: null, field: null, message: `The architecture could not be read (${reason}): pass plain JSON data.` });
    return { layers: null, issues };
  }
}
