// The Electron entry (main/index.ts) run with a mocked `electron`: the native-addon preflight, the
// data-folder dialogs, window creation and quitting. Electron is simulated by process.versions
// (electron set) and a packaged app's resources folder; its ABI is this Node's, so this machine's
// better-sqlite3 build stands in for Electron's and the real store opens through nativeBinding.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ELECTRON_45, ELECTRON_LIKE_THIS_NODE, asElectron, placeBinary, scratchRoot } from '../native/native-fixture';

type Listener = (...args: unknown[]) => unknown;
const electron = vi.hoisted(() => {
  const state = {
    listeners: new Map<string, Listener[]>(),
    paths: new Map<string, string>(),
    windows: [] as { options: unknown; url: string | null; handlers: Map<string, Listener> }[],
    errorBoxes: [] as { title: string; content: string }[],
    messageBoxes: [] as { title?: string; detail?: string }[],
    messageBoxResponse: 0,
    ipcChannels: new Set<string>(),
    exitCode: null as number | null,
    quitCalls: 0,
    menuSet: false,
    isPackaged: true,
  };
  return state;
});

vi.mock('electron', () => {
  const on = (event: string, listener: Listener) => {
    electron.listeners.set(event, [...(electron.listeners.get(event) ?? []), listener]);
  };
  class BrowserWindow {
    static getAllWindows = () => electron.windows;
    handlers = new Map<string, Listener>();
    url: string | null = null;
    webContents = { on: () => undefined, setWindowOpenHandler: () => undefined, send: () => undefined, mainFrame: {} };
    constructor(readonly options: unknown) {
      electron.windows.push(this as never);
    }
    on(event: string, listener: Listener) {
      this.handlers.set(event, listener);
      return this;
    }
    once(event: string, listener: Listener) {
      return this.on(event, listener);
    }
    async loadURL(url: string) {
      this.url = url;
    }
    isDestroyed = () => false;
    maximize = () => undefined;
    show = () => undefined;
    focus = () => undefined;
    getNormalBounds = () => ({ x: 0, y: 0, width: 1200, height: 800 });
    isMaximized = () => false;
  }
  return {
    app: {
      get isPackaged() {
        return electron.isPackaged;
      },
      setName: () => undefined,
      setPath: (name: string, path: string) => electron.paths.set(name, path),
      whenReady: async () => undefined,
      on,
      requestSingleInstanceLock: () => true,
      exit: (code: number) => {
        electron.exitCode = code;
      },
      quit: () => {
        electron.quitCalls++;
        for (const listener of electron.listeners.get('before-quit') ?? []) listener({ preventDefault: () => undefined });
      },
    },
    BrowserWindow,
    Menu: { buildFromTemplate: (template: unknown) => ({ template }), setApplicationMenu: () => (electron.menuSet = true) },
    dialog: {
      showErrorBox: (title: string, content: string) => electron.errorBoxes.push({ title, content }),
      showMessageBox: async (options: { title?: string; detail?: string }) => {
        electron.messageBoxes.push(options);
        return { response: electron.messageBoxResponse };
      },
    },
    ipcMain: { handle: (channel: string) => electron.ipcChannels.add(channel), removeHandler: (channel: string) => electron.ipcChannels.delete(channel) },
    nativeTheme: { shouldUseDarkColors: false },
    session: { defaultSession: { webRequest: { onHeadersReceived: () => undefined }, setPermissionRequestHandler: () => undefined } },
    shell: { openExternal: async () => undefined },
    utilityProcess: { fork: () => { throw new Error('no training in these tests'); } },
  };
});

let scratch: ReturnType<typeof scratchRoot>;
let home: string;
const processWithResources = process as NodeJS.Process & { resourcesPath?: string };

beforeEach(() => {
  scratch = scratchRoot();
  home = join(scratch.dir, 'home');
  vi.stubEnv('MNIST_LAB_HOME', home);
  vi.stubEnv('XDG_CACHE_HOME', join(scratch.dir, 'cache'));
  processWithResources.resourcesPath = join(scratch.dir, 'resources');
  Object.assign(electron, { windows: [], errorBoxes: [], messageBoxes: [], messageBoxResponse: 0, exitCode: null, quitCalls: 0, menuSet: false, isPackaged: true });
  electron.listeners.clear();
  electron.paths.clear();
  electron.ipcChannels.clear();
  vi.resetModules();
});

afterEach(async () => {
  // Close the store the app opened before its folder goes.
  if (electron.windows.length > 0 && electron.quitCalls === 0) await quit();
  vi.unstubAllEnvs();
  Reflect.deleteProperty(process, 'resourcesPath');
  scratch.cleanup();
});

/** Imports main/index.ts as Electron would run it, and waits until it has a window or has exited. */
async function startApp(runtime = ELECTRON_LIKE_THIS_NODE): Promise<void> {
  await asElectron(runtime, async () => {
    await import('../../../main/index');
    await vi.waitFor(() => expect(electron.exitCode !== null || electron.windows.some((w) => w.url)).toBe(true), { timeout: 20_000 });
  });
}

