// The addon reader: the binary the Electron main would load against Electron's ABI (from node-abi),
// its twin on the Node build this machine compiled, N-API addons (sharp), other formats and
// platforms (Mach-O and PE files that ship in node_modules), synthetic ELF files of every class
// and byte order, and files that are not addons at all.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAddon } from '../../../main/native/addon-abi';
import { electronSqliteBinary } from '../../../main/native/bindings';
import { electronTarget } from '../../../main/native/electron-target';
import { buildElf } from './elf-fixture';

const root = resolve(import.meta.dirname, '../../..');
const nodeRequire = createRequire(join(root, 'package.json'));
const { version: electronVersion, abi: electronAbi } = electronTarget(root);
const electronBinary = electronSqliteBinary(root, { abi: electronAbi, platform: process.platform, arch: process.arch });
const nodeBinary = join(dirname(nodeRequire.resolve('better-sqlite3/package.json')), 'build/Release/better_sqlite3.node');
const napiZip = join(root, 'node_modules/@electron-internal/extract-zip');
const fixture = (name: string) => join(napiZip, name);
const hasFixtures = existsSync(fixture('index.win32-x64-msvc.node'));

describe('the better-sqlite3 binary each runtime loads', () => {
  it.skipIf(!existsSync(electronBinary))(
    existsSync(electronBinary)
      ? `Electron's build carries Electron ${electronVersion}'s ABI (${electronAbi})`
      : `Electron's build carries Electron ${electronVersion}'s ABI (${electronAbi}): skipped, ${electronBinary} was never built here (npm run rebuild:electron needs Electron's headers or a prebuilt download, unreachable on this machine)`,
    () => {
      expect(readAddon(readFileSync(electronBinary), process.arch)).toEqual({
        ok: true,
        info: { format: process.platform === 'darwin' ? 'mach-o' : process.platform === 'win32' ? 'pe' : 'elf', archs: [process.arch], platform: process.platform, kind: 'node-abi', abi: electronAbi },
      });
    },
  );

  it("the Node build in node_modules carries this Node's ABI, which is not Electron's", () => {
    const reading = readAddon(readFileSync(nodeBinary), process.arch);
    expect(reading).toMatchObject({ ok: true, info: { kind: 'node-abi', abi: Number(process.versions.modules), platform: process.platform } });
    expect(reading.ok && reading.info.archs).toContain(process.arch);
    expect(Number(process.versions.modules)).not.toBe(electronAbi);
  });

  it('node-abi knows the installed Electron', () => {
    expect(electronAbi).toBeGreaterThan(Number(process.versions.modules));
  });
});

describe('N-API addons load in any runtime', () => {
  it("sharp's binary is N-API", () => {
    // Its package exports no package.json, so it is found beside its entry file.
    const dir = join(dirname(nodeRequire.resolve(`@img/sharp-${process.platform}-${process.arch}/sharp.node`)), 'lib');
    const file = readFileSync(join(dir, nodeFileIn(dir)));
    expect(readAddon(file, process.arch)).toMatchObject({ ok: true, info: { kind: 'napi', abi: null } });
  });

  const tfjsNode = ['@tensorflow/tfjs-node', '@tensorflow/tfjs-node-gpu'].map((pkg) => join(root, 'node_modules', pkg, 'lib', 'napi-v8')).find((dir) => existsSync(dir));
  it.skipIf(!tfjsNode)(tfjsNode ? "tfjs-node's binding is N-API" : "tfjs-node's binding is N-API: skipped, neither optional tfjs-node package installed here", () => {
    const dir = tfjsNode as string;
    expect(readAddon(readFileSync(join(dir, nodeFileIn(dir))), process.arch)).toMatchObject({ ok: true, info: { kind: 'napi' } });
  });

  it.skipIf(!hasFixtures)('Mach-O universal and PE binaries are read (the napi-rs builds in @electron-internal/extract-zip)', () => {
    expect(readAddon(readFileSync(fixture('index.darwin-universal.node')), 'arm64')).toEqual({
      ok: true,
      info: { format: 'mach-o', archs: ['x64', 'arm64'], platform: 'darwin', kind: 'napi', abi: null },
    });
    expect(readAddon(readFileSync(fixture('index.win32-x64-msvc.node')))).toEqual({ ok: true, info: { format: 'pe', archs: ['x64'], platform: 'win32', kind: 'napi', abi: null } });
    expect(readAddon(readFileSync(fixture('index.win32-arm64-msvc.node')))).toMatchObject({ ok: true, info: { archs: ['arm64'], kind: 'napi' } });
    expect(readAddon(readFileSync(fixture('index.linux-ia32-gnu.node')))).toMatchObject({ ok: true, info: { format: 'elf', archs: ['ia32'], kind: 'napi' } });
    expect(readAddon(readFileSync(fixture('index.linux-arm-gnueabihf.node')))).toMatchObject({ ok: true, info: { archs: ['arm'], kind: 'napi' } });
  });
});

