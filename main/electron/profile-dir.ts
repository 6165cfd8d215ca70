/**
 * Where Chromium keeps its profile (caches, Local Storage, Preferences, the single-instance lock).
 * Electron puts it in userData, which for "MNIST Lab" is the data folder itself: Chromium would
 * then write there at start-up, before the store has checked the folder, and a folder the app
 * refuses to open ("it has not been changed") would already be changed. So the profile lives in
 * the OS's cache folder instead, one per data folder, which also keeps the single-instance lock
 * per data folder (two data folders, two instances; one folder, one SQLite writer).
 */
import { createHash } from 'node:crypto';
import { join, resolve } from 'node:path';
import { appCacheDir } from '../home';

export function electronProfileDir(homeDir: string, env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  const key = createHash('sha256').update(resolve(homeDir)).digest('hex').slice(0, 16);
  return join(appCacheDir(env, platform), `profile-${key}`);
}
