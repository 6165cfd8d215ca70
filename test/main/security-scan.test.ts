// The static Electron security scan runs with the tests: the app's sources pass it, and it
// really fails an app that turns the protections off.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function scan(...args: string[]): { code: number | null; output: string } {
  const r = spawnSync(process.execPath, [join(root, 'scripts/security-scan.js'), ...args], { cwd: root, encoding: 'utf8', timeout: 110_000 });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('scripts/security-scan.js', () => {
  it('passes the app’s Electron sources with no high-severity finding, printing what it found', () => {
    const r = scan();
    expect(r.output).toMatch(/security scan passed: 0 high-severity finding\(s\), 0 unparsed file\(s\)/);
    expect(r.output).toMatch(/severity\s+confidence\s+check\s+where/);
    expect(r.code).toBe(0);
  });

  it('fails an app whose window allows Node in the page', () => {
    const app = mkdtempSync(join(tmpdir(), 'mnist-lab-insecure-app-'));
    made.push(app);
    mkdirSync(join(app, 'main'));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'insecure', devDependencies: { electron: '45.0.0' } }));
    writeFileSync(
      join(app, 'main', 'index.js'),
      `const { app, BrowserWindow } = require('electron');
app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });
  win.loadURL('https://example.com');
});
`,
    );
    const r = scan('--input', app);
    expect(r.output).toMatch(/HIGH\s+\S+\s+CONTEXT_ISOLATION_JS_CHECK\s+main\/index\.js/);
    expect(r.output).toMatch(/security scan FAILED: [1-9]\d* high-severity/);
    expect(r.code).toBe(1);
  });
});
