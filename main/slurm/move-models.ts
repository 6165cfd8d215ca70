/** Brings a run's model folders from the shared folder into the data folder, once its job has ended. */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runModelDir } from '../home';

export function moveModels(fromDir: string, toDir: string): void {
  if (!existsSync(fromDir)) return;
  mkdirSync(toDir, { recursive: true });
  for (const kind of readdirSync(fromDir)) {
    const target = join(toDir, kind);
    rmSync(target, { recursive: true, force: true });
    try {
      renameSync(join(fromDir, kind), target);
    } catch (error) {
      // The shared folder is usually another file system (NFS): copy, then remove.
      if ((error as NodeJS.ErrnoException).code !== 'EXDEV') throw error;
      cpSync(join(fromDir, kind), target, { recursive: true });
      rmSync(join(fromDir, kind), { recursive: true, force: true });
    }
  }
}

/** Moves the run's models home and removes its folder on the shared folder (and the submission's, once empty). */
export function bringHome(runDir: string, runId: number, homeDir: string): void {
  moveModels(join(runDir, 'models', String(runId)), runModelDir(homeDir, runId));
  rmSync(runDir, { recursive: true, force: true });
  try {
    // rmdir refuses while other tasks of the submission remain.
    rmdirSync(dirname(runDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY') throw error;
  }
}
