// electron-builder.yml against what the build really produces: the files it packs include the
// built main, worker, replica, preload and renderer; every .node, .wasm and shared library the
// runtime packages ship (and every one the bundles name) is unpacked from the asar; the bundles'
// packages are production dependencies (electron-builder packs only those); node_modules is never
// rebuilt in place. Needs `npx electron-vite build` first (npm test builds before it tests).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { join, relative, resolve, sep } from 'node:path';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MANIFEST_FILE, REAL_WORLD_PATH, type RealWorldManifest } from '../../../main/inference/real-world-set';

const root = resolve(import.meta.dirname, '../../..');
const nodeRequire = createRequire(join(root, 'package.json'));
const yaml = nodeRequire('js-yaml') as { load(text: string): unknown };
const minimatch = nodeRequire('minimatch') as (path: string, pattern: string, options?: { dot?: boolean }) => boolean;

interface BuilderConfig {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  asar: boolean;
  asarUnpack: string[];
  extraResources: { from: string; to: string; filter: string[] }[];
  npmRebuild: boolean;
  nodeGypRebuild: boolean;
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
}

const config = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  main: string;
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  optionalDependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const built = existsSync(join(root, 'out/main/index.js'));
const posix = (p: string) => p.split(sep).join('/');

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => posix(relative(root, join(e.parentPath, e.name))));
}

/** electron-builder's `files`: the positive patterns say what is packed, the negated ones take files out again. */
function packed(file: string): boolean {
  const included = file === 'package.json' || file.startsWith('node_modules/') || config.files.some((p) => !p.startsWith('!') && minimatch(file, p, { dot: true }));
  return included && !config.files.some((p) => p.startsWith('!') && minimatch(file, p.slice(1), { dot: true }));
}
const unpacked = (file: string) => config.asarUnpack.some((p) => minimatch(file, p, { dot: true }));

/** The production dependency closure electron-builder packs: dependencies, installed optional ones, and theirs. */
function runtimePackages(): Map<string, string> {
  const found = new Map<string, string>();
  const visit = (name: string, from: string) => {
    if (found.has(name)) return;
    let manifest: string;
    try {
      manifest = createRequire(join(from, 'package.json')).resolve(`${name}/package.json`);
    } catch {
      const direct = join(root, 'node_modules', name, 'package.json');
      if (!existsSync(direct)) return; // an optional dependency that is not installed here
      manifest = direct;
    }
    const dir = resolve(manifest, '..');
    found.set(name, dir);
    const m = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...m.dependencies, ...m.optionalDependencies })) visit(dep, dir);
  };
  for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(name, root);
  return found;
}

const BINARY = /(\.node|\.wasm|\.dll|\.dylib|\.so(\.\d+)*)$/;

