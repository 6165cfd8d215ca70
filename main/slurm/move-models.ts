/** Brings a run's model folders from the shared folder into the data folder, once its job has ended. */
import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';

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
