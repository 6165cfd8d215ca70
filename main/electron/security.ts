/**
 * The window's security settings, kept free of Electron imports so tests can check them here
 * (Electron cannot start on CI). Follows Electron's security checklist.
 */

/** webPreferences for the one window. Nothing here may be loosened: test/main/electron/security.test.ts guards it. */
export function secureWebPreferences(preloadPath: string) {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: false,
  } as const;
}

/** Sent as a response header for every page the app loads, on top of the meta tag in index.html. */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Whether an IPC message comes from the app's own page: the main frame of our window, showing our
 * own renderer (the built file, or the dev server's origin under `electron-vite dev`).
 */
export function isTrustedSenderUrl(url: string, appUrl: string): boolean {
  let sender: URL;
  let app: URL;
  try {
    sender = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (app.protocol === 'file:') return sender.protocol === 'file:' && sender.pathname === app.pathname;
  return sender.origin === app.origin;
}
