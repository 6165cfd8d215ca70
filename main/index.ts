/**
 * The Electron entry: app lifecycle, the window, the menu, IPC wiring. Everything with logic in it
 * lives behind LabServices, which the command line and the tests use without Electron.
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app, BrowserWindow, dialog, Menu } from 'electron';
import { APP_NAME, resolveHomeDir } from './home';
import { createLabServices, type LabServices } from './services/lab-services';
import { createUtilityProcessRunner } from './training/utility-runner';
import { registerIpc } from './electron/ipc';
import { buildMenu } from './electron/menu';
import { createMainWindow } from './electron/window';

const homeDir = resolveHomeDir();
// The same folder as the command line's default, whatever Electron would derive from package.json.
app.setName(APP_NAME);
app.setPath('userData', homeDir);

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

async function start(): Promise<void> {
  await app.whenReady();
  Menu.setApplicationMenu(buildMenu(APP_NAME));
  try {
    services = await createLabServices({ homeDir, runner: createUtilityProcessRunner(join(import.meta.dirname, 'worker.js')) });
  } catch (error) {
    dialog.showErrorBox('MNIST Lab cannot open its data folder', `${homeDir}\n\n${error instanceof Error ? error.message : String(error)}`);
    app.exit(1);
    return;
  }
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
  void start();
}
