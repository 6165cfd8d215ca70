/** The lab's one window: locked-down webPreferences, a CSP header, no navigation, no new windows. */
import { BrowserWindow, nativeTheme, session, shell } from 'electron';
import { CONTENT_SECURITY_POLICY, isTrustedSenderUrl, secureWebPreferences } from './security';
import { loadWindowBounds, saveWindowBounds } from './window-state';

export interface WindowOptions {
  homeDir: string;
  preloadPath: string;
  /** The renderer's address: the built index.html (file:) or the dev server. */
  appUrl: string;
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const bounds = loadWindowBounds(opts.homeDir);
  const window = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'MNIST Lab',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#f7f7f9',
    webPreferences: secureWebPreferences(opts.preloadPath),
  });

  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  // Deny every permission request (camera, notifications, ...): the lab needs none.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));

  window.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedSenderUrl(url, opts.appUrl)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    // Links to documentation open in the user's browser; nothing opens inside the app.
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.webContents.on('will-attach-webview', (event) => event.preventDefault());

  if (bounds.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());
  window.on('close', () => saveWindowBounds(opts.homeDir, { ...window.getNormalBounds(), maximized: window.isMaximized() }));
  void window.loadURL(opts.appUrl);
  return window;
}
