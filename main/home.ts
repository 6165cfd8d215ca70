/**
 * The data folder shared by the desktop app and the command line: the database, model files and
 * settings live here. Electron's userData folder for an app named "MNIST Lab" is the same path, so
 * both faces of the lab see the same runs without configuration.
 */
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const APP_NAME = 'MNIST Lab';

/** The OS's per-user application data folder, as Electron's app.getPath('userData') computes it. */
export function defaultHomeDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_NAME);
}

/** The OS's per-user cache folder: what is kept there can be deleted at any time and made again. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches');
  return env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
}

/** MNIST Lab's own folder in it. */
export const appCacheDir = (env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string => join(cacheRoot(env, platform), APP_NAME);

/** An explicit folder (--home) wins, then MNIST_LAB_HOME, then the OS default. */
export function resolveHomeDir(explicit?: string | null, env: NodeJS.ProcessEnv = process.env): string {
  if (explicit) return resolve(explicit);
  if (env.MNIST_LAB_HOME) return resolve(env.MNIST_LAB_HOME);
  return defaultHomeDir(env);
}

export const databaseFile = (homeDir: string): string => join(homeDir, 'runs.sqlite');
export const modelsDir = (homeDir: string): string => join(homeDir, 'models');
export const runModelDir = (homeDir: string, runId: number): string => join(modelsDir(homeDir), String(runId));
