/**
 * A run's recorded model, trusted only as far as its checksum: every reader (predict, evaluate,
 * export, the Test and Evaluate screens, sweeps) checks the files against the sha256 recorded
 * when they were saved, and a damaged model gets one message naming the run, the model and what
 * to do, instead of TensorFlow.js's raw complaint or junk predictions.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs';
import type { ModelFileInfo } from '../../common/training/run';
import { LabFailure } from '../ipc/errors';
import { loadModel, MissingModelError, MODEL_JSON, WEIGHTS_BIN } from './model-files';
import { modelFolder } from './model-location';

type Tf = Parameters<typeof loadModel>[0];

function damaged(runId: number, info: ModelFileInfo, what: string): LabFailure {
  const other = info.kind === 'best' ? 'final' : 'best';
  return new LabFailure(
    'conflict',
    `The ${info.kind} model of run ${runId} is damaged (${what}), so it was not used. Re-train the run, or use its ${other} model if it has one (--model ${other} on the command line).`,
  );
}

/** Throws the damaged-model failure unless the folder's files hash to the recorded sha256. Returns the folder. */
export async function verifyRecordedModel(homeDir: string, runId: number, info: ModelFileInfo): Promise<string> {
  const dir = modelFolder(homeDir, info.path);
  let json: Buffer;
  let weights: Buffer;
  try {
    // In order, so a folder missing both reports model.json, as loadModel does.
    json = await readFile(join(dir, MODEL_JSON));
    weights = await readFile(join(dir, WEIGHTS_BIN));
  } catch (error) {
    // A missing folder or file is not damage: it keeps the not-found message every loader gives.
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      const missing = (error as NodeJS.ErrnoException).path?.endsWith(WEIGHTS_BIN) ? WEIGHTS_BIN : MODEL_JSON;
      throw new MissingModelError(`No saved model in ${dir}: ${missing} is missing. The model folder may have been moved or deleted.`);
    }
    throw error;
  }
  // saveModel hashes model.json then weights.bin, as written.
  const sha256 = createHash('sha256').update(json).update(weights).digest('hex');
  if (json.length + weights.length !== info.bytes) throw damaged(runId, info, `its files hold ${json.length + weights.length} bytes where ${info.bytes} were saved`);
  if (sha256 !== info.sha256) throw damaged(runId, info, 'its files do not match the checksum recorded when it was saved');
  return dir;
}

export async function loadRecordedModel(tf: Tf, homeDir: string, runId: number, info: ModelFileInfo): Promise<LayersModel> {
  const dir = await verifyRecordedModel(homeDir, runId, info);
  try {
    return await loadModel(tf, dir);
  } catch (error) {
    if (error instanceof LabFailure || error instanceof MissingModelError) throw error;
    throw damaged(runId, info, `TensorFlow.js could not read it: ${error instanceof Error ? error.message : String(error)}`);
  }
}
