/**
 * The command line and `mnist-lab serve` run the TypeScript sources through tsx, so there is no
 * build step between `npm install` and `mnist-lab`. Their training processes would do the same,
 * but loading a few hundred modules through tsx's hooks costs every run about half a second of
 * start-up, in the process and again in its replica thread. So a run takes the build instead
 * (out/main/worker.js, made by `npm start`, `npm test`, `npm run build` or `serve`'s first start)
 * when that build was made from the sources exactly as they are now: electron.vite.config.ts
 * writes each source's digest beside the bundle, and a source edited since is noticed here and
 * the run goes back to tsx. A stale build is never run.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Beside the main bundle: the project-relative path and digest of every source it was built from. */
export const SOURCES_MANIFEST = 'sources.json';

export interface SourcesManifest {
  sources: Record<string, string>;
}

/** The project folder when this module runs from source (main/training/ below it). */
const PROJECT_ROOT = resolve(import.meta.dirname, '..', '..');

export function sourceDigest(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('base64url');
}

/**
 * A digest of the code this process runs, for caches of what that code computes: from a build, its
 * manifest (the sources it was made from). From source, the same while a fresh build of these
 * sources is there (a run's worker then runs that build, and the command line that started it must
 * name what they compute alike); else every TypeScript file of common/ and main/.
 */
export function codeDigest(moduleUrl = import.meta.url, root = PROJECT_ROOT): string {
  const hash = createHash('sha256');
  if (moduleUrl.endsWith('.ts')) {
    const built = freshManifest(root);
    if (built) return hash.update(built).digest('base64url');
    for (const folder of ['common', 'main']) {
      const files = readdirSync(join(root, folder), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).sort();
      for (const file of files) hash.update(`${folder}/${file}\0${sourceDigest(join(root, folder, file))}\0`);
    }
    return hash.digest('base64url');
  }
  // A bundle's chunks sit in out/main or out/main/chunks.
  const here = dirname(fileURLToPath(moduleUrl));
  const manifest = [join(here, SOURCES_MANIFEST), join(here, '..', SOURCES_MANIFEST)].find((file) => existsSync(file));
  if (!manifest) throw new Error(`This build has no ${SOURCES_MANIFEST} beside it.`);
  return hash.update(readFileSync(manifest)).digest('base64url');
}

/** The build's manifest as it is on disk, if every source it lists is as it was built; else null. */
function freshManifest(root: string): Buffer | null {
  try {
    const bytes = readFileSync(join(root, 'out', 'main', SOURCES_MANIFEST));
    const sources = Object.entries((JSON.parse(bytes.toString('utf8')) as SourcesManifest).sources);
    if (sources.length === 0) return null;
    for (const [path, digest] of sources) if (sourceDigest(join(root, path)) !== digest) return null;
    return bytes;
  } catch {
    // No build, a partial one, or a source deleted since.
    return null;
  }
}

/** The built entry (a file name in out/main, such as worker.js) if its build is up to date; else null. */
export function freshBuiltEntry(entry: string, root = PROJECT_ROOT): string | null {
  const path = join(root, 'out', 'main', entry);
  // Without a fresh build: run from source.
  return freshManifest(root) && existsSync(path) ? path : null;
}

interface BundleChunk {
  type: string;
  moduleIds?: readonly string[];
}

interface EmitContext {
  emitFile(file: { type: 'asset'; fileName: string; source: string }): string;
}

/**
 * The build plugin (electron.vite.config.ts, main bundle) that writes the manifest: every module
 * of the project's own that went into any chunk. Packages stay outside the bundle, so they are
 * not listed.
 */
export function recordSources(root: string) {
  return {
    name: 'mnist-lab-record-sources',
    generateBundle(this: EmitContext, _options: unknown, bundle: Record<string, BundleChunk>): void {
      const files = new Set<string>();
      for (const chunk of Object.values(bundle)) {
        for (const id of chunk.moduleIds ?? []) {
          const file = id.split('?')[0];
          if (file.startsWith(root + sep) && !file.includes(`${sep}node_modules${sep}`)) files.add(file);
        }
      }
      const sources: Record<string, string> = {};
      for (const file of [...files].sort()) sources[relative(root, file).split(sep).join('/')] = sourceDigest(file);
      const manifest: SourcesManifest = { sources };
      this.emitFile({ type: 'asset', fileName: SOURCES_MANIFEST, source: `${JSON.stringify(manifest, null, 1)}\n` });
    },
  };
}
