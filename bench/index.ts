/**
 * `npm run bench`: training throughput of the presets on every TensorFlow.js backend that loads
 * here, one JSON line per measurement, with the plain cpu backend timed in the same run (a few
 * steps) as the baseline ratio, and PyTorch on the CPU as an outside reference when installed.
 */
import { loadavg } from 'node:os';
import { DEFAULT_PRESET_ID, PRESETS } from '../common/layers/presets';
import type { Preset } from '../common/ipc/contract';
import type { BackendId, WorkersChoice } from '../common/training/hyperparameters';
import { defaultMnistDir, loadMnist, type RawSplit } from '../main/data/mnist';
import { loadTf, probeBackends } from '../main/training/backends';
import { parseBenchArgs, USAGE, type BenchOptions } from './args';
import { measureTraining } from './measure';
import { benchRealWorld, withScoredRun } from './real-world';
import { benchRealWriters } from './real-writers';
import { measureInference, measureRunListing } from './services';
import { round, summarise } from './stats';
import { compareStreaming } from './streaming';
import { timeToAccuracy } from './to-accuracy';
import { compareTrialConcurrency } from './trials';
import { compareWithTorch } from './vs-torch';
import { profileKernels } from './kernels';
import { availableParallelism } from 'node:os';
import { resolveWorkerCount } from '../common/training/workers';
import { benchUi } from './ui';
import { freshBuiltEntry } from '../main/training/fresh-build';
import { runTorchReference, TORCH_BATCH_SIZE, TORCH_KINDS, torchAvailable } from './torch';
import { torchBlas } from './torch-env';

/** Every line carries the 1-minute load average: other work on this machine changes every timing. */
const print = (line: Record<string, unknown>): void => {
  process.stdout.write(`${JSON.stringify({ ...line, load: round(loadavg()[0]) })}\n`);
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
  workers: number;
  median: number;
}

async function measureOne(
  backend: BackendId,
  preset: Preset,
  train: RawSplit,
  batchSize: number,
  plan: { steps: number; repeats: number; warmup: number; workers: WorkersChoice },
  baseline: number | null,
): Promise<Measured | null> {
  try {
    const { tf, info } = await loadTf(backend);
    const stats = await measureTraining(tf, train, { backend, layers: preset.layers, batchSize, ...plan });
    print({
      backend,
      model: preset.id,
      batchSize,
      workers: stats.workers,
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
      threads: info.threads * stats.workers,
      tfjsVersion: info.tfjsVersion,
    });
    return { backend, model: preset.id, batchSize, workers: stats.workers, median: stats.median };
  } catch (error) {
    print({ backend, model: preset.id, batchSize, error: error instanceof Error ? error.message : String(error) });
    return null;
  }
}

async function benchThroughput(options: BenchOptions, presets: Preset[], backends: BackendId[], train: RawSplit): Promise<Measured[]> {
  const measured: Measured[] = [];
  for (const preset of presets) {
    const batchSize = options.batchSize ?? preset.hyperparameters.batchSize ?? 128;
    const plan = { steps: options.steps, repeats: options.repeats, warmup: options.warmup };
    let baseline: number | null = null;
    if (!backends.includes('cpu') && options.cpuSteps > 0) {
      const cpu = await measureOne('cpu', preset, train, batchSize, { steps: options.cpuSteps, repeats: 1, warmup: 1, workers: '1' }, null);
      baseline = cpu?.median ?? null;
      if (cpu) measured.push(cpu);
    }
    for (const backend of backends) {
      const seen = new Set<number>();
      for (const workers of options.workers) {
        const result = await measureOne(backend, preset, train, batchSize, { ...plan, workers }, backend === 'cpu' ? null : baseline);
        // 'auto' on one core, or on a native backend, is the same measurement as '1': print it, keep one.
        if (result && !seen.has(result.workers)) measured.push(result);
        if (result) seen.add(result.workers);
      }
    }
  }
  return measured;
}

