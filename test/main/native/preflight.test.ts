// Bad native binaries: each gets the native-addon message (which addon, what the file is, what
// Electron needs, the fix), before the app touches its data folder.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { configureNativeRoot } from '../../../main/native/bindings';
import { checkSqliteAddon, describeNativeProblem } from '../../../main/native/preflight';
import { buildElf } from './elf-fixture';
import { ELECTRON_45, ELECTRON_LIKE_THIS_NODE, NODE_SQLITE_BINARY, placeBinary, scratchRoot } from './native-fixture';

const root = resolve(import.meta.dirname, '../../..');
const realBinary = readFileSync(NODE_SQLITE_BINARY);
const windowsAddon = join(root, 'node_modules/@electron-internal/extract-zip/index.win32-x64-msvc.node');
const otherArch = process.arch === 'arm64' ? 62 : 183;

let scratch: ReturnType<typeof scratchRoot>;
beforeEach(() => {
  scratch = scratchRoot();
  configureNativeRoot(scratch.dir);
});
afterEach(() => scratch.cleanup());

function problemFor(bytes: Uint8Array | undefined, runtime = ELECTRON_45, load?: (file: string) => void) {
  if (bytes !== undefined || runtime === ELECTRON_LIKE_THIS_NODE) placeBinary(scratch.dir, runtime, bytes);
  const result = checkSqliteAddon({ runtime, load });
  if (result.ok) throw new Error(`expected a problem, the check passed for ${result.file}`);
  return result.problem;
}

describe('the native preflight', () => {
  it('passes, and really loads, a binary with the runtime’s ABI', () => {
    placeBinary(scratch.dir, ELECTRON_LIKE_THIS_NODE);
    expect(checkSqliteAddon({ runtime: ELECTRON_LIKE_THIS_NODE })).toMatchObject({ ok: true });
  });

  it('names the ABI the binary has and the one Electron needs (the Node build where Electron 45 expects its own)', () => {
    const problem = problemFor(realBinary);
    expect(problem.have).toBe(`built for ${process.platform}-${process.arch}, ABI ${process.versions.modules}`);
    expect(problem.need).toMatch(/^ABI 150 for .* \(Electron 45\.5\.0\)$/);
    expect(problem.fix).toBe('Run `npm run rebuild:electron` in the project folder, then start the app again.');
  });

  it('a missing native folder', () => {
    expect(problemFor(undefined).have).toBe('missing (no file at that path)');
  });

  it('a truncated binary', () => {
    expect(problemFor(realBinary.subarray(0, 8192)).have).toMatch(/truncated or corrupt/);
  });

  it('a corrupt binary (random bytes)', () => {
    expect(problemFor(Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251))).have).toMatch(/not a compiled addon/);
  });

  it('an empty file', () => {
    expect(problemFor(new Uint8Array(0)).have).toBe('the file is empty');
  });

  it('a binary for another OS (a Windows DLL)', () => {
    expect(problemFor(readFileSync(windowsAddon)).have).toBe('built for win32-x64, Node-API (any ABI)');
  });

  it('a binary for another CPU', () => {
    const elf = buildElf({ wide: true, little: true, machine: otherArch, symbols: ['node_register_module_v150'] });
    const have = problemFor(elf).have;
    expect(have).toMatch(/^built for linux-(x64|arm64), ABI 150$/);
    expect(have).not.toContain(process.arch);
  });

  it('a shared library that is no Node addon', () => {
    const elf = buildElf({ wide: true, little: true, machine: process.arch === 'arm64' ? 183 : 62, symbols: ['sqlite3_open'] });
    expect(problemFor(elf).have).toMatch(/without a Node.js registration symbol/);
  });

  it('a binary that looks right but fails to load keeps the loader’s words', () => {
    const problem = problemFor(undefined, ELECTRON_LIKE_THIS_NODE, () => {
      throw new Error('libstdc++.so.6: version `GLIBCXX_3.4.32` not found');
    });
    expect(problem.have).toMatch(/but it fails to load$/);
    expect(problem.detail).toContain('GLIBCXX_3.4.32');
  });

  it('a packaged app says to reinstall, not to run npm', () => {
    const result = checkSqliteAddon({ runtime: ELECTRON_45, packaged: true });
    expect(!result.ok && result.problem.fix).toMatch(/^Reinstall MNIST Lab/);
  });

  it('turns a problem into a dialog text with every part', () => {
    const { title, message } = describeNativeProblem(problemFor(realBinary));
    expect(title).toBe('MNIST Lab cannot load better-sqlite3');
    for (const part of ['better-sqlite3', `ABI ${process.versions.modules}`, 'ABI 150', 'npm run rebuild:electron', 'has not been touched']) expect(message).toContain(part);
    expect(message).not.toMatch(/data folder.*cannot/i);
  });
});
