// scripts/electron-native.ts's logic with injected tools: a prebuilt download first, a source
// build as the fallback, each checked by its registration symbol, in a scratch copy of the package
// (never the installed one). The real node-gyp build (~50 s on 2 cores) is opt-in:
// MNIST_LAB_NATIVE_BUILD=1 npx vitest run --project node test/main/native/electron-build.test.ts
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronSqliteBinary } from '../../../main/native/bindings';
import { buildEnv, ensureSqliteBuild, type BuildTarget, type BuildTools } from '../../../main/native/electron-build';
import { buildElf } from './elf-fixture';
import { NODE_ABI, NODE_SQLITE_BINARY, scratchRoot } from './native-fixture';

const NODE_TARGET: BuildTarget = { runtime: 'node', version: process.versions.node, abi: NODE_ABI, platform: process.platform, arch: process.arch };
const WRONG_ABI = buildElf({ wide: true, little: true, machine: process.arch === 'arm64' ? 183 : 62, symbols: ['node_register_module_v999'] });

let scratch: ReturnType<typeof scratchRoot>;
let packageDir: string;
beforeEach(() => {
  scratch = scratchRoot();
  // A stand-in for node_modules/better-sqlite3, with a build/ of its own that must stay as it is.
  packageDir = join(scratch.dir, 'node_modules', 'better-sqlite3');
  mkdirSync(join(packageDir, 'build', 'Release'), { recursive: true });
  writeFileSync(join(packageDir, 'package.json'), '{"name":"better-sqlite3","version":"12.11.1"}');
  writeFileSync(join(packageDir, 'binding.gyp'), '{}');
  writeFileSync(join(packageDir, 'build', 'Release', 'better_sqlite3.node'), 'the node build');
});
afterEach(() => scratch.cleanup());

interface Calls {
  download: string[];
  compile: string[];
}

/** Tools that "download" and "compile" by writing the given bytes (or the real Node build) into build/Release. */
function fakeTools(result: { download?: Uint8Array | null; compile?: Uint8Array | 'real' }, calls: Calls): BuildTools {
  const put = (work: string, bytes: Uint8Array | 'real') => {
    mkdirSync(join(work, 'build', 'Release'), { recursive: true });
    if (bytes === 'real') copyFileSync(NODE_SQLITE_BINARY, join(work, 'build', 'Release', 'better_sqlite3.node'));
    else writeFileSync(join(work, 'build', 'Release', 'better_sqlite3.node'), bytes);
  };
  return {
    async download(work) {
      // The scratch copy never carries the installed package's build/.
      expect(existsSync(join(work, 'build'))).toBe(false);
      expect(existsSync(join(work, 'binding.gyp'))).toBe(true);
      calls.download.push(work);
      if (!result.download) return false;
      put(work, result.download);
      return true;
    },
    async compile(work) {
      calls.compile.push(work);
      put(work, result.compile ?? 'real');
    },
  };
}

const installedBuild = () => readFileSync(join(packageDir, 'build', 'Release', 'better_sqlite3.node'), 'utf8');

