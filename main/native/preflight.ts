/**
 * Before the Electron main touches the data folder, it checks that the native addons it needs load
 * in this runtime. A wrong-ABI, missing, truncated or foreign binary then becomes one clear message
 * (which addon, what the binary is, what this runtime needs, the one command that fixes it) instead
 * of an exception while the app loads or the generic "cannot open its data folder" dialog.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { describeAddon, readAddon } from './addon-abi';
import { ELECTRON_REBUILD_COMMAND, SQLITE_ADDON, SQLITE_BINARY, currentRuntime, sqliteNativeBinding, type Runtime } from './bindings';

export interface NativeProblem {
  addon: string;
  file: string;
  /** What the file is: "missing", "linux-x64, ABI 115", "the file is truncated ...". */
  have: string;
  /** What this runtime needs: "ABI 150 for linux-x64 (Electron 45.5.0)". */
  need: string;
  /** The one thing to do about it. */
  fix: string;
  /** The loader's own error, when the file looked right but still would not load. */
  detail: string | null;
}

export type PreflightResult = { ok: true; file: string } | { ok: false; problem: NativeProblem };

export interface PreflightOptions {
  runtime?: Runtime;
  /** A packaged app cannot run npm: its fix is reinstalling the app. */
  packaged?: boolean;
  /** Loads the binary for real (default: an in-memory database through it); throws when it cannot. */
  load?: (file: string) => void;
}

function defaultSqliteBinary(): string {
  const nodeRequire = createRequire(import.meta.url);
  return join(dirname(nodeRequire.resolve('better-sqlite3/package.json')), 'build', 'Release', SQLITE_BINARY);
}

function loadSqlite(file: string): void {
  new BetterSqlite3(':memory:', { nativeBinding: file }).close();
}

/** Checks the better-sqlite3 binary this runtime will load: present, this OS and CPU, this ABI, and loadable. */
export function checkSqliteAddon(opts: PreflightOptions = {}): PreflightResult {
  const runtime = opts.runtime ?? currentRuntime();
  const file = sqliteNativeBinding(runtime) ?? defaultSqliteBinary();
  const target = `${runtime.platform}-${runtime.arch}`;
  const need = `ABI ${runtime.abi} for ${target} (${runtime.electron ? `Electron ${runtime.electron}` : `Node.js ${process.versions.node}`})`;
  const fix = opts.packaged
    ? 'Reinstall MNIST Lab: this copy of the app is missing a working build of its database engine.'
    : runtime.electron
      ? `Run \`${ELECTRON_REBUILD_COMMAND}\` in the project folder, then start the app again.`
      : 'Run `npm rebuild better-sqlite3` in the project folder.';
  const problem = (have: string, detail: string | null = null): PreflightResult => ({ ok: false, problem: { addon: SQLITE_ADDON, file, have, need, fix, detail } });

  if (!existsSync(file)) return problem('missing (no file at that path)');
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    return problem('unreadable', error instanceof Error ? error.message : String(error));
  }
  const reading = readAddon(bytes, runtime.arch);
  if (!reading.ok) return problem(reading.reason);
  const { info } = reading;
  if (info.platform !== runtime.platform || !info.archs.includes(runtime.arch)) return problem(`built for ${describeAddon(info)}`);
  if (info.kind === 'unknown') return problem(`a ${info.platform} library without a Node.js registration symbol (not a Node addon)`);
  if (info.kind === 'node-abi' && info.abi !== runtime.abi) return problem(`built for ${describeAddon(info)}`);
  try {
    (opts.load ?? loadSqlite)(file);
  } catch (error) {
    return problem(`${describeAddon(info)}, but it fails to load`, error instanceof Error ? error.message : String(error));
  }
  return { ok: true, file };
}

/** The dialog's title and text for a native problem. */
export function describeNativeProblem(problem: NativeProblem): { title: string; message: string } {
  const lines = [
    `MNIST Lab cannot load its native module ${problem.addon}.`,
    '',
    `File: ${problem.file}`,
    `It is: ${problem.have}`,
    `Needed: ${problem.need}`,
    ...(problem.detail ? ['', problem.detail] : []),
    '',
    `To fix: ${problem.fix}`,
    '',
    'Your data folder has not been touched.',
  ];
  return { title: `MNIST Lab cannot load ${problem.addon}`, message: lines.join('\n') };
}
