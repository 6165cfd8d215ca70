/** Removing a run in the trash for good: its rows, then its model files. */
import { rm, rmdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { modelsDir } from '../home';
import { modelFolder } from '../models/model-location';
import type { RunStore } from '../store/types';

/** Purges run `id` (which must be in the trash) and deletes its model folders; returns the id. */
export async function purgeRun(homeDir: string, store: RunStore, id: number): Promise<number> {
  const paths = store.trash.purge(id);
  const parents = new Set<string>();
  for (const path of paths) {
    const folder = modelFolder(homeDir, path);
    await rm(folder, { recursive: true, force: true });
    parents.add(dirname(folder));
  }
  // models/<run>/ once its best/ and final/ are gone; a folder still holding anything stays.
  for (const parent of parents) {
    if (parent === modelsDir(homeDir)) continue;
    await rmdir(parent).catch(() => undefined);
  }
  return id;
}
