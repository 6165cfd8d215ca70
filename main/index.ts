/**
 * The Electron entry: app lifecycle, the window, the menu, IPC wiring. Everything with logic in it
 * lives behind LabServices, which the command line and the tests use without Electron.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, Menu } from 'electron';
import { APP_NAME, resolveHomeDir } from './home';
import { createLabServices, type LabServices } from './services/lab-services';
import { DataFolderError } from './store/errors';
import { createUtilityProcessRunner } from './training/utility-runner';
import { registerIpc } from './electron/ipc';
import { buildMenu } from './electron/menu';
import { createMainWindow } from './electron/window';
import { electronProfileDir } from './electron/profile-dir';
import { configureNativeRoot } from './native/bindings';
import { checkSqliteAddon, describeNativeProblem } from './native/preflight';

// The same folder as the command line's default, whatever Electron would derive from package.json.
let homeDir = resolveHomeDir();
app.setName(APP_NAME);
// Chromium's profile and lock stay out of the data folder, which nothing touches before the store opens it.
const profileDir = electronProfileDir(homeDir);
app.setPath('userData', profileDir);
app.setPath('sessionData', profileDir);
// native/ (Electron's build of better-sqlite3): the project root under `npm start`, the resources of a packaged app.
configureNativeRoot(app.isPackaged ? process.resourcesPath : join(import.meta.dirname, '../..'));

let services: LabServices | null = null;

function appUrl(): string {
  const dev = process.env.ELECTRON_RENDERER_URL;
  return dev ?? pathToFileURL(join(import.meta.dirname, '../renderer/index.html')).href;
}

async function openWindow(): Promise<void> {
  if (!services) return;
  const url = appUrl();
  const window = createMainWindow({ homeDir, preloadPath: join(import.meta.dirname, '../preload/index.cjs'), appUrl: url });
  const unregister = registerIpc(services, window, url);
  window.on('closed', unregister);
}

/**
 * Opens the data folder. One that cannot be read (written by a newer version, damaged) is never
 * altered: the user may instead continue with a fresh folder beside it, or quit.
 */
async function openServices(dir: string): Promise<LabServices | null> {
  const runner = createUtilityProcessRunner(join(import.meta.dirname, 'worker.js'));
  try {
    return await createLabServices({ homeDir: dir, runner });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!(error instanceof DataFolderError) || error.problem === 'disk-full') {
      dialog.showErrorBox('MNIST Lab cannot open its data folder', `${dir}\n\n${message}`);
      return null;
    }
    const fresh = `${dir} (fresh ${new Date().toISOString().slice(0, 10)})`;
    const { response } = await dialog.showMessageBox({
      type: 'warning',
      title: 'MNIST Lab cannot read its data folder',
      message: 'MNIST Lab cannot read its data folder. It has not been changed.',
      detail: `${dir}\n\n${message}\n\nYou can continue with a fresh data folder at:\n${fresh}`,
      buttons: ['Use a fresh data folder', 'Quit'],
      defaultId: 0,
      cancelId: 1,
    });
    if (response !== 0) return null;
    homeDir = fresh;
    return openServices(fresh);
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  // Before anything opens the data folder: an addon built for another ABI, OS or CPU gets its own
  // message and fix, not the data-folder dialog, and the folder stays as it was.
  const native = checkSqliteAddon({ packaged: app.isPackaged });
  if (!native.ok) {
    const { title, message } = describeNativeProblem(native.problem);
    dialog.showErrorBox(title, message);
    app.exit(1);
    return;
  }
  Menu.setApplicationMenu(buildMenu(APP_NAME));
  services = await openServices(homeDir);
  if (!services) {
    app.exit(1);
    return;
  }
  // Sweeps left running by a process that is gone (a crash, a quit mid-sweep) continue here.
  services.sweeps.resumeOrphans();
  await openWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openWindow();
  });
}

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (event) => {
  if (quitting || !services) return;
  // Cancel training and close the database cleanly before the process goes.
  event.preventDefault();
  quitting = true;
  void services.close().finally(() => app.quit());
});

// A second instance would be a second SQLite writer on the same folder: focus the first instead.
if (!app.requestSingleInstanceLock()) app.quit();
else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  start().catch((error: unknown) => {
    dialog.showErrorBox('MNIST Lab could not start', error instanceof Error ? (error.stack ?? error.message) : String(error));
    app.exit(1);
  });
}
