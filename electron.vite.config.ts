import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { recordSources } from './main/training/fresh-build';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    // out/main/sources.json: lets the command line's runs take this build while it is up to date.
    plugins: [recordSources(root)],
    build: {
      rollupOptions: {
        // The training worker is its own entry: Electron starts it with utilityProcess.fork, and
        // it starts replica threads from replica.js beside it (main/training/parallel/replica-entry.ts).
        // file-worker is the same worker in file mode, which Slurm jobs run (main/slurm/worker-command.ts).
        input: {
          index: resolve(root, 'main/index.ts'),
          worker: resolve(root, 'main/training/worker.ts'),
          'file-worker': resolve(root, 'main/training/file-worker.ts'),
          replica: resolve(root, 'main/training/parallel/replica-worker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload must be CommonJS.
      rollupOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'renderer'),
    build: {
      rollupOptions: { input: resolve(root, 'renderer/index.html') },
    },
    plugins: [svelte({ configFile: resolve(root, 'svelte.config.js') })],
  },
});
