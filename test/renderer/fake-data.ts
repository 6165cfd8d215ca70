/**
 * Sample data for component tests: plausible runs, metrics, presets and a doctor report. Every
 * builder takes overrides, so a test states only what it cares about.
 */
import type { DoctorReport, PredictionResult, Preset, ViewReading } from '../../common/ipc/contract';
import { READING_VIEWS } from '../../common/image/views';
import type { LayerSpec } from '../../common/layers/types';
import { DEFAULT_HYPERPARAMETERS, type Hyperparameters } from '../../common/training/hyperparameters';
import { seriesFromPoints } from '../../common/training/metric-series';
import type { MetricPoint, RunDetail, RunSummary } from '../../common/training/run';

export const SMALL_LAYERS: LayerSpec[] = [
  { type: 'conv2d', filters: 8, kernelSize: 3, strides: 1, padding: 'valid', activation: 'relu' },
  { type: 'maxPooling2d', poolSize: 2, strides: 2, padding: 'valid' },
  { type: 'flatten' },
  { type: 'dense', units: 10, activation: 'softmax' },
];

export const FAKE_PRESETS: Preset[] = [
  {
    id: 'tiny',
    name: 'Tiny CNN',
    description: 'One small convolution, for quick checks.',
    layers: SMALL_LAYERS,
    hyperparameters: { epochs: 1 },
  },
  {
    id: 'mlp',
    name: 'Dense only',
    description: 'A flatten and two dense layers.',
    layers: [
      { type: 'flatten' },
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
    hyperparameters: {},
  },
];

let nextDefaultId = 1000;

/** A plausible finished run; every field can be overridden. */
export function makeRunSummary(overrides: Partial<RunSummary> = {}): RunSummary {
  const id = overrides.id ?? nextDefaultId++;
  const hyperparameters: Hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...(overrides.hyperparameters ?? {}) };
  const createdAt = overrides.createdAt ?? Date.UTC(2026, 0, 1) + id * 60_000;
  return {
    id,
    name: `run ${id}`,
    status: 'completed',
    presetId: 'tiny',
    layers: SMALL_LAYERS,
    params: 13_610,
    backend: 'wasm',
    device: 'CPU',
    tfjsVersion: '4.22.0',
    threads: 1,
    seed: hyperparameters.seed,
    createdAt,
    startedAt: createdAt + 1_000,
    finishedAt: createdAt + 61_000,
    epochsDone: hyperparameters.epochs,
    bestValAccuracy: 0.95,
    bestEpoch: hyperparameters.epochs,
    finalValAccuracy: 0.95,
    testAccuracy: 0.94,
    testLoss: 0.2,
    realWorldAccuracy: null,
    realWorldViews: null,
    error: null,
    notes: '',
    tags: [],
    starred: false,
    deletedAt: null,
    parentRunId: null,
    relation: null,
    ...overrides,
    hyperparameters,
  };
}

/** Epoch-level loss/accuracy points for train and val, so charts have something to draw. */
export function makeEpochMetrics(epochs: number, start = Date.UTC(2026, 0, 1)): MetricPoint[] {
  const points: MetricPoint[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    const time = start + epoch * 10_000;
    const step = epoch * 100;
    for (const split of ['train', 'val'] as const) {
      const offset = split === 'val' ? 0.02 : 0;
      points.push({ name: 'loss', split, kind: 'epoch', step, epoch, value: 1 / (epoch + 1) + offset, time });
      points.push({ name: 'accuracy', split, kind: 'epoch', step, epoch, value: 0.9 + epoch * 0.01 - offset, time });
    }
    points.push({ name: 'lr', split: 'train', kind: 'epoch', step, epoch, value: 0.001, time });
  }
  return points;
}

/** A run's details; its metrics are given as points, as they are easiest to write. */
export function makeRunDetail(overrides: Partial<Omit<RunDetail, 'metrics'>> & { metrics?: MetricPoint[] } = {}): RunDetail {
  const { metrics, metricsUpTo, confusion, perClass, realWorld, models, family, ...summary } = overrides;
  const base = makeRunSummary(summary);
  const finished = base.status === 'completed';
  const points = metrics ?? (finished ? makeEpochMetrics(base.epochsDone) : []);
  return {
    ...base,
    metrics: seriesFromPoints(points),
    // Points are numbered from 1 in the order given.
    metricsUpTo: metricsUpTo ?? points.length,
    confusion: confusion !== undefined ? confusion : finished ? identityConfusion(100) : null,
    perClass:
      perClass !== undefined
        ? perClass
        : finished
          ? Array.from({ length: 10 }, () => ({ precision: 1, recall: 1, support: 100 }))
          : null,
    realWorld: realWorld ?? null,
    models: models ?? [],
    family: family ?? { parent: null, children: [] },
  };
}

function identityConfusion(perClass: number): number[][] {
  return Array.from({ length: 10 }, (_, row) => Array.from({ length: 10 }, (_, col) => (row === col ? perClass : 0)));
}

export function fakeDoctorReport(): DoctorReport {
  return {
    backends: [
      {
        backend: 'tfjs-node-gpu',
        available: false,
        reason: 'The CUDA build of TensorFlow is not installed.',
        fix: 'Install CUDA 11.8 and cuDNN 8, then reinstall.',
      },
      { backend: 'tfjs-node', available: false, reason: 'The native TensorFlow binding is missing.', fix: 'Reinstall.' },
      { backend: 'wasm', available: true, reason: null, fix: null },
      { backend: 'cpu', available: true, reason: null, fix: null },
    ],
    autoBackend: 'wasm',
    versions: { tfjs: '4.22.0', node: '20.20.2' },
    homeDir: '/home/user/.mnist-lab',
    dbFile: '/home/user/.mnist-lab/lab.sqlite',
    platform: 'linux x64',
  };
}

/** Pictures of the reading steps as the main side sends them: small gray images, ink 255 on 0. */
/** Every view of a digit read as `label` but the last, which reads the next digit; all with `input`. */
export function fakeViewReadings(label: number, input: number[]): ViewReading[] {
  return READING_VIEWS.map((name, i) => (i < READING_VIEWS.length - 1 ? { name, input, label, probability: 0.9 } : { name, input, label: (label + 1) % 10, probability: 0.55 }));
}

export function fakeReadingSteps(): Extract<PredictionResult, { ok: true }>['steps'] {
  const picture = (width: number, height: number) => ({ width, height, pixels: Array.from({ length: width * height }, (_, i) => (i % 3 === 0 ? 255 : 0)) });
  return { ink: picture(56, 42), cropped: picture(30, 40), normalised: picture(26, 40) };
}
