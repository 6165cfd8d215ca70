/** Command-line flags of `npm run bench`. */
import { OPTIONAL_STEPS, type OptionalStep } from '../common/image/preprocess';
import { BACKEND_CHOICES, WORKER_CHOICES, type BackendChoice, type WorkersChoice } from '../common/training/hyperparameters';
import { LOOKS, type Look } from './real-writers-looks';

export interface BenchOptions {
  /** 'auto' measures every backend that loads here. */
  backend: BackendChoice;
  /** Preset ids; empty for all presets. */
  models: string[];
  /** Timed training steps per repeat. */
  steps: number;
  repeats: number;
  /** Untimed steps first (kernel setup, XNNPACK operator creation, heap growth). */
  warmup: number;
  /** Worker settings to time each backend with (the plain cpu baseline always uses one). */
  workers: WorkersChoice[];
  /** Overrides each preset's own batch size. */
  batchSize: number | null;
  /** Steps (one repeat) for the plain cpu baseline, which is ~100x slower. 0 skips the baseline. */
  cpuSteps: number;
  /** Train with the real trainer until this validation accuracy, instead of timing steps. */
  toAccuracy: number | null;
  /** Seeds for the --to-accuracy runs, one full run each; empty for the preset's own seed. */
  seeds: number[];
  /** What to measure besides --to-accuracy. */
  parts: BenchPart[];
  /** Runs in the store for the run-listing timing. */
  runCount: number;
  /** Training images of each trial in the trials timing. */
  trialImages: number;
  /** Training images of each epoch in the streaming comparison. */
  streamImages: number;
  /** The run whose model `--parts real-world` scores (null: train a one-epoch default run first). */
  runId: number | null;
  /** The data folder that run lives in (null: the default one). */
  home: string | null;
  /** Preprocessing steps `--parts real-world` and `real-writers` switch off. */
  without: OptionalStep[];
  /** scikit-learn's digits.csv.gz, for `--parts real-writers`. */
  optdigits: string;
  /** The looks `--parts real-writers` draws its digits in. */
  looks: Look[];
  /** With --to-accuracy: after each seed's run, train its PyTorch twin and print the pair. */
  vsTorch: boolean;
  /** Threads for PyTorch; null: as many as the project uses (its run's threads, or its 'auto' workers). */
  torchThreads: number | null;
  /** Renderer timings in headless Chromium (bench/ui.ts) instead of everything else; empty when not asked for. */
  ui: UiPart[];
  help: boolean;
}

export const UI_PARTS = ['table', 'compare'] as const;
export type UiPart = (typeof UI_PARTS)[number];

/** Where Debian's python3-sklearn puts UCI's optical digits (`apt-get install python3-sklearn`). */
export const DEBIAN_OPTDIGITS = '/usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz';

export const BENCH_PARTS = ['throughput', 'inference', 'store', 'streaming', 'trials', 'real-world', 'real-writers', 'kernels'] as const;
export type BenchPart = (typeof BENCH_PARTS)[number];

export const USAGE = `Usage: npm run bench -- [options]
  --backend <auto|tfjs-node-gpu|tfjs-node|wasm|cpu>  backend(s) to time (default auto: every one that loads)
  --model <id[,id...]>      presets to time (default: all), e.g. tfjs-tiny,std
  --steps <n>               timed training steps per repeat (default 20)
  --repeats <n>             timed repeats; min and median are reported (default 3)
  --warmup <n>              untimed steps first (default 3)
  --workers <list>          worker settings to time each backend with (default 1,auto: one thread, then
                            the batch split across this machine's cores); the cpu baseline uses 1
  --batch <n>               batch size for every model (default: each preset's own)
  --cpu-steps <n>           timed steps for the plain cpu baseline, after one untimed (default 1; 0 skips it)
  --to-accuracy <0..1>      one full \`mnist-lab train --json\` run per model and seed (default model: the default
                            preset); reports wall time and TEST accuracy against this target
  --seed <n[,n...]>         seeds for --to-accuracy runs (default: the preset's own)
  --vs-torch                with --to-accuracy: after each seed's run, train its PyTorch twin (bench/torch/twin.py:
                            the same layers and settings, read back from the recorded run) with /usr/bin/python3 and
                            Debian's python3-torch, timed the same way (spawn to exit); prints each pair, then the
                            median ratio project/torch and the load average. Skipped with a message without PyTorch
  --parts <list>            what to time (default throughput,inference,store): throughput (training steps per
                            backend), inference (one dropped image), store (listing --runs runs), streaming
                            (1 epoch on 10,000 images through \`mnist-lab serve\`'s server with the served page open on
                            Live run vs the command line, alternating, --repeats times each), trials (two sweep
                            trials of the default preset, 1 epoch on --trial-images images: one after the other with 2
                            workers vs both at once with 1 worker each, alternating, --repeats times each),
                            real-world (a run's accuracy per style on bench/real-world/, and on 1,000 MNIST test
                            digits printed 4x dark on white), real-writers (a run's accuracy on 1,797 digits by 43
                            people outside MNIST, UCI's optical digits from Debian's python3-sklearn, drawn in each of
                            --looks, read by the app and by an MNIST-faithful reference), kernels (per-kernel time of one worker's share of a
                            step of --model, default the default preset, at its batch size split over the 'auto'
                            workers, over --steps steps)
  --run <id>                the run --parts real-world and real-writers score (default: trains a default-preset
                            run, 1 epoch for real-world, the preset's own 2 for real-writers)
  --home <dir>              the data folder of --run (default: $MNIST_LAB_HOME or the app's)
  --without <list>          reading steps --parts real-world, real-writers and inference switch off: ${OPTIONAL_STEPS.join(', ')}
  --optdigits <file>        scikit-learn's digits.csv.gz for --parts real-writers (default: Debian's, ${DEBIAN_OPTDIGITS})
  --looks <list>            how --parts real-writers draws its digits (default all): ${LOOKS.join(', ')}
  --runs <n>                runs in the store for the listing timing (default 10000)
  --trial-images <n>        training images of each trial for --parts trials (default 10000)
  --stream-images <n>       training images of each run for --parts streaming (default 10000; more evens out start-up)
  --torch-threads <n>       threads for PyTorch (default: as many as the project uses, its worker count on wasm)
  --ui[=table|compare]      only the renderer timings, in headless Chromium (/usr/bin/chromium) on the built
                            renderer (run \`npx electron-vite build\` after renderer changes; built when missing):
                            the Runs table over --runs runs and the Compare chart of 20 runs x 20 epochs of
                            per-batch points; --repeats times each (default 3)
Prints one JSON line per measurement.`;

