/**
 * Fills the per-ABI folder with a better-sqlite3 binary for a runtime (Electron, or Node in tests):
 * a prebuilt download first (`prebuild-install --runtime electron`), a node-gyp source build
 * against that runtime's headers as the fallback. Both run in a scratch copy of the package, so
 * node_modules/better-sqlite3/build (the command line's and the tests' binary) is never written.
 * The result is checked by its registration symbol before it replaces anything.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { describeAddon, readAddon } from './addon-abi';
import { SQLITE_BINARY, electronSqliteBinary } from './bindings';

export interface BuildTarget {
  runtime: 'electron' | 'node';
  /** The runtime's version: Electron's ("45.5.0") or Node's. */
  version: string;
  abi: number;
  platform: string;
  arch: string;
  /** Local headers for a Node target (this machine builds offline against /usr's); never used for Electron. */
  nodedir?: string;
}

export type Log = (line: string) => void;

export interface BuildTools {
  /** Puts a prebuilt binary in <packageDir>/build/Release; resolves false when there is none. */
  download(packageDir: string, target: BuildTarget, log: Log): Promise<boolean>;
  /** Compiles the package in <packageDir> for the target; rejects when it cannot. */
  compile(packageDir: string, target: BuildTarget, log: Log): Promise<void>;
}

export interface EnsureOptions {
  /** The folder holding native/ (the project root). */
  root: string;
  target: BuildTarget;
  /** The installed better-sqlite3 package: copied, never written. */
  packageDir: string;
  tools?: BuildTools;
  /** Rebuild even when a matching binary is already there. */
  force?: boolean;
  log?: Log;
}

export interface EnsureResult {
  file: string;
  action: 'present' | 'downloaded' | 'compiled';
}

/** Why a binary is not right for the target, or null when it is. */
export function mismatch(file: string, target: BuildTarget): string | null {
  if (!existsSync(file)) return 'missing';
  const reading = readAddon(readFileSync(file), target.arch);
  if (!reading.ok) return reading.reason;
  const { info } = reading;
  if (info.platform !== target.platform || !info.archs.includes(target.arch) || info.kind !== 'node-abi' || info.abi !== target.abi) {
    return `built for ${describeAddon(info)}, needed ABI ${target.abi} for ${target.platform}-${target.arch}`;
  }
  return null;
}

export async function ensureSqliteBuild(opts: EnsureOptions): Promise<EnsureResult> {
  const { target } = opts;
  const log = opts.log ?? (() => undefined);
  const tools = opts.tools ?? defaultTools();
  const dest = electronSqliteBinary(opts.root, target);
  const current = mismatch(dest, target);
  if (current === null && !opts.force) return { file: dest, action: 'present' };
  log(`better-sqlite3 for ${target.runtime} ${target.version} (ABI ${target.abi}, ${target.platform}-${target.arch}): ${opts.force ? 'rebuilding' : current}`);

  const scratch = mkdtempSync(join(tmpdir(), 'mnist-lab-native-'));
  try {
    const work = join(scratch, 'better-sqlite3');
    // Everything but build/: a copied build/ would be mistaken for the result, and deps/ holds SQLite's source.
    cpSync(opts.packageDir, work, { recursive: true, filter: (src) => relative(opts.packageDir, src).split(sep)[0] !== 'build' });
    const built = join(work, 'build', 'Release', SQLITE_BINARY);
    let action: EnsureResult['action'] = 'downloaded';
    let problem = (await tools.download(work, target, log).catch((error: unknown) => (log(`download failed: ${String(error)}`), false)))
      ? mismatch(built, target)
      : 'no prebuilt binary';
    if (problem !== null) {
      log(`prebuilt binary: ${problem}; building from source`);
      rmSync(join(work, 'build'), { recursive: true, force: true });
      await tools.compile(work, target, log);
      action = 'compiled';
      problem = mismatch(built, target);
      if (problem !== null) throw new Error(`The source build of better-sqlite3 is not usable: ${problem}.`);
    }
    // Copy beside, then rename: an interrupted copy never leaves a half-written binary in place.
    mkdirSync(dirname(dest), { recursive: true });
    copyFileSync(built, `${dest}.partial`);
    renameSync(`${dest}.partial`, dest);
    log(`better-sqlite3 ${action}: ${dest}`);
    return { file: dest, action };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

// ---- The real tools: prebuild-install and node-gyp from the project's node_modules ----

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, log: Log): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const forward = (chunk: Buffer) => chunk.toString().split('\n').filter(Boolean).forEach((line) => log(`  ${line}`));
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/**
 * The environment for building for `target`. npm passes its config to scripts as npm_config_*;
 * a `nodedir` there (this machine's npmrc has one) would make node-gyp compile Electron's build
 * against Node's own headers, i.e. for the wrong ABI, so it is removed for Electron.
 */
export function buildEnv(target: BuildTarget, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(env).filter(([key]) => !/^npm_config_(nodedir|target|runtime|disturl|arch)$/i.test(key)));
  return target.nodedir ? { ...clean, npm_config_nodedir: target.nodedir } : clean;
}

export function defaultTools(): BuildTools {
  const nodeRequire = createRequire(import.meta.url);
  const bin = (pkg: string, file: string) => join(dirname(nodeRequire.resolve(`${pkg}/package.json`)), file);
  return {
    async download(work, target, log) {
      const args = [bin('prebuild-install', 'bin.js'), '--runtime', target.runtime, '--target', target.version, '--arch', target.arch, '--platform', target.platform, '--verbose'];
      return (await run(process.execPath, args, work, buildEnv(target), log)) === 0 && existsSync(join(work, 'build', 'Release', SQLITE_BINARY));
    },
    async compile(work, target, log) {
      const args = [bin('node-gyp', 'bin/node-gyp.js'), 'rebuild', '--release', `--target=${target.version}`, `--arch=${target.arch}`];
      if (target.runtime === 'electron') args.push('--dist-url=https://electronjs.org/headers');
      else if (target.nodedir) args.push(`--nodedir=${target.nodedir}`);
      const code = await run(process.execPath, args, work, buildEnv(target), log);
      if (code !== 0) throw new Error(`node-gyp could not build better-sqlite3 for ${target.runtime} ${target.version} (exit code ${code}); see the lines above.`);
    },
  };
}
