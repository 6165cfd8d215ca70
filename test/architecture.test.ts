// The layering rules of the codebase, checked on every import: common/ is pure, the renderer never
// reaches into main/, main/ never into the renderer, and only main/electron + main/index touch Electron.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory()) return sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
}

/** The top-level folder an import lands in, or the package name for bare imports. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec;
  return relative(root, resolve(root, dirname(file), spec)).split('/')[0];
}

/** Packages common/ may use: plain TypeScript that runs the same in Node, the renderer and tests (the IPC schemas). */
const PURE_PACKAGES = ['valibot'];

describe('layering', () => {
  it('common/ imports only common/ and pure libraries (no Node, DOM, Electron or other packages)', () => {
    const bad = sourceFiles('common').flatMap((f) =>
      imports(f)
        .filter((s) => target(f, s) !== 'common' && !PURE_PACKAGES.includes(s))
        .map((s) => `${f} -> ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('renderer/ never imports main/ or preload/', () => {
    const bad = sourceFiles('renderer').flatMap((f) =>
      imports(f)
        .filter((s) => ['main', 'preload'].includes(target(f, s)) || s === 'electron' || s.startsWith('node:'))
        .map((s) => `${f} -> ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('main/ never imports the renderer, and only its Electron glue imports electron', () => {
    const bad = sourceFiles('main').flatMap((f) =>
      imports(f)
        .filter((s) => ['renderer', 'preload'].includes(target(f, s)) || (s === 'electron' && !f.startsWith('main/electron/') && f !== 'main/index.ts' && !f.endsWith('utility-runner.ts')))
        .map((s) => `${f} -> ${s}`),
    );
    expect(bad).toEqual([]);
  });

  it('preload/ imports only electron and common/', () => {
    const bad = sourceFiles('preload').flatMap((f) => imports(f).filter((s) => s !== 'electron' && target(f, s) !== 'common').map((s) => `${f} -> ${s}`));
    expect(bad).toEqual([]);
  });
});
