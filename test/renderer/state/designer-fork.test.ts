import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../common/layers/presets';
import { DesignerState } from '../../../renderer/src/state/designer.svelte';
import { makeRunSummary } from '../fake-api';
import { forkSettings } from '../../../renderer/src/lib/fork';

describe('a fork launched from the designer', () => {
  it('records the run it came from as the new run’s parent, edited or not', () => {
    const designer = new DesignerState();
    const run = makeRunSummary({ id: 7, name: 'wide' });
    designer.loadFork(forkSettings(run));
    expect(designer.toStartRequest()).toMatchObject({ parentRunId: 7, layers: run.layers, hyperparameters: run.hyperparameters });
    designer.duplicate(0);
    expect(designer.toStartRequest()?.parentRunId).toBe(7);
  });

  it('has no parent once a preset replaces the forked design', () => {
    const designer = new DesignerState();
    designer.loadFork(forkSettings(makeRunSummary({ id: 7 })));
    designer.loadPreset(PRESETS[0]);
    expect(designer.toStartRequest()).not.toHaveProperty('parentRunId');
  });
});