const DEFAULTS: BenchOptions = {
  backend: 'auto',
  models: [],
  steps: 20,
  repeats: 3,
  warmup: 3,
  workers: ['1', 'auto'],
  batchSize: null,
  cpuSteps: 1,
  toAccuracy: null,
  seeds: [],
  parts: ['throughput', 'inference', 'store'],
  runCount: 10_000,
  trialImages: 10_000,
  streamImages: 10_000,
  runId: null,
  home: null,
  without: [],
  optdigits: DEBIAN_OPTDIGITS,
  looks: [...LOOKS],
  vsTorch: false,
  torchThreads: null,
  ui: [],
  help: false,
};

function positiveInt(flag: string, text: string | undefined, allowZero = false): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) throw new Error(`${flag} needs a whole number${allowZero ? '' : ' above 0'}, got ${JSON.stringify(text)}.`);
  return value;
}

/** A comma-separated list of at least one of `choices`. */
function choiceList<T extends string>(flag: string, text: string | undefined, choices: readonly T[]): T[] {
  const items = (text ?? '').split(',').map((item) => item.trim()).filter(Boolean);
  const unknown = items.find((item) => !choices.includes(item as T));
  if (unknown !== undefined || items.length === 0) throw new Error(`${flag} takes a list of ${choices.join(', ')}, got ${JSON.stringify(unknown ?? '')}.`);
  return items as T[];
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS, models: [], seeds: [], parts: [...DEFAULTS.parts], ui: [], workers: [...DEFAULTS.workers], without: [], looks: [...DEFAULTS.looks] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2) as [string, string | undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--backend': {
        const choice = value();
        if (!BACKEND_CHOICES.includes(choice as BackendChoice)) throw new Error(`--backend must be one of ${BACKEND_CHOICES.join(', ')}, got ${JSON.stringify(choice)}.`);
        options.backend = choice as BackendChoice;
        break;
      }
      case '--model':
        options.models.push(...(value() ?? '').split(',').map((m) => m.trim()).filter(Boolean));
        break;
      case '--steps':
        options.steps = positiveInt(flag, value());
        break;
      case '--repeats':
        options.repeats = positiveInt(flag, value());
        break;
      case '--warmup':
        options.warmup = positiveInt(flag, value(), true);
        break;
      case '--workers':
        options.workers = choiceList(flag, value(), WORKER_CHOICES);
        break;
      case '--batch':
        options.batchSize = positiveInt(flag, value());
        break;
      case '--cpu-steps':
        options.cpuSteps = positiveInt(flag, value(), true);
        break;
      case '--seed':
        options.seeds.push(...(value() ?? '').split(',').filter(Boolean).map((seed) => positiveInt(flag, seed, true)));
        break;
      case '--parts':
        options.parts = choiceList(flag, value(), BENCH_PARTS);
        break;
      case '--runs':
        options.runCount = positiveInt(flag, value());
        break;
      case '--trial-images':
        options.trialImages = positiveInt(flag, value());
        break;
      case '--stream-images':
        options.streamImages = positiveInt(flag, value());
        break;
      case '--run':
        options.runId = positiveInt(flag, value());
        break;
      case '--home':
        options.home = value() ?? null;
        break;
      case '--without':
        options.without = choiceList(flag, value(), OPTIONAL_STEPS);
        break;
      case '--looks':
        options.looks = choiceList(flag, value(), LOOKS);
        break;
      case '--optdigits':
        options.optdigits = value() ?? '';
        break;
      case '--torch-threads':
        options.torchThreads = positiveInt(flag, value());
        break;
      case '--vs-torch':
        options.vsTorch = true;
        break;
      case '--to-accuracy': {
        const target = Number(value());
        if (!(target > 0 && target < 1)) throw new Error('--to-accuracy needs a fraction between 0 and 1, e.g. 0.99.');
        options.toAccuracy = target;
        break;
      }
      case '--ui': {
        // A value only inline (--ui=compare): a bare --ui must not swallow the next flag.
        const parts = inline === undefined ? [...UI_PARTS] : inline.split(',').map((p) => p.trim()).filter(Boolean);
        const unknown = parts.find((p) => !UI_PARTS.includes(p as UiPart));
        if (unknown !== undefined || parts.length === 0) throw new Error(`--ui takes ${UI_PARTS.join(' or ')}, got ${JSON.stringify(unknown ?? '')}.`);
        options.ui = parts as UiPart[];
        break;
      }
      case '--help':
      case '-h':
        options.help = true;
        break;
      default:
        throw new Error(`Unknown option ${JSON.stringify(argv[i])}.\n${USAGE}`);
    }
  }
  if (options.vsTorch && options.toAccuracy === null) throw new Error('--vs-torch compares full runs: add --to-accuracy, e.g. --to-accuracy 0.99.');
  return options;
}
