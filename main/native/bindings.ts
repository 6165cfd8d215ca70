/**
 * Which better-sqlite3 binary this runtime loads. Node (the command line, `npm test`, `npm run
 * bench`) loads the one `npm install` compiled into node_modules; Electron loads its own build from
 * a per-ABI folder, `native/better-sqlite3/electron-v<ABI>-<platform>-<arch>/better_sqlite3.node`,
 * which scripts/electron-native.ts fills. Two files, so neither build ever overwrites the other and
 * switching between `npm start` and `npm test` needs no rebuild.
 */
import { join } from 'node:path';

export interface Runtime {
  /** process.versions.electron, or null under Node. */
  electron: string | null;
  /** NODE_MODULE_VERSION: the ABI a node-gyp addon must be built for. */
  abi: number;
  platform: string;
  arch: string;
}

export function currentRuntime(): Runtime {
  return {
    electron: process.versions.electron ?? null,
    abi: Number(process.versions.modules),
    platform: process.platform,
    arch: process.arch,
  };
}

export const SQLITE_ADDON = 'better-sqlite3';
export const SQLITE_BINARY = 'better_sqlite3.node';

/** The command that builds (or rebuilds) Electron's copy of every ABI-bound addon. */
export const ELECTRON_REBUILD_COMMAND = 'npm run rebuild:electron';

/** The per-ABI folder name: one per Electron ABI, OS and CPU, so builds for several never collide. */
export function electronBuildFolder(abi: number, platform: string, arch: string): string {
  return `electron-v${abi}-${platform}-${arch}`;
}

/** Where Electron's build of better-sqlite3 lives under a root (the project, or a packaged app's resources). */
export function electronSqliteBinary(root: string, runtime: Pick<Runtime, 'abi' | 'platform' | 'arch'>): string {
  return join(root, 'native', SQLITE_ADDON, electronBuildFolder(runtime.abi, runtime.platform, runtime.arch), SQLITE_BINARY);
}

/**
 * The folder that holds native/: the project root under `npm start`, process.resourcesPath in a
 * packaged app. Set once by the Electron entry (main/index.ts); Node never needs it.
 */
let nativeRoot: string | null = null;

export function configureNativeRoot(root: string): void {
  nativeRoot = root;
}

/** The configured root, or null where none was set (Node). Data shipped beside native/ is found from it too. */
export function configuredNativeRoot(): string | null {
  return nativeRoot;
}

/**
 * The `nativeBinding` to give `new Database()`: undefined under Node (better-sqlite3 finds its own
 * build), the Electron build's path under Electron.
 */
export function sqliteNativeBinding(runtime: Runtime = currentRuntime()): string | undefined {
  if (!runtime.electron) return undefined;
  // Without a configured root (a test, a script run under Electron), the working directory is the project.
  return electronSqliteBinary(nativeRoot ?? process.cwd(), runtime);
}

/** The options every `new Database()` spreads in, so the normal and the read-only connection agree. */
export function sqliteBindingOptions(runtime: Runtime = currentRuntime()): { nativeBinding?: string } {
  const binding = sqliteNativeBinding(runtime);
  return binding ? { nativeBinding: binding } : {};
}
