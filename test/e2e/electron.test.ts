/**
 * The same journeys in the real desktop app, through playwright-core's Electron driver: the
 * built main process, preload and renderer, with a fresh data folder. Runs only where Electron's
 * binary exists; the package downloads it on first use, which cannot happen on machines without
 * internet access, so elsewhere this is skipped with the reason.
 *
 * Deliberately not `require('electron')`: that would try to download the binary.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { ELECTRON_REBUILD_COMMAND, electronSqliteBinary } from '../../main/native/bindings';
import { electronTarget } from '../../main/native/electron-target';
import { SCREENSHOT_DIR } from './harness';
import { cancelJourney, designJourney, trainingJourney, type JourneySession } from './journeys';
import { evaluateJourney, forkJourney } from './journeys-evaluate-fork';
import { compareJourney, runsTableJourney, trainRunsToCompare, type RunPair } from './journeys-runs';
import { drawingJourney, dropImagesJourney, photoJourney, trainModelToTest } from './journeys-test-model';

const ROOT = resolve(import.meta.dirname, '../..');
const ELECTRON_DIR = join(ROOT, 'node_modules/electron');
const MAIN_ENTRY = join(ROOT, 'out/main/index.js');

type ElectronStatus = { ok: true; executablePath: string } | { ok: false; reason: string };

/** Finds Electron's binary the way the electron package does, without its download fallback. */
function electronStatus(): ElectronStatus {
  const pathFile = join(ELECTRON_DIR, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const executablePath = override ? join(override, relative ?? 'electron') : relative ? join(ELECTRON_DIR, 'dist', relative) : null;
  if (!executablePath || !existsSync(executablePath)) {
    return {
      ok: false,
      reason: "Electron's binary could not be downloaded on this machine (node_modules/electron/dist is missing); the same journeys ran in Chromium instead.",
    };
  }
  const version = spawnSync(executablePath, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (version.status !== 0) {
    return { ok: false, reason: `Electron's binary is present but does not run: ${version.stderr || version.error?.message || 'no output'}` };
  }
  if (!existsSync(MAIN_ENTRY)) return { ok: false, reason: 'The app is not built (out/main/index.js is missing): run `npm run build` first.' };
  // The app refuses to start without Electron's own build of better-sqlite3 (main/native).
  const binary = electronSqliteBinary(ROOT, electronTarget(ROOT));
  if (!existsSync(binary)) return { ok: false, reason: `Electron's build of better-sqlite3 is missing (${binary}): run \`${ELECTRON_REBUILD_COMMAND}\` first.` };
  return { ok: true, executablePath };
}

const status = electronStatus();

async function launchElectron(executablePath: string): Promise<{ app: ElectronApplication; session: JourneySession; close: () => Promise<void> }> {
  const scratch = mkdtempSync(join(tmpdir(), 'mnist-lab-electron-'));
  const app = await _electron.launch({
    executablePath,
    args: ['--no-sandbox', MAIN_ENTRY],
    env: { ...process.env, MNIST_LAB_HOME: join(scratch, 'home') } as Record<string, string>,
    timeout: 60_000,
  });
  const page: Page = await app.firstWindow();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  await page.getByRole('heading', { name: 'Design', level: 1 }).waitFor();
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const session: JourneySession = {
    page,
    pageErrors,
    catchesDownloads: false,
    async screenshot(journey, step) {
      const file = join(SCREENSHOT_DIR, `electron-${journey}-${step}.png`);
      await page.screenshot({ path: file });
      return file;
    },
  };
  return {
    app,
    session,
    close: async () => {
      await app.close().catch(() => undefined);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

if (status.ok) {
  describe('the desktop app (Electron)', () => {
    let launched: Awaited<ReturnType<typeof launchElectron>>;

    beforeAll(async () => {
      launched = await launchElectron(status.executablePath);
    });

    afterAll(async () => {
      await launched?.close();
    });

    it('designs an invalid stack and fixes it', () => designJourney(launched.session));
    it('trains a run, finds it in the table and forks it', () => trainingJourney(launched.session));
    it('cancels queued and running runs', () => cancelJourney(launched.session));

    // The journeys over finished runs build on each other, as in runs.test.ts.
    let pair: RunPair;
    it('trains two runs to compare', async () => {
      pair = await trainRunsToCompare(launched.session);
    });
    it('finds, stars, renames and tags a run', () => runsTableJourney(launched.session, pair));
    it('compares two runs', () => compareJourney(launched.session, pair));
    it("shows a confusion-matrix cell's test images", () => evaluateJourney(launched.session, pair.secondId));
    it('forks a run and launches the fork', () => forkJourney(launched.session, pair.secondId));

    let modelRunId: number;
    it('trains a model to test', async () => {
      modelRunId = await trainModelToTest(launched.session);
    });
    it('predicts dropped files', () => dropImagesJourney(launched.session, modelRunId));
    it('predicts a drawn digit', () => drawingJourney(launched.session, modelRunId));
    it('shows how a photo was read and flips its ink', () => photoJourney(launched.session, modelRunId));
  });
} else {
  console.warn(`Skipping the Electron journeys: ${status.reason}`);
  describe.skip(`the desktop app (Electron), skipped: ${status.reason}`, () => {
    it('runs the journeys in Electron', () => undefined);
  });
}