function benchTorch(options: BenchOptions, presets: Preset[], measured: Measured[]): void {
  const wanted = presets.filter((p) => TORCH_KINDS[p.id]);
  if (wanted.length === 0 || !torchAvailable()) return;
  for (const preset of wanted) {
    // Equal cores by default: as many threads as the most workers the project was timed with.
    const workers = measured.filter((m) => m.model === preset.id && m.backend !== 'cpu').map((m) => m.workers);
    const threads = options.torchThreads ?? Math.max(1, ...workers);
    const torch = runTorchReference(defaultMnistDir(), TORCH_KINDS[preset.id], threads, options.steps);
    if (!torch) {
      print({ backend: 'pytorch-cpu', model: preset.id, error: 'torch_reference.py failed' });
      continue;
    }
    print({ backend: 'pytorch-cpu', model: preset.id, batchSize: TORCH_BATCH_SIZE, samplesPerSec: torch.median, repeats: 3, steps: options.steps, min: torch.min, median: torch.median, threads: torch.threads, blas: torchBlas() });
    // A ratio only means something at the same batch size (pass --batch 128 for every preset).
    for (const m of measured.filter((x) => x.model === preset.id && x.batchSize === TORCH_BATCH_SIZE)) {
      print({ ratio: `${m.backend}/pytorch-cpu`, workers: m.workers, torchThreads: torch.threads, model: preset.id, batchSize: TORCH_BATCH_SIZE, value: round(m.median / torch.median) });
    }
  }
}

/** Which worker the command line's runs start (main/training/fresh-build.ts): it moves their start by about half a second. */
function printTrainingWorker(): void {
  const built = freshBuiltEntry('worker.js');
  print({ trainingWorker: built ? `the build (${built})` : 'the sources through tsx: no build matches them (npm run build)' });
}

/** Full default runs through the command line: the target is judged on TEST accuracy. */
async function benchToAccuracy(options: BenchOptions, target: number): Promise<void> {
  printTrainingWorker();
  const presetIds = options.models.length > 0 ? options.models : [DEFAULT_PRESET_ID];
  // 'auto' is what a user's default run gets, so it is passed through rather than expanded.
  const backend = options.backend;
  const seeds: Array<number | null> = options.seeds.length > 0 ? options.seeds : [null];
  if (options.vsTorch) {
    for (const presetId of presetIds) await compareWithTorch({ presetId, backend, target, seeds, torchThreads: options.torchThreads }, print);
    return;
  }
  for (const presetId of presetIds) {
    const seconds: number[] = [];
    const accuracies: number[] = [];
    for (const seed of seeds) {
      const extra = seed === null ? [] : ['--seed', String(seed)];
      try {
        const r = await timeToAccuracy(presetId, backend, target, extra);
        if (r.testAccuracy !== null) {
          seconds.push(r.seconds);
          accuracies.push(r.testAccuracy);
        }
        print({ mode: 'to-accuracy', model: presetId, backend, seed, target, ...r, seconds: round(r.seconds), loadBefore: round(r.loadBefore), loadAfter: round(r.loadAfter) });
      } catch (error) {
        print({ mode: 'to-accuracy', model: presetId, backend, seed, target, error: error instanceof Error ? error.message : String(error) });
      }
    }
    if (seconds.length > 1) {
      const time = summarise(seconds);
      const accuracy = summarise(accuracies);
      print({ mode: 'to-accuracy-summary', model: presetId, backend, runs: seconds.length, target, allReached: accuracies.every((a) => a >= target), secondsMin: round(time.min), secondsMedian: round(time.median), secondsMax: round(time.max), testAccuracyMin: round(accuracy.min, 4), testAccuracyMedian: round(accuracy.median, 4) });
    }
  }
}

