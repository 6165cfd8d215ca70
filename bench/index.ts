/**
 * `npm run bench`: training throughput of the presets on every TensorFlow.js backend that loads
 * here, one JSON line per measurement, with the plain cpu backend timed in the same run (a few
 * steps) as the baseline ratio, and PyTorch on the CPU as an outside reference when installed.
 */
import { PRESETS } from '../common/layers/presets';
import type { Preset } from '../common/ipc/contract';
import type { BackendId } from '../common/training/hyperparameters';
import { defaultMnistDir, loadMnist, type RawSplit } from '../main/data/mnist';
import { loadTf, probeBackends } from '../main/training/backends';
import { parseBenchArgs, USAGE, type BenchOptions } from './args';
import { measureTraining } from './measure';
import { round } from './stats';
import { timeToAccuracy } from './to-accuracy';
import { runTorchReference, TORCH_BATCH_SIZE, TORCH_KINDS, torchAvailable } from './torch';

const print = (line: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify(line)}\n`);
};

function selectPresets(ids: string[]): Preset[] {
  if (ids.length === 0) return PRESETS;
  return ids.map((id) => {
    const preset = PRESETS.find((p) => p.id === id);
    if (!preset) throw new Error(`Unknown model ${JSON.stringify(id)}: choose from ${PRESETS.map((p) => p.id).join(', ')}.`);
    return preset;
  });
}

/** The backends to time: the one asked for, or every one that loads ('auto'); cpu is the baseline then. */
async function selectBackends(options: BenchOptions): Promise<BackendId[]> {
  if (options.backend !== 'auto') return [options.backend];
  const probes = await probeBackends();
  for (const p of probes) if (!p.available) print({ backend: p.backend, available: false, reason: p.reason, fix: p.fix });
  return probes.filter((p) => p.available && p.backend !== 'cpu').map((p) => p.backend);
}

interface Measured {
  backend: BackendId;
  model: string;
  batchSize: number;
  median: number;
}

async function measureOne(
  backend: BackendId,
  preset: Preset,
  train: RawSplit,
  batchSize: number,
  plan: { steps: number; repeats: number; warmup: number },
  baseline: number | null,
): Promise<Measured | null> {
  try {
    const { tf, info } = await loadTf(backend);
    const stats = await measureTraining(tf, train, { layers: preset.layers, batchSize, ...plan });
    print({
      backend,
      model: preset.id,
      batchSize,
      samplesPerSec: round(stats.median),
      repeats: plan.repeats,
      steps: plan.steps,
      min: round(stats.min),
      median: round(stats.median),
      max: round(stats.max),
      msPerStep: round((1000 * batchSize) / stats.median),
      vsCpu: baseline ? round(stats.median / baseline) : null,
      finalLoss: round(stats.finalLoss, 4),
      device: info.device,
      threads: info.threads,
      tfjsVersion: info.tfjsVersion,
    });
    return { backend, model: preset.id, batchSize, median: stats.median };
  } catch (error) {
    print({ backend, model: preset.id, batchSize, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

async function benchThroughput(options: BenchOptions, presets: Preset[], backends: BackendId[]): Promise<Measured[]> {
  const { train } = await loadMnist();
  const measured: Measured[] = [];
  for (const preset of presets) {
    const batchSize = options.batchSize ?? preset.hyperparameters.batchSize ?? 128;
    const plan = { steps: options.steps, repeats: options.repeats, warmup: options.warmup };
    let baseline: number | null = null;
    if (!backends.includes('cpu') && options.cpuSteps > 0) {
      const cpu = await measureOne('cpu', preset, train, batchSize, { steps: options.cpuSteps, repeats: 1, warmup: 1 }, null);
      baseline = cpu?.median ?? null;
      if (cpu) measured.push(cpu);
    }
    for (const backend of backends) {
      const result = await measureOne(backend, preset, train, batchSize, plan, backend === 'cpu' ? null : baseline);
      if (result) measured.push(result);
    }
  }
  return measured;
}

function benchTorch(options: BenchOptions, presets: Preset[], measured: Measured[]): void {
  const wanted = presets.filter((p) => TORCH_KINDS[p.id]);
  if (wanted.length === 0 || !torchAvailable()) return;
  for (const preset of wanted) {
    const torch = runTorchReference(defaultMnistDir(), TORCH_KINDS[preset.id], options.torchThreads, options.steps);
    if (!torch) {
      print({ backend: 'pytorch-cpu', model: preset.id, error: 'torch_reference.py failed' });
      continue;
    }
    print({ backend: 'pytorch-cpu', model: preset.id, batchSize: TORCH_BATCH_SIZE, samplesPerSec: torch.median, repeats: 3, steps: options.steps, min: torch.min, median: torch.median, threads: torch.threads });
    // A ratio only means something at the same batch size (pass --batch 128 for every preset).
    for (const m of measured.filter((x) => x.model === preset.id && x.batchSize === TORCH_BATCH_SIZE)) {
      print({ ratio: `${m.backend}/pytorch-cpu`, model: preset.id, batchSize: TORCH_BATCH_SIZE, value: round(m.median / torch.median) });
    }
  }
}

async function benchToAccuracy(options: BenchOptions, presets: Preset[], backends: BackendId[], target: number): Promise<void> {
  for (const backend of backends) {
    for (const preset of presets) {
      try {
        const result = await timeToAccuracy(preset, backend, target, options.batchSize);
        print({ backend, model: preset.id, mode: 'to-accuracy', target, ...result, seconds: round(result.seconds), valAccuracy: round(result.valAccuracy, 4) });
      } catch (error) {
        print({ backend, model: preset.id, mode: 'to-accuracy', target, error: error instanceof Error ? error.message : String(error) });
      }
    }
  }
}

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const presets = selectPresets(options.models);
  const backends = await selectBackends(options);
  if (options.toAccuracy !== null) {
    await benchToAccuracy(options, presets, backends, options.toAccuracy);
    return 0;
  }
  const measured = await benchThroughput(options, presets, backends);
  benchTorch(options, presets, measured);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