async function quit(): Promise<void> {
  const [beforeQuit] = electron.listeners.get('before-quit') ?? [];
  const event = { preventDefault: vi.fn() };
  beforeQuit?.(event);
  await vi.waitFor(() => expect(electron.quitCalls).toBeGreaterThan(0));
  expect(event.preventDefault).toHaveBeenCalled();
}

describe('main/index.ts start-up', () => {
  it('opens the store through Electron’s build, creates the window and quits cleanly', async () => {
    placeBinary(processWithResources.resourcesPath as string, ELECTRON_LIKE_THIS_NODE);
    await startApp();
    expect(electron.errorBoxes).toEqual([]);
    expect(electron.menuSet).toBe(true);
    expect(electron.windows).toHaveLength(1);
    expect(electron.windows[0].url).toMatch(/^file:.*\/renderer\/index\.html$/);
    expect(electron.ipcChannels.size).toBeGreaterThan(5);
    expect(existsSync(join(home, 'runs.sqlite'))).toBe(true);
    // Chromium's profile is not the data folder, and the data folder is what the CLI uses.
    expect(electron.paths.get('userData')).toBe(electron.paths.get('sessionData'));
    expect(electron.paths.get('userData')?.startsWith(join(scratch.dir, 'cache', 'MNIST Lab', 'profile-'))).toBe(true);
    await quit();
    const [closeAll] = electron.listeners.get('window-all-closed') ?? [];
    expect(closeAll).toBeTypeOf('function');
  });

  it('a missing native build: its own dialog naming the addon, both ABIs and the fix; exits; the data folder is never created', async () => {
    await startApp(ELECTRON_45);
    expect(electron.exitCode).toBe(1);
    expect(electron.errorBoxes).toHaveLength(1);
    const [{ title, content }] = electron.errorBoxes;
    expect(title).toBe('MNIST Lab cannot load better-sqlite3');
    expect(content).toContain('missing');
    expect(content).not.toContain('cannot open its data folder');
    expect(content).toContain('ABI 150');
    expect(content).toMatch(/Reinstall MNIST Lab/);
    expect(electron.messageBoxes).toEqual([]);
    expect(electron.windows).toEqual([]);
    expect(existsSync(home)).toBe(false);
  });

  it('under `npm start` (not packaged) the fix is the rebuild command', async () => {
    electron.isPackaged = false;
    await startApp(ELECTRON_45);
    expect(electron.errorBoxes[0]?.content).toContain('npm run rebuild:electron');
    expect(existsSync(home)).toBe(false);
  });

  it('a wrong-ABI binary (Node’s build where Electron 45 needs ABI 150) gets the same dialog and leaves an existing data folder as it was', async () => {
    // The Node build (ABI 115) copied into Electron 45's folder (electron-v150-...).
    placeBinary(processWithResources.resourcesPath as string, ELECTRON_45);
    mkdirSync(home, { recursive: true });
    new BetterSqlite3(join(home, 'runs.sqlite')).close();
    const before = snapshot(home);
    await startApp(ELECTRON_45);
    expect(electron.errorBoxes[0]?.title).toBe('MNIST Lab cannot load better-sqlite3');
    expect(electron.errorBoxes[0]?.content).toContain(`ABI ${process.versions.modules}`);
    expect(snapshot(home)).toEqual(before);
  });

  it('a data folder from a newer version: the fresh-folder dialog, then a window on the fresh folder; the old file is unchanged', async () => {
    placeBinary(processWithResources.resourcesPath as string, ELECTRON_LIKE_THIS_NODE);
    writeNewerDataFolder();
    const before = snapshot(home);
    await startApp();
    expect(electron.messageBoxes).toHaveLength(1);
    expect(electron.messageBoxes[0].title).toBe('MNIST Lab cannot read its data folder');
    expect(electron.windows).toHaveLength(1);
    expect(snapshot(home)).toEqual(before);
    expect(readdirSync(scratch.dir).some((name) => name.startsWith('home (fresh '))).toBe(true);
  });

  it('a data folder from a newer version and "Quit": exits without a window', async () => {
    placeBinary(processWithResources.resourcesPath as string, ELECTRON_LIKE_THIS_NODE);
    writeNewerDataFolder();
    electron.messageBoxResponse = 1;
    await startApp();
    expect(electron.exitCode).toBe(1);
    expect(electron.windows).toEqual([]);
  });
});

/** A data folder a newer version of the app wrote: its database is at a schema version this one does not know. */
function writeNewerDataFolder(): void {
  mkdirSync(home, { recursive: true });
  const db = new BetterSqlite3(join(home, 'runs.sqlite'));
  db.pragma('user_version = 9999');
  db.close();
}

/** Every file in a folder with its content hash. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => {
    const file = join(e.parentPath, e.name);
    return [file, createHash('sha256').update(readFileSync(file)).digest('hex')];
  }));
}