describe('electron-builder configuration', () => {
  it('names the app, its icon and the installers for each OS', () => {
    expect(config.appId).toBe('org.mnistlab.app');
    expect(config.productName).toBe('MNIST Lab');
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.win.target).toEqual(['nsis']);
    for (const icon of [config.linux.icon, config.mac.icon, config.win.icon]) {
      const png = readFileSync(join(root, icon));
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      // IHDR: width and height; electron-builder derives .icns and .ico from a 512x512 PNG.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
    }
  });

  it('never rebuilds node_modules in place (the CLI and npm test keep their Node build)', () => {
    expect(config.npmRebuild).toBe(false);
    expect(config.nodeGypRebuild).toBe(false);
    expect(config.files).toContain('!node_modules/better-sqlite3/build/**');
    expect(pkg.scripts.dist).toMatch(/electron-native\.ts && electron-vite build && electron-builder/);
  });

  it('leaves the native conv kernels, compiled for the CPU that ran npm install, out of the installers', () => {
    expect(pkg.optionalDependencies['mnist-lab-native-kernels']).toBeDefined();
    for (const file of ['index.cjs', 'package.json', 'build/Release/kernels.node']) {
      expect(packed(`node_modules/mnist-lab-native-kernels/${file}`), file).toBe(false);
    }
  });

  it('ships the real-world set where the packaged app looks for it, every picture its manifest names', async () => {
    const entry = config.extraResources.find((r) => r.from === 'bench/real-world');
    expect(entry?.to).toBe(posix(REAL_WORLD_PATH));
    const manifest = JSON.parse(await readFile(join(root, 'bench', 'real-world', MANIFEST_FILE), 'utf8')) as RealWorldManifest;
    for (const file of [MANIFEST_FILE, ...manifest.images.map((image) => image.file)]) {
      expect(entry?.filter.some((pattern) => minimatch(file, pattern)), file).toBe(true);
    }
  });

  it("ships Electron's build of better-sqlite3 from native/ outside the asar", () => {
    expect(config.extraResources).toContainEqual({ from: 'native', to: 'native', filter: ['**/*.node'] });
    // main/native/bindings.ts looks for it under process.resourcesPath/native/better-sqlite3/.
    expect(minimatch('better-sqlite3/electron-v150-linux-x64/better_sqlite3.node', config.extraResources[0].filter[0])).toBe(true);
  });

  it.skipIf(!built)(built ? 'packs the built main, worker, replica, preload and renderer' : 'packs the built bundles: skipped, out/ is not built (npx electron-vite build)', () => {
    const out = filesUnder(join(root, 'out'));
    for (const file of ['out/main/index.js', 'out/main/worker.js', 'out/main/file-worker.js', 'out/main/replica.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
      expect(out).toContain(file);
      expect(packed(file), file).toBe(true);
    }
    expect(out.filter((f) => !packed(f))).toEqual([]);
    expect(packed(pkg.main)).toBe(true);
  });

  it.skipIf(!built)('unpacks the training bundles and every chunk they import', () => {
    for (const entry of ['out/main/worker.js', 'out/main/replica.js']) {
      expect(unpacked(entry), entry).toBe(true);
      const text = readFileSync(join(root, entry), 'utf8');
      for (const [, chunk] of text.matchAll(/from\s+["']\.\/(chunks\/[^"']+)["']/g)) expect(unpacked(`out/main/${chunk}`), chunk).toBe(true);
    }
  });

  it('unpacks every .node, .wasm and shared library of the runtime packages', () => {
    const packages = runtimePackages();
    expect([...packages.keys()]).toEqual(expect.arrayContaining(['better-sqlite3', 'sharp', '@tensorflow/tfjs-backend-wasm']));
    const binaries = [...packages.values()].flatMap((dir) => filesUnder(dir)).filter((f) => BINARY.test(f) && packed(f));
    // On this machine: sharp's .node and libvips, the wasm backend's .wasm files (and tfjs-node's where installed).
    expect(binaries.some((f) => f.endsWith('.wasm'))).toBe(true);
    expect(binaries.some((f) => f.includes('@img/') && f.endsWith('.node'))).toBe(true);
    expect(binaries.filter((f) => !unpacked(f))).toEqual([]);
  });

  it.skipIf(!built)('every .node and .wasm file the bundles name is packed and unpacked, or comes from native/', () => {
    const bundles = filesUnder(join(root, 'out/main')).filter((f) => f.endsWith('.js'));
    const named = new Set(bundles.flatMap((f) => [...readFileSync(join(root, f), 'utf8').matchAll(/["'`]([\w./@-]*\.(?:node|wasm))["'`]/g)].map((m) => m[1].split('/').pop() as string)));
    const runtimeFiles = [...runtimePackages().values()].flatMap((dir) => filesUnder(dir)).filter(packed);
    for (const name of named) {
      if (name === 'better_sqlite3.node') continue; // loaded from native/ (extraResources), see main/native/bindings.ts
      const copies = runtimeFiles.filter((f) => f.endsWith(`/${name}`));
      expect(copies, `${name} is named by the bundles but not packed`).not.toEqual([]);
      expect(copies.filter((f) => !unpacked(f))).toEqual([]);
    }
  });

  it.skipIf(!built)("the bundles' packages are production dependencies, so electron-builder packs them", () => {
    const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
    const bare = new Set<string>();
    for (const f of filesUnder(join(root, 'out/main')).filter((f) => f.endsWith('.js'))) {
      const text = readFileSync(join(root, f), 'utf8');
      for (const m of text.matchAll(/(?:from\s+|import\(\s*|require(?:\.resolve)?\(\s*)["']([^"'./][^"']*)["']/g)) {
        const spec = m[1];
        if (builtins.has(spec) || spec === 'electron') continue;
        bare.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
      }
    }
    const production = runtimePackages();
    expect([...bare].filter((name) => !production.has(name) && !(name in pkg.optionalDependencies))).toEqual([]);
    expect(bare.has('better-sqlite3')).toBe(true);
  });
});