function nodeFileIn(dir: string): string {
  const name = readdirSync(dir).find((f) => f.endsWith('.node'));
  if (!name) throw new Error(`no .node file in ${dir}`);
  return name;
}

describe('ELF files of every class and byte order', () => {
  const cases = [
    { wide: true, little: true, machine: 62, arch: 'x64' },
    { wide: false, little: true, machine: 3, arch: 'ia32' },
    { wide: true, little: false, machine: 21, arch: 'ppc64' },
    { wide: false, little: false, machine: 8, arch: 'mips' },
  ];
  for (const c of cases) {
    it(`${c.wide ? 64 : 32}-bit ${c.little ? 'little' : 'big'}-endian`, () => {
      const elf = buildElf({ ...c, symbols: ['!node_module_register', 'sqlite3_open', 'node_register_module_v150'] });
      expect(readAddon(elf)).toEqual({ ok: true, info: { format: 'elf', archs: [c.arch], platform: 'linux', kind: 'node-abi', abi: 150 } });
    });
  }

  it('an imported (undefined) registration symbol does not count; an old-style N-API import does', () => {
    expect(readAddon(buildElf({ wide: true, little: true, machine: 62, symbols: ['!node_register_module_v99'] }))).toMatchObject({ ok: true, info: { kind: 'unknown', abi: null } });
    expect(readAddon(buildElf({ wide: true, little: true, machine: 62, symbols: ['!napi_module_register'] }))).toMatchObject({ ok: true, info: { kind: 'napi' } });
  });

  it('an executable is not an addon', () => {
    expect(readAddon(buildElf({ wide: true, little: true, machine: 62, symbols: [], type: 2 }))).toEqual({ ok: false, reason: 'an ELF file that is not a shared object (e_type 2)' });
  });
});

describe('files that are not addons', () => {
  const real = readFileSync(nodeBinary);
  const cases: [string, Uint8Array, RegExp][] = [
    ['an empty file', new Uint8Array(0), /empty/],
    ['a few bytes', real.subarray(0, 20), /truncated/],
    ['the first 4 KiB of a real addon', real.subarray(0, 4096), /truncated or corrupt/],
    ['a real addon cut in half', real.subarray(0, real.byteLength >> 1), /truncated or corrupt/],
    ['text', Buffer.from('{"name": "not an addon"}'.repeat(10)), /neither ELF, Mach-O nor PE/],
    ['an ELF header followed by garbage', Buffer.concat([real.subarray(0, 64), Buffer.alloc(64, 0xff)]), /truncated or corrupt/],
    ['a Java class file (same magic as a universal binary)', Buffer.concat([Buffer.from([0xca, 0xfe, 0xba, 0xbe, 0, 0, 0, 0x34]), Buffer.alloc(80)]), /not a universal binary/],
    ['an MZ file without a PE header', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(100)]), /without a PE header/],
  ];
  for (const [what, bytes, reason] of cases) {
    it(what, () => {
      const reading = readAddon(bytes);
      expect(reading.ok).toBe(false);
      if (!reading.ok) expect(reading.reason).toMatch(reason);
    });
  }

  it('the wasm backend’s .wasm file', () => {
    const wasm = join(dirname(nodeRequire.resolve('@tensorflow/tfjs-backend-wasm')), 'tfjs-backend-wasm.wasm');
    expect(readAddon(readFileSync(wasm))).toEqual({ ok: false, reason: 'not a compiled addon (neither ELF, Mach-O nor PE)' });
  });
});
