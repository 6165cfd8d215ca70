/**
 * The JSON file a design is exported to and imported from by the app, and trained from by
 * `mnist-lab train --arch`. Reading accepts a bare array of layers or `{ layers }`, plus,
 * optionally, the settings and name the app writes.
 */
import { parseArchitecture } from './parse';
import type { LayerSpec, ValidationIssue } from './types';
import type { Hyperparameters } from '../training/hyperparameters';
import { parseHyperparameters } from '../training/validate-hyperparameters';

export interface DesignFile {
  name: string;
  presetId: string | null;
  layers: LayerSpec[];
  hyperparameters: Hyperparameters | null;
}

export type ImportResult =
  | { ok: true; design: DesignFile }
  | { ok: false; message: string; issues: ValidationIssue[] };

export function serializeDesign(design: DesignFile): string {
  const body: Record<string, unknown> = { name: design.name, presetId: design.presetId, layers: design.layers };
  if (design.hyperparameters) body.hyperparameters = design.hyperparameters;
  return `${JSON.stringify(body, null, 2)}\n`;
}

/** A file name from the run name: "My net!" -> "my-net.architecture.json". */
export function designFileName(name: string): string {
  const slug = name
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'architecture'}.architecture.json`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseDesignFile(text: string): ImportResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `This file is not valid JSON (${detail}).`, issues: [] };
  }
  const architecture = parseArchitecture(data);
  if (!architecture.layers) {
    return { ok: false, message: 'This file does not describe a layer stack.', issues: architecture.issues };
  }
  let hyperparameters: Hyperparameters | null = null;
  if (isRecord(data) && data.hyperparameters !== undefined) {
    const parsed = parseHyperparameters(data.hyperparameters);
    if (!parsed.value) {
      return { ok: false, message: 'The training settings in this file are not valid.', issues: parsed.issues };
    }
    hyperparameters = parsed.value;
  }
  const record = isRecord(data) ? data : {};
  return {
    ok: true,
    design: {
      name: typeof record.name === 'string' ? record.name : '',
      presetId: typeof record.presetId === 'string' ? record.presetId : null,
      layers: architecture.layers,
      hyperparameters,
    },
  };
}
