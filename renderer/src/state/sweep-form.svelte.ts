/**
 * The sweep form's draft and the main side's plan of it. Planning is debounced: the form re-plans
 * a moment after the user stops typing, and only the newest plan is shown.
 */
import type { LabApi } from '../../../common/ipc/contract';
import type { ValidationIssue } from '../../../common/layers/types';
import type { SweepPlan, SweepSpec, SweepSummary } from '../../../common/sweeps/types';
import { api as defaultApi } from '../lib/api';
import { newParameter, type CheckedDraft, type ParameterDraft, type SweepBase, type SweepDraft } from '../lib/sweep-draft';

const PLAN_DELAY_MS = 300;

/** A new sweep starts by varying the learning rate, the setting most worth sweeping. */
const FIRST_KEY = 'learningRate';
const RANDOM_TRIALS = 10;

export class SweepFormState {
  draft = $state<SweepDraft>(emptyDraft());
  /** The main side's plan of the current draft; null while it is being planned or has an empty number. */
  plan = $state.raw<SweepPlan | null>(null);
  planError = $state<string | null>(null);
  starting = $state(false);
  /** Problems the main side gave when starting was refused. */
  startIssues = $state.raw<ValidationIssue[]>([]);

  #api: LabApi;
  #delayMs: number;
  #nextId = 1;
  #timer: ReturnType<typeof setTimeout> | null = null;
  #generation = 0;

  constructor(api: LabApi = defaultApi, delayMs = PLAN_DELAY_MS) {
    this.#api = api;
    this.#delayMs = delayMs;
  }

  /** A fresh draft over this base: one parameter, the learning rate, at its current value. */
  reset(base: Pick<SweepBase, 'layers' | 'hyperparameters'>): void {
    this.draft = { ...emptyDraft(), parameters: [newParameter(this.#nextId++, FIRST_KEY, base)] };
    this.plan = null;
    this.startIssues = [];
  }

  addParameter(key: string, base: Pick<SweepBase, 'layers' | 'hyperparameters'>): void {
    this.draft.parameters.push(newParameter(this.#nextId++, key, base));
  }

  /** Another key for a parameter: its values restart from the base's value of that key. */
  changeKey(id: number, key: string, base: Pick<SweepBase, 'layers' | 'hyperparameters'>): void {
    const index = this.draft.parameters.findIndex((p) => p.id === id);
    if (index >= 0) this.draft.parameters[index] = { ...newParameter(id, key, base), mode: this.draft.parameters[index].mode };
  }

  updateParameter(id: number, patch: Partial<Omit<ParameterDraft, 'id'>>): void {
    const parameter = this.draft.parameters.find((p) => p.id === id);
    if (parameter) Object.assign(parameter, patch);
  }

  /** A random search needs a budget (10 to start with); halving runs the whole grid unless given one. */
  setStrategy(kind: SweepDraft['strategy']): void {
    this.draft.strategy = kind;
    if (kind === 'random') this.draft.trials ??= RANDOM_TRIALS;
    if (kind === 'halving') this.draft.trials = null;
  }

  removeParameter(id: number): void {
    this.draft.parameters = this.draft.parameters.filter((p) => p.id !== id);
  }

  /** Plans the draft's spec after a pause in editing; one with an empty number is not sent. */
  schedulePlan(checked: CheckedDraft): void {
    this.cancelPlan();
    const generation = ++this.#generation;
    this.plan = null;
    this.planError = null;
    if (!checked.plannable) return;
    this.#timer = setTimeout(async () => {
      this.#timer = null;
      const result = await this.#api.planSweep(checked.spec);
      if (generation !== this.#generation) return;
      if (result.ok) this.plan = result.value;
      else this.planError = result.error.message;
    }, this.#delayMs);
  }

  cancelPlan(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
  }

  /** Starts the sweep; returns it, or the main side's message (its issues go to `startIssues`). */
  async start(spec: SweepSpec): Promise<{ ok: true; sweep: SweepSummary } | { ok: false; message: string }> {
    this.starting = true;
    this.startIssues = [];
    try {
      const result = await this.#api.startSweep(spec);
      if (!result.ok) {
        this.startIssues = result.error.issues ?? [];
        return { ok: false, message: result.error.message };
      }
      return { ok: true, sweep: result.value };
    } finally {
      this.starting = false;
    }
  }
}

function emptyDraft(): SweepDraft {
  return { name: '', parameters: [], seeds: 1, strategy: 'grid', trials: RANDOM_TRIALS, minEpochs: 1, reduction: 3, metric: 'bestValAccuracy', trialsAtOnce: 1 };
}
