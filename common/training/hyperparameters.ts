/** Training settings, as a user sets them in the form or on the command line. */

export const OPTIMIZERS = ['adam', 'sgd', 'rmsprop'] as const;
export type OptimizerName = (typeof OPTIMIZERS)[number];

export const SCHEDULES = ['constant', 'step', 'oneCycle', 'cosine'] as const;
export type ScheduleName = (typeof SCHEDULES)[number];

/** 'auto' tries tfjs-node-gpu, tfjs-node, wasm, cpu in that order and takes the first that loads. */
export const BACKEND_CHOICES = ['auto', 'tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type BackendId = Exclude<BackendChoice, 'auto'>;

/**
 * How many training workers split each batch (data parallelism) on the single-threaded wasm and
 * cpu backends. 'auto' uses one per core while each gets at least 32 examples; native TensorFlow
 * already uses every core (or the GPU), so it always trains with one.
 */
export const WORKER_CHOICES = ['auto', '1', '2', '3', '4'] as const;
export type WorkersChoice = (typeof WORKER_CHOICES)[number];

/**
 * Augmentation: none; random whole-pixel shifts of up to 2 pixels; or 'handwriting', the ways
 * people's digits differ from MNIST's (small rotations, scale, shear, shifts, thicker and thinner
 * strokes, elastic wobble), for models that read dropped photos and drawings.
 */
export const AUGMENTATIONS = ['off', 'shift', 'handwriting'] as const;
export type Augmentation = (typeof AUGMENTATIONS)[number];
export const AUGMENTATION_LABELS: Record<Augmentation, string> = {
  off: 'Off',
  shift: 'Shifts (up to 2 pixels)',
  handwriting: 'Handwriting (rotate, scale, shear, shift, stroke width, elastic)',
};

export interface Hyperparameters {
  optimizer: OptimizerName;
  /** Peak learning rate (the maximum for one-cycle, the start for step/cosine). */
  learningRate: number;
  /** Momentum for sgd (ignored by adam and rmsprop). */
  momentum: number;
  /**
   * Adam's decay rates for its running means of the gradient and of its square (ignored by sgd and
   * rmsprop). Lower than the usual 0.9/0.999, Adam follows a fast one-cycle schedule more closely.
   */
  beta1: number;
  beta2: number;
  schedule: ScheduleName;
  /** Step decay: multiply the rate by stepFactor every stepEvery epochs. */
  stepEvery: number;
  stepFactor: number;
  batchSize: number;
  epochs: number;
  /** Fraction of the 60k training set held out for validation (0 to 0.5). */
  validationSplit: number;
  seed: number;
  /** Stop when validation loss has not improved for this many epochs; 0 turns early stopping off. */
  earlyStoppingPatience: number;
  /** How training images are varied, drawn from the seed (AUGMENTATIONS). */
  augment: Augmentation;
  /** Train on the first N training examples only (after the validation split); null for all. */
  trainLimit: number | null;
  /** Evaluate on the first N test examples only; null for the full 10k test set. */
  testLimit: number | null;
  backend: BackendChoice;
  workers: WorkersChoice;
}

/** How each setting is named in the app's forms and tables and in `mnist-lab compare`. */
export const HYPERPARAMETER_LABELS: Record<keyof Hyperparameters, string> = {
  optimizer: 'Optimizer',
  learningRate: 'Learning rate',
  momentum: 'Momentum',
  beta1: 'Adam beta 1',
  beta2: 'Adam beta 2',
  schedule: 'Schedule',
  stepEvery: 'Step every (epochs)',
  stepFactor: 'Step factor',
  batchSize: 'Batch size',
  epochs: 'Epochs',
  validationSplit: 'Validation split',
  seed: 'Seed',
  earlyStoppingPatience: 'Early stopping patience',
  augment: 'Augmentation',
  trainLimit: 'Training examples',
  testLimit: 'Test examples',
  backend: 'Backend',
  workers: 'Workers',
};

/**
 * Whether a setting means anything with the others chosen: momentum is SGD's, the betas are Adam's,
 * and the step size and factor belong to the step schedule. Forms hide, and tables leave out, the rest.
 */
export function settingApplies(key: keyof Hyperparameters, h: { optimizer?: OptimizerName | null; schedule?: ScheduleName | null }): boolean {
  if (key === 'momentum') return h.optimizer === 'sgd';
  if (key === 'beta1' || key === 'beta2') return h.optimizer === 'adam';
  if (key === 'stepEvery' || key === 'stepFactor') return h.schedule === 'step';
  return true;
}

export const DEFAULT_HYPERPARAMETERS: Hyperparameters = {
  optimizer: 'adam',
  learningRate: 0.001,
  momentum: 0.9,
  beta1: 0.9,
  beta2: 0.999,
  schedule: 'constant',
  stepEvery: 2,
  stepFactor: 0.5,
  batchSize: 128,
  epochs: 3,
  validationSplit: 0.1,
  seed: 42,
  earlyStoppingPatience: 0,
  augment: 'off',
  trainLimit: null,
  testLimit: null,
  backend: 'auto',
  workers: 'auto',
};

/**
 * Settings added after runs were already being recorded, with the value such older runs really
 * used: before the workers setting existed, every run trained on one worker; before the betas,
 * Adam ran with TensorFlow.js's defaults.
 */
const VALUES_BEFORE_THE_SETTING_EXISTED: Partial<Hyperparameters> = { workers: '1', beta1: 0.9, beta2: 0.999 };

/**
 * Augmentation was first an on/off switch for the 2-pixel shifts: true and false, as older runs,
 * designs and sweep files spell it, mean 'shift' and 'off'. Other values are left for validation.
 */
export function augmentationOf(value: unknown): unknown {
  return value === true ? 'shift' : value === false ? 'off' : value;
}

/** Fills in, on a freshly parsed stored settings object, the settings it predates and their older spellings. */
export function completeStoredHyperparameters(stored: Hyperparameters): Hyperparameters {
  const target = stored as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(VALUES_BEFORE_THE_SETTING_EXISTED)) {
    if (!(key in target)) target[key] = value;
  }
  if ('augment' in target) target.augment = augmentationOf(target.augment);
  return stored;
}
