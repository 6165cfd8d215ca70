/** Command-line flags of `npm run bench`. */
import { BACKEND_CHOICES, type BackendChoice } from '../common/training/hyperparameters';

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
  /** Overrides each preset's own batch size. */
  batchSize: number | null;
  /** Steps (one repeat) for the plain cpu baseline, which is ~100x slower. 0 skips the baseline. */
  cpuSteps: number;
  /** Train with the real trainer until this validation accuracy, instead of timing steps. */
  toAccuracy: number | null;
  /** Threads for the optional PyTorch reference. */
  torchThreads: number;
  help: boolean;
}

export const USAGE = `Usage: npm run bench -- [options]
  --backend <auto|tfjs-node-gpu|tfjs-node|wasm|cpu>  backend(s) to time (default auto: every one that loads)
  --model <id[,id...]>      presets to time (default: all), e.g. tfjs-tiny,std
  --steps <n>               timed training steps per repeat (default 20)
  --repeats <n>             timed repeats; min and median are reported (default 3)
  --warmup <n>              untimed steps first (default 3)
  --batch <n>               batch size for every model (default: each preset's own)
  --cpu-steps <n>           timed steps for the plain cpu baseline, after one untimed (default 1; 0 skips it)
  --to-accuracy <0..1>      train each model with the trainer until this validation accuracy; report the time
  --torch-threads <n>       threads for the optional PyTorch reference (default 1)
Prints one JSON line per measurement.`;

const DEFAULTS: BenchOptions = {
  backend: 'auto',
  models: [],
  steps: 20,
  repeats: 3,
  warmup: 3,
  batchSize: null,
  cpuSteps: 1,
  toAccuracy: null,
  torchThreads: 1,
  help: false,
};

function positiveInt(flag: string, text: string | undefined, allowZero = false): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < (allowZero ? 0 : 1)) throw new Error(`${flag} needs a whole number${allowZero ? '' : ' above 0'}, got ${JSON.stringify(text)}.`);
  return value;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS, models: [] };
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
      case '--batch':
        options.batchSize = positiveInt(flag, value());
        break;
      case '--cpu-steps':
        options.cpuSteps = positiveInt(flag, value(), true);
        break;
      case '--torch-threads':
        options.torchThreads = positiveInt(flag, value());
        break;
      case '--to-accuracy': {
        const target = Number(value());
        if (!(target > 0 && target < 1)) throw new Error('--to-accuracy needs a fraction between 0 and 1, e.g. 0.99.');
        options.toAccuracy = target;
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
  return options;
}
