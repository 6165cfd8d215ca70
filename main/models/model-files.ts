/**
 * Model folders on disk: `<dir>/model.json` + `<dir>/weights.bin`, the standard tfjs layers
 * format. Plain @tensorflow/tfjs has no file:// handler (only tfjs-node does), so saving and
 * loading go through small custom IOHandlers that work with every backend.
 *
 * Saving is atomic: files are written and fsynced in a sibling temp folder that then replaces
 * the target, so the app, the CLI or a predict call never reads half a model even while a
 * training process is overwriting its best checkpoint.
 */
import { createHash } from 'node:crypto';
import { open, readFile, rename, rm, mkdir } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel, io } from '@tensorflow/tfjs';
import type { ModelFileInfo, ModelKind } from '../../common/training/run';

type Tf = typeof tfjs;

export const MODEL_JSON = 'model.json';
export const WEIGHTS_BIN = 'weights.bin';

export interface SaveTarget {
  /** Absolute folder that will hold model.json and weights.bin. */
  dir: string;
  /** Absolute data folder; ModelFileInfo.path is made relative to it. */
  homeDir: string;
  kind: ModelKind;
  /** Epoch the weights come from. */
  epoch: number;
}

/** Saves a model atomically and describes what was written. */
export async function saveModel(model: LayersModel, target: SaveTarget): Promise<ModelFileInfo> {
  const artifacts = await captureArtifacts(model);
  const weights = joinWeightData(artifacts.weightData);
  const modelJson: io.ModelJSON = {
    format: artifacts.format ?? 'layers-model',
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy ?? null,
    modelTopology: artifacts.modelTopology ?? {},
    weightsManifest: [{ paths: [WEIGHTS_BIN], weights: artifacts.weightSpecs ?? [] }],
  };
  const jsonBytes = Buffer.from(JSON.stringify(modelJson), 'utf8');

  await writeFolderAtomically(target.dir, [
    [MODEL_JSON, jsonBytes],
    [WEIGHTS_BIN, weights],
  ]);

  return {
    kind: target.kind,
    path: relative(target.homeDir, target.dir).split(sep).join('/'),
    sha256: createHash('sha256').update(jsonBytes).update(weights).digest('hex'),
    bytes: jsonBytes.length + weights.length,
    epoch: target.epoch,
  };
}

/** Loads a model folder written by saveModel (or any single-folder tfjs layers model). */
export async function loadModel(tf: Tf, dir: string): Promise<LayersModel> {
  const modelJson = await readModelJson(dir);
  const artifacts = await tf.io.getModelArtifactsForJSON(modelJson, async (manifest) => {
    const specs = manifest.flatMap((group) => group.weights);
    const shards = await Promise.all(
      manifest.flatMap((group) => group.paths).map((file) => readModelFile(dir, file)),
    );
    const data = Buffer.concat(shards);
    return [specs, toArrayBuffer(data)];
  });
  return tf.loadLayersModel({ load: async () => artifacts });
}

async function captureArtifacts(model: LayersModel): Promise<io.ModelArtifacts> {
  let captured: io.ModelArtifacts | null = null;
  await model.save({
    save: async (artifacts) => {
      captured = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    },
  });
  if (captured === null) throw new Error('TensorFlow.js did not hand over the model to save.');
  return captured;
}

function joinWeightData(data: io.WeightData | undefined): Buffer {
  if (data === undefined) return Buffer.alloc(0);
  const parts = Array.isArray(data) ? data : [data];
  return Buffer.concat(parts.map((part) => new Uint8Array(part)));
}

/** A Buffer may be a view into a larger pooled ArrayBuffer; tfjs wants exactly the bytes. */
function toArrayBuffer(data: Buffer): ArrayBuffer {
  const copy = new ArrayBuffer(data.length);
  new Uint8Array(copy).set(data);
  return copy;
}

async function readModelJson(dir: string): Promise<io.ModelJSON> {
  const text = (await readModelFile(dir, MODEL_JSON)).toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`The model file ${join(dir, MODEL_JSON)} is not valid JSON; the model is damaged.`);
  }
  if (!isModelJson(parsed)) {
    throw new Error(`The model file ${join(dir, MODEL_JSON)} is not a TensorFlow.js layers model.`);
  }
  return parsed;
}

function isModelJson(value: unknown): value is io.ModelJSON {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.modelTopology === 'object' && record.modelTopology !== null && Array.isArray(record.weightsManifest);
}

async function readModelFile(dir: string, file: string): Promise<Buffer> {
  // Manifest paths come from a file on disk: never let one point outside the model folder.
  if (basename(file) !== file) throw new Error(`The model in ${dir} refers to a file outside its folder (${file}).`);
  try {
    return await readFile(join(dir, file));
  } catch (err) {
    if (isErrno(err) && err.code === 'ENOENT') {
      throw new Error(`No saved model in ${dir}: ${file} is missing.`);
    }
    throw err;
  }
}

/**
 * Writes the files into `<dir>.tmp-<pid>`, fsyncs them, then swaps the folder in. A folder
 * cannot be renamed over a non-empty one, so an existing folder is first moved aside; between
 * the two renames the model is briefly absent, never half-written.
 */
async function writeFolderAtomically(dir: string, files: Array<[string, Buffer]>): Promise<void> {
  const temp = `${dir}.tmp-${process.pid}`;
  const old = `${dir}.old-${process.pid}`;
  await mkdir(dirname(dir), { recursive: true });
  await rm(temp, { recursive: true, force: true });
  await mkdir(temp);
  for (const [name, bytes] of files) await writeSynced(join(temp, name), bytes);
  await syncFolder(temp);

  await rm(old, { recursive: true, force: true });
  const replacing = await rename(dir, old).then(
    () => true,
    (err: unknown) => {
      if (isErrno(err) && err.code === 'ENOENT') return false;
      throw err;
    },
  );
  await rename(temp, dir);
  await syncFolder(dirname(dir));
  if (replacing) await rm(old, { recursive: true, force: true });
}

async function writeSynced(file: string, bytes: Buffer): Promise<void> {
  const handle = await open(file, 'w');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Makes renames durable. Windows cannot open a folder for fsync; there the rename is enough. */
async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // best effort, see above
  } finally {
    await handle?.close();
  }
}

function isErrno(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && 'code' in err;
}
