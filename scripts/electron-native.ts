/**
 * `npm start`, `npm run dev` and `npm run dist` run this before electron-vite: it makes sure
 * native/better-sqlite3/electron-v<ABI>-<platform>-<arch>/ holds a better-sqlite3 built for the
 * installed Electron (a no-op when the binary there already carries Electron's ABI).
 * `npm run rebuild:electron` runs it with --force. Run with `node --import tsx`, so it shares the
 * ABI reader and the folder layout with the app (main/native/) and needs no build step.
 *
 *   node --import tsx scripts/electron-native.ts [--force] [--arch x64|arm64|...]
 */
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { ensureSqliteBuild } from '../main/native/electron-build';
import { electronTarget } from '../main/native/electron-target';

const root = resolve(import.meta.dirname, '..');
const nodeRequire = createRequire(join(root, 'package.json'));

async function main(argv: string[]): Promise<void> {
  const force = argv.includes('--force');
  const archAt = argv.indexOf('--arch');
  const target = electronTarget(root, archAt >= 0 ? argv[archAt + 1] : process.arch);
  const result = await ensureSqliteBuild({
    root,
    target,
    packageDir: dirname(nodeRequire.resolve('better-sqlite3/package.json')),
    force,
    log: (line) => console.log(line),
  });
  if (result.action === 'present') console.log(`better-sqlite3 for Electron ${target.version} (ABI ${target.abi}) is ready: ${result.file}`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(`\nCould not prepare better-sqlite3 for Electron: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Electron needs its own build of better-sqlite3. With internet access this script downloads a prebuilt one,');
  console.error("or compiles it against Electron's headers (that needs Python 3 and a C++ compiler: see node-gyp's README).");
  process.exit(1);
});
