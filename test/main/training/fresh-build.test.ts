/**
 * The command line's runs take the build while it matches the sources (main/training/fresh-build.ts):
 * the manifest the build plugin writes, and the check against it, on real files in a temp folder.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { codeDigest, freshBuiltEntry, recordSources, sourceDigest, SOURCES_MANIFEST, type SourcesManifest } from '../../../main/training/fresh-build';
import { makeTempDir, removeTempDirs } from './helpers';

afterAll(removeTempDirs);

/** A project with two sources and a package, built by running the plugin on a bundle that names them. */
function builtProject(): { root: string; outDir: string; manifest: SourcesManifest } {
  const root = makeTempDir('mnist-lab-fresh-build-');
  for (const [path, text] of [['main/worker.ts', 'export const a = 1;\n'], ['common/shape.ts', 'export const b = 2;\n'], ['node_modules/pkg/index.js', 'module.exports = 3;\n']]) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const outDir = join(root, 'out', 'main');
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, 'worker.js'), '// built\n');
  const bundle = {
    'worker.js': { type: 'chunk', moduleIds: [join(root, 'main/worker.ts'), '\0virtual:helper', join(root, 'node_modules/pkg/index.js')] },
    'chunks/shape.js': { type: 'chunk', moduleIds: [`${join(root, 'common/shape.ts')}?used`, '/elsewhere/outside.ts'] },
    'sources.txt': { type: 'asset' },
  };
  let emitted = '';
  recordSources(root).generateBundle.call({ emitFile: (file) => ((emitted = file.source), file.fileName) }, {}, bundle);
  writeFileSync(join(outDir, SOURCES_MANIFEST), emitted);
  return { root, outDir, manifest: JSON.parse(emitted) as SourcesManifest };
}

describe('the build manifest', () => {
  it("lists the project's own modules by relative path and digest: no packages, virtual modules or outside files", () => {
    const { root, manifest } = builtProject();
    expect(manifest.sources).toEqual({
      'common/shape.ts': sourceDigest(join(root, 'common/shape.ts')),
      'main/worker.ts': sourceDigest(join(root, 'main/worker.ts')),
    });
  });

  it('is written beside the real build, listing the training worker and what it imports', () => {
    const outMain = resolve(import.meta.dirname, '..', '..', '..', 'out', 'main');
    const manifest = JSON.parse(readFileSync(join(outMain, SOURCES_MANIFEST), 'utf8')) as SourcesManifest;
    expect(Object.keys(manifest.sources)).toEqual(expect.arrayContaining(['main/training/worker.ts', 'main/training/trainer.ts', 'common/layers/types.ts']));
    expect(Object.keys(manifest.sources).some((path) => path.includes('node_modules'))).toBe(false);
  });
});

describe('freshBuiltEntry', () => {
  it('gives the built entry while every source is as it was built', () => {
    const { root, outDir } = builtProject();
    expect(freshBuiltEntry('worker.js', root)).toBe(join(outDir, 'worker.js'));
  });

  it('gives null once a source is edited, even back to the same length', () => {
    const { root } = builtProject();
    writeFileSync(join(root, 'common/shape.ts'), 'export const b = 3;\n');
    expect(freshBuiltEntry('worker.js', root)).toBeNull();
  });

  it('gives null when a source is gone, the manifest is missing or empty, or the entry was never built', () => {
    const gone = builtProject();
    rmSync(join(gone.root, 'main/worker.ts'));
    expect(freshBuiltEntry('worker.js', gone.root)).toBeNull();

    const noManifest = builtProject();
    rmSync(join(noManifest.outDir, SOURCES_MANIFEST));
    expect(freshBuiltEntry('worker.js', noManifest.root)).toBeNull();

    const empty = builtProject();
    writeFileSync(join(empty.outDir, SOURCES_MANIFEST), JSON.stringify({ sources: {} }));
    expect(freshBuiltEntry('worker.js', empty.root)).toBeNull();

    expect(freshBuiltEntry('replica.js', builtProject().root)).toBeNull();
  });
});

describe('codeDigest', () => {
  it("from a build, follows its manifest, found beside the module or its chunks' folder", () => {
    const { outDir } = builtProject();
    const inChunks = pathToFileURL(join(outDir, 'chunks', 'reading-abc.js')).href;
    const digest = codeDigest(inChunks);
    expect(codeDigest(pathToFileURL(join(outDir, 'worker.js')).href)).toBe(digest);
    writeFileSync(join(outDir, SOURCES_MANIFEST), JSON.stringify({ sources: { 'main/worker.ts': 'another' } }));
    expect(codeDigest(inChunks)).not.toBe(digest);
    rmSync(join(outDir, SOURCES_MANIFEST));
    expect(() => codeDigest(inChunks)).toThrow(/no sources.json/);
  });

  it('from source, is the same while the sources are', () => {
    expect(codeDigest()).toBe(codeDigest());
    expect(codeDigest()).toMatch(/^[\w-]{43}$/);
  });

  it("from source, is the build's while that build is fresh, so a worker running the build and the command line agree", () => {
    const { root, outDir } = builtProject();
    const fromSource = pathToFileURL(join(root, 'main', 'training', 'fresh-build.ts')).href;
    const built = codeDigest(pathToFileURL(join(outDir, 'worker.js')).href);
    expect(codeDigest(fromSource, root)).toBe(built);
    writeFileSync(join(root, 'common/shape.ts'), 'export const b = 3;\n');
    const edited = codeDigest(fromSource, root);
    expect(edited).not.toBe(built);
    // Stale or gone, the build no longer names the code: the sources do.
    rmSync(join(outDir, SOURCES_MANIFEST));
    expect(codeDigest(fromSource, root)).toBe(edited);
  });
});
