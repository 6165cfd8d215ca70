/** A run's exact settings, to design a new run from it. */
import type { RunSummary } from '../../../common/training/run';
import type { ForkSettings } from '../state/nav.svelte';

export function forkSettings(run: RunSummary): ForkSettings {
  return {
    fromRunId: run.id,
    name: `${run.name} (fork)`,
    presetId: run.presetId,
    layers: structuredClone(run.layers),
    hyperparameters: structuredClone(run.hyperparameters),
  };
}
