/**
 * Classifies user images with a run's saved model, in the calling process. Decoding and the MNIST
 * preprocessing are the same for the app and the command line, so one file gives one prediction.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { ImageInput, PredictionResult, PredictRequest, PrepareModelRequest } from '../../common/ipc/contract';
import { viewsRead, type PreprocessOptions } from '../../common/image/preprocess';
import type { ModelFileInfo } from '../../common/training/run';
import { LabFailure, notFound } from '../ipc/errors';
import { loadRecordedModel } from '../models/recorded-model';
import { modelFolder } from '../models/model-location';
import type { RunStore } from '../store/types';
import { inferenceTf } from './inference-tf';
import { answerDigits, prepareDigitsHere, readDigits, type DigitAnswer, type PrepareDigits } from './read-digit';

const MAX_CACHED_MODELS = 4;

export class Predictor {
  private readonly models = new Map<string, Promise<LayersModel>>();

  constructor(
    private readonly homeDir: string,
    private readonly store: RunStore,
    /** Preprocessing settings every image gets (the real-world bench switches steps off to measure them). */
    private readonly preprocess: PreprocessOptions = {},
  ) {}

  /** What the Test screen shows of each image. A bad file gets its own message and never affects the others. */
  async predict(req: PredictRequest): Promise<PredictionResult[]> {
    const model = await this.model(req.runId, this.modelInfo(req));
    return readDigits(await inferenceTf(), model, req.images, this.preprocess);
  }

  /** How many views each picture is read in here: what a score made with `answer` records. */
  get viewsPerPicture(): number {
    return viewsRead(this.preprocess);
  }

  /**
   * Only the digit each image reads as (the same answers as predict), for scoring a model on many
   * pictures; `prepare` may remember the readings (the real-world set's are).
   */
  async answer(req: PredictRequest, prepare: PrepareDigits = prepareDigitsHere): Promise<DigitAnswer[]> {
    const model = await this.model(req.runId, this.modelInfo(req));
    return answerDigits(await inferenceTf(), model, req.images, this.preprocess, prepare);
  }

  /**
   * Loads the model `predict` would use for the same request and reads a drawn digit with it, so
   * that the reading code runs compiled and the model has seen a batch of the views' size before the
   * first picture a person drops. Without it that picture took 42-76 ms (`--parts inference`), the
   * ones after it 2-5 ms; with it, 20-22 ms.
   */
  async prepare(req: PrepareModelRequest): Promise<void> {
    const model = await this.model(req.runId, this.modelInfo(req));
    await readDigits(await inferenceTf(), model, [drawnSeven()], this.preprocess);
  }

  /** The requested model, or by default the best-validation checkpoint, falling back to the final model. */
  private modelInfo(req: PrepareModelRequest): ModelFileInfo {
    const run = this.store.getRun(req.runId);
    if (!run) throw notFound(`There is no run ${req.runId}.`);
    const info = req.model
      ? this.store.getModel(req.runId, req.model)
      : (this.store.getModel(req.runId, 'best') ?? this.store.getModel(req.runId, 'final'));
    if (!info) {
      const which = req.model ? `a ${req.model} model` : 'a saved model';
      throw new LabFailure('conflict', `Run ${req.runId} has no ${which} (it is ${run.status}).`);
    }
    return info;
  }

  private model(runId: number, info: ModelFileInfo): Promise<LayersModel> {
    const key = `${modelFolder(this.homeDir, info.path)}#${info.sha256}`;
    let model = this.models.get(key);
    if (!model) {
      model = inferenceTf().then((tf) => loadRecordedModel(tf, this.homeDir, runId, info));
      model.catch(() => this.models.delete(key));
      this.models.set(key, model);
      if (this.models.size > MAX_CACHED_MODELS) {
        const oldest = this.models.keys().next().value as string;
        void this.models.get(oldest)?.then((m) => m.dispose(), () => undefined);
        this.models.delete(oldest);
      }
    }
    return model;
  }
}

/** A 7 drawn with a 3-pixel pen, dark on white, 48 pixels square: reading it runs every step and view. */
function drawnSeven(): ImageInput {
  const side = 48;
  const data = new Uint8Array(side * side * 4).fill(255);
  const ink = (x: number, y: number): void => {
    for (let dy = 0; dy < 3; dy++) for (let dx = 0; dx < 3; dx++) data.fill(0, ((y + dy) * side + x + dx) * 4, ((y + dy) * side + x + dx) * 4 + 3);
  };
  for (let x = 12; x < 36; x++) ink(x, 10);
  for (let t = 0; t <= 1; t += 1 / 64) ink(Math.round(35 - 14 * t), Math.round(10 + 28 * t));
  return { name: 'a drawn 7', rgba: { width: side, height: side, data } };
}
