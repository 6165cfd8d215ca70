/** The designer's and CLI's view of a stack: shapes, parameters and MACs per layer, totals, problems. */
import { walkLayers } from './shapes';
import type { ArchitectureReport, LayerSpec, LayerType } from './types';
import { validateArchitecture } from './validate';

/**
 * Shape inference from 28x28x1, parameter counts (as TensorFlow.js countParams() gives them,
 * batch-norm moving statistics included) and MACs (see shapes.ts for the convention), plus every
 * validation issue. Never throws, so it can run on each keystroke in the designer.
 */
export function analyzeArchitecture(layers: LayerSpec[]): ArchitectureReport {
  const stack: LayerSpec[] = Array.isArray(layers) ? layers : [];
  const steps = walkLayers(stack);
  const reports = steps.map((step, index) => ({
    index,
    type: (stack[index] as { type?: unknown } | null)?.type as LayerType,
    outputShape: step.output,
    params: step.params,
    macs: step.macs,
  }));
  return {
    layers: reports,
    totalParams: reports.reduce((total, layer) => total + layer.params, 0),
    totalMacs: reports.reduce((total, layer) => total + layer.macs, 0),
    issues: validateArchitecture(stack, steps),
  };
}