describe('ensureSqliteBuild', () => {
  it('falls back to a source build when no prebuilt binary exists, and puts it in the per-ABI folder', async () => {
    const calls: Calls = { download: [], compile: [] };
    const result = await ensureSqliteBuild({ root: scratch.dir, target: NODE_TARGET, packageDir, tools: fakeTools({ download: null }, calls) });
    expect(result).toEqual({ file: electronSqliteBinary(scratch.dir, NODE_TARGET), action: 'compiled' });
    expect(readFileSync(result.file).equals(readFileSync(NODE_SQLITE_BINARY))).toBe(true);
    expect(calls.download).toHaveLength(1);
    expect(calls.compile).toHaveLength(1);
    expect(installedBuild()).toBe('the node build');
  });

  it('uses a prebuilt binary with the right ABI and compiles nothing', async () => {
    const calls: Calls = { download: [], compile: [] };
    const result = await ensureSqliteBuild({ root: scratch.dir, target: NODE_TARGET, packageDir, tools: fakeTools({ download: readFileSync(NODE_SQLITE_BINARY) }, calls) });
    expect(result.action).toBe('downloaded');
    expect(calls.compile).toHaveLength(0);
  });

  it('compiles when the prebuilt binary carries the wrong ABI', async () => {
    const calls: Calls = { download: [], compile: [] };
    const result = await ensureSqliteBuild({ root: scratch.dir, target: NODE_TARGET, packageDir, tools: fakeTools({ download: WRONG_ABI }, calls) });
    expect(result.action).toBe('compiled');
  });

  it('does nothing when a matching binary is there, and rebuilds it with force', async () => {
    const calls: Calls = { download: [], compile: [] };
    const tools = fakeTools({ download: null }, calls);
    await ensureSqliteBuild({ root: scratch.dir, target: NODE_TARGET, packageDir, tools });
    expect((await ensureSqliteBuild({ root: scratch.dir, target: NODE_TARGET, packageDir, tools })).action).toBe('present');
    expect(calls.compile).toHaveLength(1);
    expect((await ensureSqliteBuild({ root: scratch.dir, target: NODE_TARGET, packageDir, tools, force: true })).action).toBe('compiled');
    expect(calls.compile).toHaveLength(2);
  });

  it('replaces a binary of the wrong ABI left by an older Electron', async () => {
    const dest = electronSqliteBinary(scratch.dir, NODE_TARGET);
    mkdirSync(dirname(dest), { recursive: true });
    writeFileSync(dest, WRONG_ABI);
    const result = await ensureSqliteBuild({ root: scratch.dir, target: NODE_TARGET, packageDir, tools: fakeTools({ download: null }, { download: [], compile: [] }) });
    expect(result.action).toBe('compiled');
  });

  it('refuses a source build of the wrong ABI and leaves no file behind', async () => {
    const tools = fakeTools({ download: null, compile: WRONG_ABI }, { download: [], compile: [] });
    await expect(ensureSqliteBuild({ root: scratch.dir, target: NODE_TARGET, packageDir, tools })).rejects.toThrow(/not usable: built for .*ABI 999, needed ABI/);
    expect(existsSync(electronSqliteBinary(scratch.dir, NODE_TARGET))).toBe(false);
    expect(installedBuild()).toBe('the node build');
  });
});

describe('the build environment', () => {
  it("drops npm's nodedir for Electron, so node-gyp fetches Electron's headers instead of building for Node", () => {
    const env = buildEnv({ ...NODE_TARGET, runtime: 'electron', version: '45.5.0', abi: 150 }, { PATH: '/bin', npm_config_nodedir: '/usr', npm_config_target: '20.0.0', npm_config_cache: '/c' });
    expect(env).toEqual({ PATH: '/bin', npm_config_cache: '/c' });
  });

  it('keeps local headers for a Node target', () => {
    expect(buildEnv({ ...NODE_TARGET, nodedir: '/usr' }, { PATH: '/bin' })).toEqual({ PATH: '/bin', npm_config_nodedir: '/usr' });
  });
});

const realBuild = process.env.MNIST_LAB_NATIVE_BUILD === '1';
const nodedir = process.env.npm_config_nodedir ?? (existsSync('/usr/include/node/node.h') ? '/usr' : undefined);
describe.skipIf(!realBuild)('the real tools (opt-in: MNIST_LAB_NATIVE_BUILD=1)', () => {
  it('builds better-sqlite3 from source against local Node headers into the per-ABI folder, and it opens a database', async () => {
    const installed = dirname(createRequire(resolve(import.meta.dirname, '../../../package.json')).resolve('better-sqlite3/package.json'));
    const before = readFileSync(join(installed, 'build/Release/better_sqlite3.node'));
    const lines: string[] = [];
    const result = await ensureSqliteBuild({ root: scratch.dir, target: { ...NODE_TARGET, nodedir }, packageDir: installed, log: (l) => lines.push(l) });
    expect(result.action, lines.join('\n')).not.toBe('present');
    const db = new BetterSqlite3(':memory:', { nativeBinding: result.file });
    expect(db.prepare('select 6 * 7 as n').get()).toEqual({ n: 42 });
    db.close();
    expect(readFileSync(join(installed, 'build/Release/better_sqlite3.node')).equals(before)).toBe(true);
  }, 600_000);
});
