/**
 * The architecture being designed: the layer stack, the training settings and the run name,
 * with the live analysis (shapes, params, MACs, every validation issue) derived from them.
 * Kept in one object outside the screen so the design survives moving to other screens.
 */
import { analyzeArchitecture } from '../../../common/layers/analyze';
import { defaultLayer } from '../../../common/layers/defaults';
import { DEFAULT_PRESET_ID, PRESETS } from '../../../common/layers/presets';
import type { ArchitectureReport, LayerSpec, LayerType, ValidationIssue } from '../../../common/layers/types';
import type { Preset, StartRunRequest } from '../../../common/ipc/contract';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../../common/training/hyperparameters';
import { fillEmptyFields, type FilledStack } from '../lib/layer-fields';
import { checkHyperparameterDraft, type HyperparameterDraft } from '../lib/hyperparameter-draft';
import type { ForkSettings } from './nav.svelte';

/** A layer in the editor: the spec plus a key that stays with it while the stack is reordered. */
export interface DesignLayer {
  key: number;
  spec: LayerSpec;
}

/** Applies a partial edit of one layer's fields; the layer's type never changes this way. */
export type LayerPatch = Partial<Record<string, unknown>>;

export class DesignerState {
  layers = $state<DesignLayer[]>([]);
  hyperparameters = $state<HyperparameterDraft>({ ...DEFAULT_HYPERPARAMETERS });
  name = $state('');
  /** The preset the stack came from; dropped at launch if the layers were edited since. */
  presetId = $state<string | null>(null);
  /** The run this design was forked from, if any. */
  forkedFrom = $state<number | null>(null);

  #nextKey = 1;
  #presetLayersJson = '';

  readonly specs: LayerSpec[] = $derived(this.layers.map((layer) => $state.snapshot(layer.spec) as LayerSpec));
  readonly #filled: FilledStack = $derived(fillEmptyFields(this.specs));
  readonly report: ArchitectureReport = $derived(withIssuesFirst(analyzeArchitecture(this.#filled.layers), this.#filled.issues));
  readonly settings = $derived(checkHyperparameterDraft($state.snapshot(this.hyperparameters) as HyperparameterDraft));
  readonly issues: ValidationIssue[] = $derived([...this.report.issues, ...this.settings.issues]);
  /** Why training cannot start yet, in a sentence; null when it can. */
  readonly blockingReason: string | null = $derived(describeBlockers(this.report.issues, this.settings.issues));

  constructor(preset: Preset | undefined = PRESETS.find((p) => p.id === DEFAULT_PRESET_ID) ?? PRESETS[0]) {
    if (preset) this.loadPreset(preset);
  }

  stackIssues(): ValidationIssue[] {
    return this.report.issues.filter((issue) => issue.layerIndex === null);
  }

  issuesAt(index: number): ValidationIssue[] {
    return this.report.issues.filter((issue) => issue.layerIndex === index);
  }

  add(type: LayerType, at: number = this.layers.length): void {
    const position = clamp(at, 0, this.layers.length);
    this.layers.splice(position, 0, this.#wrap(defaultLayer(type)));
  }

  remove(index: number): void {
    if (index >= 0 && index < this.layers.length) this.layers.splice(index, 1);
  }

  duplicate(index: number): void {
    const layer = this.layers[index];
    if (!layer) return;
    this.layers.splice(index + 1, 0, this.#wrap($state.snapshot(layer.spec) as LayerSpec));
  }

  /** Moves a layer to a new position; returns where it ended up. */
  move(from: number, to: number): number {
    if (from < 0 || from >= this.layers.length) return from;
    const target = clamp(to, 0, this.layers.length - 1);
    if (target === from) return from;
    const [layer] = this.layers.splice(from, 1);
    this.layers.splice(target, 0, layer);
    return target;
  }

  update(index: number, patch: LayerPatch): void {
    const layer = this.layers[index];
    if (!layer) return;
    const { type: _ignored, ...fields } = patch;
    Object.assign(layer.spec, fields);
  }

  setLayers(layers: LayerSpec[]): void {
    this.layers = layers.map((spec) => this.#wrap(structuredClone(spec)));
  }

  loadPreset(preset: Preset): void {
    this.setLayers(preset.layers);
    this.hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...preset.hyperparameters };
    this.presetId = preset.id;
    this.#presetLayersJson = JSON.stringify(preset.layers);
    this.forkedFrom = null;
  }

  /** Loads an existing run's exact settings (a fork). */
  loadFork(fork: ForkSettings): void {
    this.setLayers(fork.layers);
    this.hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...structuredClone(fork.hyperparameters) };
    this.name = fork.name;
    this.presetId = fork.presetId;
    this.#presetLayersJson = fork.presetId ? JSON.stringify(fork.layers) : '';
    this.forkedFrom = fork.fromRunId;
  }

  setHyperparameters(values: Hyperparameters): void {
    this.hyperparameters = { ...values };
  }

  /** The request to start a run, or null while any problem remains. */
  toStartRequest(): StartRunRequest | null {
    const hyperparameters = this.settings.value;
    if (this.blockingReason !== null || hyperparameters === null) return null;
    const layers = this.specs;
    const unchangedPreset = this.presetId !== null && JSON.stringify(layers) === this.#presetLayersJson;
    const name = this.name.trim();
    return {
      ...(name ? { name } : {}),
      presetId: unchangedPreset ? this.presetId : null,
      layers,
      hyperparameters,
      // A fork records the run it came from, even when nothing was changed.
      ...(this.forkedFrom !== null ? { parentRunId: this.forkedFrom } : {}),
    };
  }

  #wrap(spec: LayerSpec): DesignLayer {
    return { key: this.#nextKey++, spec };
  }
}

function withIssuesFirst(report: ArchitectureReport, issues: ValidationIssue[]): ArchitectureReport {
  return issues.length === 0 ? report : { ...report, issues: [...issues, ...report.issues] };
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

function describeBlockers(architecture: ValidationIssue[], settings: ValidationIssue[]): string | null {
  const total = architecture.length + settings.length;
  if (total === 0) return null;
  const first = architecture[0] ?? settings[0];
  if (total === 1) return `Fix this first: ${first.message}`;
  return `Fix ${total} problems first. The first: ${first.message}`;
}

export const designer = new DesignerState();
