// The window's security settings, checked where Electron cannot start: the values main/electron/window.ts
// passes to BrowserWindow, the CSP it sends, and the rule that decides which IPC senders are trusted.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, isTrustedSenderUrl, secureWebPreferences } from '../../../main/electron/security';

const root = resolve(import.meta.dirname, '../../..');

describe('window security', () => {
  it('keeps webPreferences locked down', () => {
    const prefs = secureWebPreferences('/app/preload/index.cjs');
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('uses those preferences, denies new windows and guards navigation in the window module', () => {
    const source = readFileSync(resolve(root, 'main/electron/window.ts'), 'utf8');
    expect(source).toContain('webPreferences: secureWebPreferences(');
    expect(source).toMatch(/setWindowOpenHandler\([\s\S]*?action: 'deny'/);
    expect(source).toContain("'will-navigate'");
    expect(source).toContain("'Content-Security-Policy': [CONTENT_SECURITY_POLICY]");
  });

  it('sends a strict CSP, and the page declares one too', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    const html = readFileSync(resolve(root, 'renderer/index.html'), 'utf8');
    expect(html).toMatch(/http-equiv="Content-Security-Policy"[^>]*script-src 'self'/);
  });

  it('trusts only the app page itself as an IPC sender', () => {
    const app = 'file:///opt/mnist-lab/out/renderer/index.html';
    expect(isTrustedSenderUrl('file:///opt/mnist-lab/out/renderer/index.html', app)).toBe(true);
    expect(isTrustedSenderUrl('file:///opt/mnist-lab/out/renderer/index.html#runs', app)).toBe(true);
    expect(isTrustedSenderUrl('file:///tmp/evil.html', app)).toBe(false);
    expect(isTrustedSenderUrl('https://example.com/', app)).toBe(false);
    expect(isTrustedSenderUrl('not a url', app)).toBe(false);
    expect(isTrustedSenderUrl('http://localhost:5173/index.html', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedSenderUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});
