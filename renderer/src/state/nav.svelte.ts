/**
 * Which screen is showing, and what it was opened with. One small global, because every screen
 * can send the user elsewhere (Runs -> Compare, Design -> Live run, ...).
 */
import type { LayerSpec } from '../../../common/layers/types';
import type { Hyperparameters } from '../../../common/training/hyperparameters';

export const SCREENS = ['design', 'live', 'runs', 'compare', 'sweeps', 'evaluate', 'test', 'doctor', 'settings'] as const;
export type Screen = (typeof SCREENS)[number];

/** Everything needed to design a new run exactly like an existing one. */
export interface ForkSettings {
  /** The run it came from, for the "forked from" note. */
  fromRunId: number | null;
  name: string;
  presetId: string | null;
  layers: LayerSpec[];
  hyperparameters: Hyperparameters;
}

export interface NavParams {
  /** Evaluate and Test: the run to show. */
  runId?: number | null;
  /** Compare: the runs to overlay. */
  runIds?: number[];
  /** Compare: open with runs that differ only by seed averaged (a sweep's trials). */
  grouped?: boolean;
  /** Design: settings to load (a fork of an existing run). */
  fork?: ForkSettings;
  /** Runs: a run whose details to open. */
  openRunId?: number;
  /** Sweeps: the sweep whose trials to show. */
  sweepId?: number;
}

export class NavState {
  screen = $state<Screen>('design');
  // Params are replaced as a whole on every navigation, never edited in place.
  params = $state.raw<NavParams>({});

  go(screen: Screen, params: NavParams = {}): void {
    this.params = params;
    this.screen = screen;
  }
}

export const nav = new NavState();
