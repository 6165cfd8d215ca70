/**
 * The Compute setting: where the app trains by default, this machine or a Slurm cluster, and the
 * cluster's settings. The main side keeps it in the data folder and checks it when saved (the
 * partition exists, the shared folder is writable); the form edits text and numbers as typed.
 */
import type { ComputeTarget } from '../../../common/compute/compute-target';
import { splitOptions } from '../../../common/compute/compute-target';
import type { LabApi } from '../../../common/ipc/contract';
import type { ValidationIssue } from '../../../common/layers/types';
import { api as defaultApi } from '../lib/api';

export interface ComputeForm {
  on: 'local' | 'slurm';
  sharedDir: string;
  partition: string;
  account: string;
  gpus: string;
  cpus: string;
  memory: string;
  timeLimit: string;
  maxRunning: string;
  extraOptions: string;
}

const EMPTY: ComputeForm = { on: 'local', sharedDir: '', partition: '', account: '', gpus: '', cpus: '', memory: '', timeLimit: '', maxRunning: '', extraOptions: '' };

export function formOf(target: ComputeTarget): ComputeForm {
  if (target.on === 'local') return { ...EMPTY };
  const s = target.slurm;
  const text = (v: string | number | undefined): string => (v === undefined ? '' : String(v));
  return {
    on: 'slurm',
    sharedDir: s.sharedDir,
    partition: text(s.partition),
    account: text(s.account),
    gpus: text(s.gpus),
    cpus: text(s.cpus),
    memory: text(s.memory),
    timeLimit: text(s.timeLimit),
    maxRunning: text(s.maxRunning),
    extraOptions: (s.extraOptions ?? []).join(' '),
  };
}

/** The form as the main side checks it: blank fields left out, numbers as numbers where they look like one. */
export function targetOf(form: ComputeForm): unknown {
  if (form.on === 'local') return { on: 'local' };
  const slurm: Record<string, unknown> = { sharedDir: form.sharedDir.trim() };
  const put = (key: string, raw: string, numeric = false): void => {
    const v = raw.trim();
    if (v !== '') slurm[key] = numeric && /^\d+$/.test(v) ? Number(v) : v;
  };
  put('partition', form.partition);
  put('account', form.account);
  put('gpus', form.gpus, true);
  put('cpus', form.cpus, true);
  put('memory', form.memory);
  put('timeLimit', form.timeLimit);
  put('maxRunning', form.maxRunning, true);
  if (form.extraOptions.trim() !== '') slurm.extraOptions = splitOptions(form.extraOptions);
  return { on: 'slurm', slurm };
}

export class ComputeSettingsState {
  /** As the data folder has it. */
  saved = $state.raw<ComputeTarget>({ on: 'local' });
  form = $state<ComputeForm>({ ...EMPTY });
  loaded = $state(false);
  saving = $state(false);
  error = $state<string | null>(null);
  issues = $state.raw<ValidationIssue[]>([]);

  #api: LabApi;

  constructor(api: LabApi = defaultApi) {
    this.#api = api;
  }

  async load(): Promise<void> {
    let result;
    try {
      result = await this.#api.getComputeSettings();
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      return;
    }
    if (!result.ok) {
      this.error = result.error.message;
      return;
    }
    this.saved = result.value;
    this.form = formOf(result.value);
    this.loaded = true;
  }

  /** True when saved; otherwise `error` and `issues` say why. */
  async save(): Promise<boolean> {
    this.saving = true;
    this.error = null;
    this.issues = [];
    try {
      const result = await this.#api.setComputeSettings(targetOf($state.snapshot(this.form)) as ComputeTarget);
      if (!result.ok) {
        this.error = result.error.message;
        this.issues = result.error.issues ?? [];
        return false;
      }
      this.saved = result.value;
      this.form = formOf(result.value);
      return true;
    } finally {
      this.saving = false;
    }
  }

  /** The problems about one field (`compute.slurm.partition`). */
  at(field: keyof ComputeForm): ValidationIssue[] {
    return this.issues.filter((i) => i.field === `compute.slurm.${field}`);
  }
}

/** The one Compute setting of the window: the Settings screen edits it, Train and the sweep form read it. */
export const computeSettings = new ComputeSettingsState();