async function benchServices(options: BenchOptions, train: RawSplit | null): Promise<void> {
  if (options.parts.includes('inference')) {
    try {
      const data = train ?? (await loadMnist()).train;
      const ms = await measureInference(data, Math.max(10, options.repeats * 10), options.without);
      print({ measure: 'predict-one-image', unit: 'ms', targetMs: 50, without: options.without, prepare: round(ms.prepareMs), first: round(ms.first), min: round(ms.min), median: round(ms.median), max: round(ms.max), repeats: ms.runs.length });
    } catch (error) {
      print({ measure: 'predict-one-image', error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (options.parts.includes('store')) {
    try {
      const ms = await measureRunListing(options.runCount, Math.max(3, options.repeats));
      print({ measure: 'list-runs', unit: 'ms', runs: ms.listed, targetMs: 200, openStoreMedian: round(ms.openMedian), first: round(ms.first), min: round(ms.min), median: round(ms.median), max: round(ms.max), repeats: ms.runs.length });
    } catch (error) {
      print({ measure: 'list-runs', error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (options.parts.includes('streaming')) {
    printTrainingWorker();
    const backend: BackendId = options.backend === 'auto' ? 'wasm' : options.backend;
    try {
      const c = await compareStreaming(options.streamImages, backend, Math.max(3, options.repeats));
      const cli = summarise(c.cli);
      const app = summarise(c.app);
      print({
        measure: 'app-streaming-vs-cli',
        backend,
        trainImages: c.trainImages,
        cliSamplesPerSec: { median: round(cli.median), min: round(cli.min), runs: c.cli.map((v) => round(v)) },
        appSamplesPerSec: { median: round(app.median), min: round(app.min), runs: c.app.map((v) => round(v)) },
        ratio: round(c.ratio, 3),
        target: '>= 0.95',
        // Chromium's CPU time during the app's epoch, in cores (0.05 = 5% of one core): what the live view costs.
        browserCpuCores: c.browserCpuShare ? { median: round(summarise(c.browserCpuShare).median, 2), runs: c.browserCpuShare.map((v) => round(v, 2)) } : null,
      });
    } catch (error) {
      print({ measure: 'app-streaming-vs-cli', error: error instanceof Error ? error.message : String(error) });
    }
  }
  if (options.parts.includes('trials')) {
    const backend: BackendId = options.backend === 'auto' ? 'wasm' : options.backend;
    try {
      const rounds = await compareTrialConcurrency({ backend, trainImages: options.trialImages, repeats: Math.max(1, options.repeats) });
      for (const r of rounds) print({ measure: 'sweep-trials', backend, ...r, seconds: round(r.seconds), samplesPerSec: round(r.samplesPerSec), load: round(r.load) });
      const median = (way: string): number => summarise(rounds.filter((r) => r.way === way).map((r) => r.seconds)).median;
      print({ measure: 'sweep-trials-summary', backend, sequential2WorkersSeconds: round(median('sequential-2-workers')), concurrent1WorkerSeconds: round(median('concurrent-1-worker')), concurrentVsSequential: round(median('sequential-2-workers') / median('concurrent-1-worker'), 3) });
    } catch (error) {
      print({ measure: 'sweep-trials', error: error instanceof Error ? error.message : String(error) });
    }
  }
}

/** Per-kernel time of one worker's share of a step, on wasm unless --backend says otherwise. */
async function benchKernels(options: BenchOptions): Promise<void> {
  if (!options.parts.includes('kernels')) return;
  const backend: BackendId = options.backend === 'auto' ? 'wasm' : options.backend;
  const { tf } = await loadTf(backend);
  const train = (await loadMnist()).train;
  for (const preset of selectPresets(options.models.length > 0 ? options.models : [DEFAULT_PRESET_ID])) {
    const batchSize = options.batchSize ?? preset.hyperparameters.batchSize ?? 128;
    const workers = resolveWorkerCount({ choice: options.workers.at(-1) ?? 'auto', backend, batchSize, cores: availableParallelism() });
    const share = Math.ceil(batchSize / workers);
    const { kernels, msPerStep, cpuMsPerStep } = await profileKernels(tf, train, preset.layers, share, options.steps);
    print({ measure: 'kernels', backend, model: preset.id, batchSize, workers, share, msPerStep: round(msPerStep), cpuMsPerStep: round(cpuMsPerStep), kernelMs: round(kernels.reduce((a, k) => a + k.msPerStep, 0)) });
    for (const k of kernels.slice(0, 25)) print({ measure: 'kernel', model: preset.id, kernel: k.kernel, msPerStep: round(k.msPerStep), callsPerStep: round(k.calls) });
  }
}

async function benchRealWorldPart(options: BenchOptions): Promise<void> {
  if (!options.parts.includes('real-world')) return;
  try {
    await benchRealWorld({ runId: options.runId, home: options.home, without: options.without }, print);
  } catch (error) {
    print({ measure: 'real-world', error: error instanceof Error ? error.message : String(error) });
  }
}

async function benchRealWritersPart(options: BenchOptions): Promise<void> {
  if (!options.parts.includes('real-writers')) return;
  try {
    // Without --run: the default preset as a user gets it, its own two epochs.
    await withScoredRun(options, null, (runId, home, store) => benchRealWriters({ runId, home, store, file: options.optdigits, without: options.without, looks: options.looks }, print));
  } catch (error) {
    print({ measure: 'real-writers', error: error instanceof Error ? error.message : String(error) });
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
  if (options.ui.length > 0) {
    const plan = { runCount: options.runCount, repeats: options.repeats, compareRuns: 20, compareEpochs: 20, batchSize: 128 };
    await benchUi({ ...plan, parts: options.ui }, print);
    return 0;
  }
  if (options.toAccuracy !== null) {
    await benchToAccuracy(options, options.toAccuracy);
    return 0;
  }
  let train: RawSplit | null = null;
  if (options.parts.includes('throughput')) {
    const presets = selectPresets(options.models);
    const backends = await selectBackends(options);
    train = (await loadMnist()).train;
    const measured = await benchThroughput(options, presets, backends, train);
    benchTorch(options, presets, measured);
  }
  await benchServices(options, train);
  await benchRealWorldPart(options);
  await benchRealWritersPart(options);
  await benchKernels(options);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
