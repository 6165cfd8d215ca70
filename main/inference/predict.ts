/**
 * Classifies user images with a run's saved model, in the calling process. Decoding and the MNIST
 * preprocessing are the same for the app and the command line, so one file gives one prediction.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { ImageInput, PredictionResult, PredictRequest } from '../../common/ipc/contract';
import { noDigitMessage, preprocessToMnist, type PreprocessOptions, type StepPicture } from '../../common/image/preprocess';
import type { ModelFileInfo } from '../../common/training/run';
import { decodeImage } from '../images/decode';
import { LabFailure, notFound } from '../ipc/errors';
import { loadRecordedModel } from '../models/recorded-model';
import { modelFolder } from '../models/model-location';
import type { RunStore } from '../store/types';
import { inferenceTf } from './inference-tf';

const MAX_CACHED_MODELS = 4;

function stepImage(picture: StepPicture): { width: number; height: number; pixels: number[] } {
  return { width: picture.width, height: picture.height, pixels: Array.from(picture.pixels) };
}

export class Predictor {
  private readonly models = new Map<string, Promise<LayersModel>>();

  constructor(
    private readonly homeDir: string,
    private readonly store: RunStore,
    /** Preprocessing settings every image gets (the real-world bench switches steps off to measure them). */
    private readonly preprocess: PreprocessOptions = {},
  ) {}

  async predict(req: PredictRequest): Promise<PredictionResult[]> {
    const model = await this.model(req.runId, this.modelInfo(req));
    const results: PredictionResult[] = [];
    // One image at a time: a bad file gets its own message and never affects the others.
    for (const image of req.images) results.push(await this.predictOne(model, image));
    return results;
  }

  /** The requested model, or by default the best-validation checkpoint, falling back to the final model. */
  private modelInfo(req: PredictRequest): ModelFileInfo {
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

  private async predictOne(model: LayersModel, image: ImageInput): Promise<PredictionResult> {
    try {
      const rgba = 'bytes' in image ? await decodeImage(image.bytes, image.name) : image.rgba;
      const prepared = preprocessToMnist(rgba, { ...this.preprocess, polarity: image.polarity ?? this.preprocess.polarity });
      if (!prepared.steps || prepared.noDigit) {
        return { file: image.name, ok: false, error: `${image.name} ${noDigitMessage(prepared.noDigit ?? { kind: 'blank' })}` };
      }
      const { steps } = prepared;
      const tf = await inferenceTf();
      const probabilities = tf.tidy(() => {
        const output = model.predict(tf.tensor4d(prepared.pixels, [1, 28, 28, 1])) as import('@tensorflow/tfjs').Tensor;
        return Array.from(output.dataSync());
      });
      // A damaged or diverged model can answer NaN: that is not a reading, so no digit is given.
      if (probabilities.length !== 10 || !probabilities.every((p) => Number.isFinite(p) && p >= 0 && p <= 1)) {
        return { file: image.name, ok: false, error: `The model gave no usable probabilities for ${image.name} (its output is not finite): it may be damaged or have diverged; try the run's other model or re-train it.` };
      }
      const label = probabilities.indexOf(Math.max(...probabilities));
      return {
        file: image.name,
        ok: true,
        label,
        probabilities,
        input: Array.from(prepared.pixels),
        polarity: prepared.inverted ? 'dark-on-light' : 'light-on-dark',
        steps: { ink: stepImage(steps.ink), cropped: stepImage(steps.cropped), normalised: stepImage(steps.normalised) },
      };
    } catch (error) {
      return { file: image.name, ok: false, error: error instanceof Error ? error.message : String(error) };
    }
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
