/**
 * End-to-end harness: the product's own `mnist-lab serve` server (main/server, the code the
 * command runs) over real LabServices (SQLite, training processes) in a fresh data folder, opened
 * in Debian's Chromium through playwright-core at the address the server prints. The page builds
 * `window.api` itself, over the server's WebSocket, as it does for a user.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { RENDERER_DIR, startLabServer, type LabServer } from '../../main/server/lab-server';
import { createLabServices, type LabServices } from '../../main/services/lab-services';

export const CHROMIUM_PATH = process.env.MNIST_LAB_CHROMIUM ?? '/usr/bin/chromium';
export { RENDERER_DIR };
export const SCREENSHOT_DIR = join(import.meta.dirname, '../../test-results/screenshots');

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
  /** The server the page talks to, as `mnist-lab serve` runs it. */
  server: LabServer;
  /** Opens one more tab on the same server (same browser, same session cookie). */
  newTab(): Promise<Page>;
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

/** Collects a page's console errors and uncaught errors. */
function watchErrors(page: Page, into: string[]): void {
  page.on('pageerror', (error) => into.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') into.push(message.text());
  });
}

/** Starts services in a fresh data folder, serves the app as `mnist-lab serve` does and opens it in Chromium. */
export async function launchLab(options: LaunchOptions = {}): Promise<LabSession> {
  const scratch = mkdtempSync(join(tmpdir(), 'mnist-lab-e2e-'));
  const homeDir = join(scratch, 'home');
  const services = await createLabServices({ homeDir });
  let server: LabServer | null = null;
  let context: BrowserContext | null = null;
  try {
    server = await startLabServer({ services, port: 0 });
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
    watchErrors(page, pageErrors);
    // The address the server prints: the token is traded for a session cookie on arrival.
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'Design', level: 1 }).waitFor();

    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const openContext = context;
    const openServer = server;
    return {
      page,
      services,
      server: openServer,
      async newTab() {
        const tab = await openContext.newPage();
        watchErrors(tab, pageErrors);
        await tab.goto(`${openServer.origin}/`);
        await tab.getByRole('heading', { name: 'Design', level: 1 }).waitFor();
        return tab;
      },
      homeDir,
      pageErrors,
      catchesDownloads: true,
      async screenshot(journey, step) {
        const file = join(SCREENSHOT_DIR, `${journey}-${step}.png`);
        await screenshotWholeScreen(page, file);
        return file;
      },
      async close() {
        await openContext.close().catch(() => undefined);
        await openServer.close();
        await services.close();
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await context?.close().catch(() => undefined);
    await server?.close();
    await services.close();
    rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}
