/**
 * The built renderer's files, and nothing else: every path is decoded once, resolved inside the
 * renderer folder and refused if it would leave it (`..`, encoded `%2e%2e`, backslashes, NUL).
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export type StaticFile = { status: 200; body: Buffer; contentType: string; immutable: boolean } | { status: 400 | 404; reason: string };

export async function readStaticFile(rootDir: string, pathname: string): Promise<StaticFile> {
  const root = resolve(rootDir);
  let path: string;
  try {
    path = decodeURIComponent(pathname);
  } catch {
    return { status: 400, reason: 'The path is not validly encoded.' };
  }
  if (path.includes('\0') || path.includes('\\') || path.split('/').includes('..')) return { status: 404, reason: 'Not found.' };
  const file = resolve(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root + sep)) return { status: 404, reason: 'Not found.' };
  try {
    if (!(await stat(file)).isFile()) return { status: 404, reason: 'Not found.' };
    // Vite names built assets by their content hash, so they may be cached; the page itself may not.
    return { status: 200, body: await readFile(file), contentType: MIME[extname(file)] ?? 'application/octet-stream', immutable: file.startsWith(join(root, 'assets') + sep) };
  } catch {
    return { status: 404, reason: 'Not found.' };
  }
}
