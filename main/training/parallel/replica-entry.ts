/**
 * Starts a replica thread from either the bundled JavaScript entry (the built app) or the
 * TypeScript source (the command line and tests, which run under tsx). Worker threads do not
 * inherit tsx's loader, so a TypeScript entry is started through a tiny bootstrap that registers
 * tsx in the new thread first.
 */
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The bundled replica entry beside a bundled training-process entry (see electron.vite.config.ts). */
export function replicaEntryBeside(entryUrl: string): string | null {
  return entryUrl.endsWith('.js') ? new URL('./replica.js', entryUrl).href : null;
}

/**
 * The TypeScript replica entry beside this file, when running from source (the command line and
 * tests); null in a bundle, whose training process passes replicaEntryBeside(its own URL) instead.
 * The name is not a literal inside new URL() so bundlers do not mistake it for an asset.
 */
const SOURCE_ENTRY_NAME = './replica-worker.ts';
export const sourceReplicaEntry: string | null = import.meta.url.endsWith('.ts') ? new URL(SOURCE_ENTRY_NAME, import.meta.url).href : null;

/** Threads started before their run was known, each with the first failure seen while it waited. */
const prestarted: Array<{ entry: string; worker: Worker; failed: boolean }> = [];

/**
 * Starts one replica thread before the run is known, so that it loads its modules (about half a
 * second, TensorFlow.js among them) on another core while the training process loads its own.
 * startReplicaThread hands it out; discardPrestartedThreads stops it when the run needs none.
 */
export function prestartReplicaThread(entry: string | null): Worker | null {
  if (!entry || availableParallelism() < 2) return null;
  const waiting = { entry, worker: startThread(entry), failed: false };
  // Until a pool takes it, a failure is only noted: the pool then starts a thread of its own.
  waiting.worker.once('error', () => (waiting.failed = true)).once('exit', () => (waiting.failed = true));
  waiting.worker.unref();
  prestarted.push(waiting);
  return waiting.worker;
}

export function discardPrestartedThreads(): void {
  for (const { worker } of prestarted.splice(0)) void worker.terminate();
}

export function startReplicaThread(entry: string): Worker {
  const at = prestarted.findIndex((p) => p.entry === entry && !p.failed);
  if (at >= 0) {
    const [{ worker }] = prestarted.splice(at, 1);
    worker.removeAllListeners().ref();
    return worker;
  }
  return startThread(entry);
}

function startThread(entry: string): Worker {
  if (!entry.endsWith('.ts')) return new Worker(new URL(entry));
  const tsx = tsxApiUrl();
  const bootstrap = `import(${JSON.stringify(tsx)}).then((api) => { api.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(bootstrap, { eval: true });
}

/**
 * The ESM build of tsx's API (its CommonJS build cannot register the ESM loader). Resolved from
 * tsx's own package.json so it works wherever import.meta.resolve is missing (e.g. under vitest).
 */
function tsxApiUrl(): string {
  const nodeRequire = createRequire(import.meta.url);
  const manifest = nodeRequire('tsx/package.json') as { exports?: Record<string, { import?: { default?: string } }> };
  const relative = manifest.exports?.['./esm/api']?.import?.default;
  if (!relative) throw new Error('The installed tsx has no ESM API entry: reinstall dependencies (npm install).');
  return pathToFileURL(join(dirname(nodeRequire.resolve('tsx/package.json')), relative)).href;
}
