/**
 * End-to-end harness: the built renderer (out/renderer) served over HTTP from this process,
 * opened in Debian's Chromium through playwright-core, talking to real LabServices (SQLite,
 * training processes) in a fresh data folder. `window.api` is built in the page from the
 * contract's call and event names, the way the preload builds it: every call goes through one
 * exposed binding to `services.dispatch`, and events are pushed into the page's listeners.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CALL_NAMES, EVENT_NAMES, type CallName, type EventName } from '../../common/ipc/contract';
import { createLabServices, type LabServices } from '../../main/services/lab-services';

export const CHROMIUM_PATH = process.env.MNIST_LAB_CHROMIUM ?? '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');
export const RENDERER_DIR = join(ROOT, 'out/renderer');
export const SCREENSHOT_DIR = join(ROOT, 'test-results/screenshots');

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export type BrowserAvailability = { available: true } | { available: false; reason: string };

/** Whether journeys can run here. Under CI a missing browser is an error, not a skip. */
export function browserAvailability(): BrowserAvailability {
  if (!existsSync(CHROMIUM_PATH)) {
    return { available: false, reason: `Chromium is not installed at ${CHROMIUM_PATH} (apt-get install -y chromium).` };
  }
  if (!existsSync(join(RENDERER_DIR, 'index.html'))) {
    return { available: false, reason: `The renderer is not built (${RENDERER_DIR} is missing): run \`npm run build\` first.` };
  }
  return { available: true };
}

/**
 * The page-side half of the API, as a string: code passed as a function would be transformed by
 * the test runner (helpers such as __name injected) and break inside the page.
 */
function apiInitScript(calls: readonly CallName[], events: readonly EventName[]): string {
  return `(() => {
  const calls = ${JSON.stringify(calls)};
  const events = ${JSON.stringify(events)};
  const listeners = new Map(events.map((name) => [name, new Set()]));
  Object.defineProperty(window, '__labEmit', {
    value: (event, payload) => {
      for (const listener of [...(listeners.get(event) || [])]) {
        try { listener(payload); } catch (error) { console.error(error); }
      }
    },
  });
  const api = {};
  for (const name of calls) api[name] = (...args) => window.__labCall(name, args);
  api.on = (event, listener) => {
    const set = listeners.get(event);
    if (!set) throw new Error('Unknown event "' + String(event) + '".');
    set.add(listener);
    return () => { set.delete(listener); };
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api), enumerable: true });
})();`;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/** A static file server for the built renderer on 127.0.0.1 and a free port. */
export async function serveRenderer(dir = RENDERER_DIR): Promise<{ url: string; close: () => Promise<void> }> {
  const root = resolve(dir);
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('Not found');
      return;
    }
    response.writeHead(200, { 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
    response.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Waits until the page has laid out and painted after a change. */
function nextFrames(page: Page): Promise<void> {
  return page.evaluate(() => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))));
}

/**
 * The app scrolls inside its content area, not the page, so a full-page screenshot would stop
 * at the window's bottom edge. The window is made as tall as the screen's content for the
 * picture, then given back its size.
 */
async function screenshotWholeScreen(page: Page, file: string): Promise<void> {
  const viewport = page.viewportSize();
  const needed = await page.evaluate(() => {
    const content = document.querySelector('main');
    return content ? Math.ceil(content.getBoundingClientRect().top + content.scrollHeight) : document.documentElement.scrollHeight;
  });
  if (!viewport || needed <= viewport.height) {
    await page.screenshot({ path: file, fullPage: true });
    return;
  }
  await page.setViewportSize({ width: viewport.width, height: Math.min(needed, 6000) });
  try {
    await nextFrames(page);
    await page.screenshot({ path: file, fullPage: true });
  } finally {
    await page.setViewportSize(viewport);
    await nextFrames(page);
  }
}

export interface LabSession {
  page: Page;
  services: LabServices;
  homeDir: string;
  /** Browser console errors and uncaught page errors seen so far. */
  pageErrors: string[];
  /** Downloads are caught by Playwright in Chromium (see JourneySession). */
  catchesDownloads: true;
  /** Saves test-results/screenshots/<journey>-<step>.png. */
  screenshot(journey: string, step: string): Promise<string>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  viewport?: { width: number; height: number };
  colorScheme?: 'light' | 'dark';
}

/** Starts services in a fresh data folder, serves the renderer and opens it in Chromium. */
export async function launchLab(options: LaunchOptions = {}): Promise<LabSession> {
  const scratch = mkdtempSync(join(tmpdir(), 'mnist-lab-e2e-'));
  const homeDir = join(scratch, 'home');
  const services = await createLabServices({ homeDir });
  const server = await serveRenderer();
  let context: BrowserContext | null = null;
  const offs: (() => void)[] = [];
  try {
    context = await chromium.launchPersistentContext(join(scratch, 'profile'), {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: options.viewport ?? { width: 1440, height: 900 },
      colorScheme: options.colorScheme ?? 'light',
      acceptDownloads: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') pageErrors.push(message.text());
    });

    await page.exposeBinding('__labCall', (_source, name: unknown, args: unknown) =>
      services.dispatch(name as CallName, Array.isArray(args) ? args : []),
    );
    await page.addInitScript({ content: apiInitScript(CALL_NAMES, EVENT_NAMES) });
    for (const event of EVENT_NAMES) {
      offs.push(
        services.on(event, (payload) => {
          // Sent in order over one connection; a page that is closing just misses the event.
          page.evaluate(([name, body]) => (window as unknown as { __labEmit: (e: string, p: unknown) => void }).__labEmit(name, body), [event, payload] as const).catch(() => undefined);
        }),
      );
    }
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Design', level: 1 }).waitFor();

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const openContext = context;
    return {
      page,
      services,
      homeDir,
      pageErrors,
      catchesDownloads: true,
      async screenshot(journey, step) {
        const file = join(SCREENSHOT_DIR, `${journey}-${step}.png`);
        await screenshotWholeScreen(page, file);
        return file;
      },
      async close() {
        for (const off of offs) off();
        await openContext.close().catch(() => undefined);
        await server.close();
        await services.close();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    for (const off of offs) off();
    await context?.close().catch(() => undefined);
    await server.close();
    await services.close();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}
