/** Where a recorded model lives on disk: always inside the data folder's models/ folder. */
import { resolve, sep } from 'node:path';
import { modelsDir } from '../home';
import { LabFailure } from '../ipc/errors';

/**
 * The absolute folder of a model recorded with a path relative to the data folder. A path that
 * would lead elsewhere (a tampered or foreign database) is refused: model files are read only from
 * the data folder.
 */
export function modelFolder(homeDir: string, recordedPath: string): string {
  const dir = resolve(homeDir, recordedPath);
  if (!dir.startsWith(modelsDir(homeDir) + sep)) {
    throw new LabFailure('conflict', `The model path "${recordedPath}" is outside the data folder's models folder; it was not read.`);
  }
  return dir;
}
