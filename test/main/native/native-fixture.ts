// Shared by the native-addon tests: this machine's real better-sqlite3 Node build, and a scratch
// "project" (or packaged resources folder) whose native/ folder a test fills as it likes.
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { electronSqliteBinary, type Runtime } from '../../../main/native/bindings';

const root = resolve(import.meta.dirname, '../../..');
const nodeRequire = createRequire(join(root, 'package.json'));
export const NODE_SQLITE_BINARY = join(dirname(nodeRequire.resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');
export const NODE_ABI = Number(process.versions.modules);

/** Electron 45 as node-abi describes it, on this machine's OS and CPU. */
export const ELECTRON_45: Runtime = { electron: '45.5.0', abi: 150, platform: process.platform, arch: process.arch };
/** An Electron whose ABI is this Node's, so this machine's real Node build stands in for its build and really loads. */
export const ELECTRON_LIKE_THIS_NODE: Runtime = { electron: '45.5.0', abi: NODE_ABI, platform: process.platform, arch: process.arch };

export function scratchRoot(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mnist-lab-native-test-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Puts `bytes` (or a copy of the real Node build) where `runtime` would look under `root`; returns the path. */
export function placeBinary(root: string, runtime: Runtime, bytes?: Uint8Array): string {
  const file = electronSqliteBinary(root, runtime);
  mkdirSync(dirname(file), { recursive: true });
  if (bytes) writeFileSync(file, bytes);
  else copyFileSync(NODE_SQLITE_BINARY, file);
  return file;
}

/** Runs `fn` with process.versions looking like Electron's (electron set, modules = abi). */
export async function asElectron<T>(runtime: Runtime, fn: () => T | Promise<T>): Promise<T> {
  // process.versions' entries are read-only but configurable: redefine them, then put the originals back.
  const saved = { electron: Object.getOwnPropertyDescriptor(process.versions, 'electron'), modules: Object.getOwnPropertyDescriptor(process.versions, 'modules') };
  const set = (key: string, value: string) => Object.defineProperty(process.versions, key, { value, configurable: true, enumerable: true, writable: false });
  if (runtime.electron) set('electron', runtime.electron);
  set('modules', String(runtime.abi));
  try {
    return await fn();
  } finally {
    for (const [key, descriptor] of Object.entries(saved)) {
      if (descriptor) Object.defineProperty(process.versions, key, descriptor);
      else delete (process.versions as Record<string, unknown>)[key];
    }
  }
}
