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
import { lstat, open, readFile, readdir, rename, rm, mkdir } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, sep } from 'node:path';
import type * as tfjs from '@tensorflow/tfjs';
import type { LayersModel, io } from '@tensorflow/tfjs';
import type { ModelFileInfo, ModelKind } from '../../common/training/run';
import { processExists } from '../store/process-liveness';

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

/** A model folder that should exist is not there (moved, deleted, never finished). */
export class MissingModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MissingModelError';
  }
}

/** The steps of an atomic save, in order; 'moved-aside' happens only when a model is replaced. */
export type SaveStage = 'writing' | 'written' | 'moved-aside' | 'replaced';
export type SaveStageHook = (stage: SaveStage, dir: string) => void;

let saveStageHook: SaveStageHook | null = null;

/**
 * For the fault-injection tests only: calls `hook` at each step of every save in this process,
 * so a test can kill the process at an exact point of writing a model. Null removes it.
 */
export function setSaveStageHook(hook: SaveStageHook | null): void {
  saveStageHook = hook;
}

/** Saves a model atomically and describes what was written. */
export async function saveModel(model: LayersModel, target: SaveTarget): Promise<ModelFileInfo> {
  const inside = relative(target.homeDir, target.dir);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new Error(`Refusing to save a model to ${target.dir}: model folders must be inside the data folder ${target.homeDir}.`);
  }
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
  await refuseLinks(dir);
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

/**
 * saveModel never writes links, so a model folder, its run folder or a file in it that is a
 * symbolic link was put there by someone else, and may point anywhere on the disk: refused.
 * (The data folder or its models folder may be links: users move them to other disks.)
 */
async function refuseLinks(dir: string): Promise<void> {
  for (const path of [dirname(dir), dir, join(dir, MODEL_JSON), join(dir, WEIGHTS_BIN)]) {
    const stats = await lstat(path).catch(() => null);
    if (stats?.isSymbolicLink()) {
      throw new Error(`Refusing to read the model in ${dir}: ${path} is a link, and models are only read from the data folder itself.`);
    }
  }
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
    if (isErrno(err) && (err.code === 'ENOENT' || err.code === 'ENOTDIR')) {
      throw new MissingModelError(`No saved model in ${dir}: ${file} is missing. The model folder may have been moved or deleted.`);
    }
    throw err;
  }
}

/**
 * Writes the files into `<dir>.tmp-<pid>`, fsyncs them, then swaps the folder in. A folder
 * cannot be renamed over a non-empty one, so an existing folder is first moved aside to
 * `<dir>.old-<pid>`; between the two renames the model is briefly absent, never half-written.
 * A save that fails cleans up after itself; one whose process is killed is put back in order by
 * recoverModelFolders once the process is gone.
 */
async function writeFolderAtomically(dir: string, files: Array<[string, Buffer]>): Promise<void> {
  const temp = `${dir}.tmp-${process.pid}`;
  const old = `${dir}.old-${process.pid}`;
  await mkdir(dirname(dir), { recursive: true });
  await rm(temp, { recursive: true, force: true });
  await rm(old, { recursive: true, force: true });
  let movedAside = false;
  try {
    await mkdir(temp);
    for (const [index, [name, bytes]] of files.entries()) {
      await writeSynced(join(temp, name), bytes);
      if (index === 0) saveStageHook?.('writing', dir);
    }
    await syncFolder(temp);
    saveStageHook?.('written', dir);

    movedAside = await rename(dir, old).then(
      () => true,
      (err: unknown) => {
        if (isErrno(err) && err.code === 'ENOENT') return false;
        throw err;
      },
    );
    if (movedAside) saveStageHook?.('moved-aside', dir);
    await rename(temp, dir);
    movedAside = false;
    saveStageHook?.('replaced', dir);
  } catch (err) {
    // Leave the previous model in place and free the space (the disk may be what is full).
    await rm(temp, { recursive: true, force: true }).catch(() => undefined);
    if (movedAside) await rename(old, dir).catch(() => undefined);
    throw err;
  }
  await syncFolder(dirname(dir));
  await rm(old, { recursive: true, force: true });
}

const LEFTOVER = /^(.+)\.(tmp|old)-(\d+)$/;

export interface ModelFolderRecovery {
  /** Model folders moved back into place (a swap was cut short after the old one was moved aside). */
  restored: string[];
  /** Half-written or superseded folders removed. */
  removed: string[];
}

/**
 * Puts a run's model folders in order after its training process ended, however it ended: a
 * checkpoint moved aside by a swap that never finished goes back into place, and leftovers of
 * unfinished saves are removed. Leftovers of a process that is still alive are not touched.
 */
export async function recoverModelFolders(
  runModelDir: string,
  isAlive: (pid: number) => boolean = processExists,
): Promise<ModelFolderRecovery> {
  const result: ModelFolderRecovery = { restored: [], removed: [] };
  let names: string[];
  try {
    names = await readdir(runModelDir);
  } catch (err) {
    if (isErrno(err) && (err.code === 'ENOENT' || err.code === 'ENOTDIR')) return result;
    throw err;
  }
  const present = new Set(names);
  for (const name of names) {
    const match = LEFTOVER.exec(name);
    if (!match) continue;
    const [, target, kind, pid] = match;
    if (isAlive(Number(pid))) continue;
    const path = join(runModelDir, name);
    if (kind === 'old' && !present.has(target)) {
      await rename(path, join(runModelDir, target));
      present.add(target);
      result.restored.push(target);
    } else {
      await rm(path, { recursive: true, force: true });
      result.removed.push(name);
    }
  }
  return result;
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
