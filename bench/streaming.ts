/**
 * Progress streaming's cost (issue #4, target 3): the same short run (default preset, 1 epoch on a
 * slice of MNIST) trained through the command line and through the desktop app's path — the real
 * services with the built renderer open in headless Chromium on the Live run screen, drawing every
 * progress event (the e2e harness, test/e2e/harness.ts). Both report the epoch's own seconds, so
 * process start-up and data loading are left out. Runs alternate CLI, app, CLI, app... so a change
 * in machine load hits both sides alike.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PRESET_ID, findPreset } from '../common/layers/presets';
import { DEFAULT_HYPERPARAMETERS, type BackendId } from '../common/training/hyperparameters';
import { launchLab } from '../test/e2e/harness';
import { summarise } from './stats';
import { runCli } from './to-accuracy';

export interface StreamingComparison {
  trainImages: number;
  /** Training samples per second of each epoch through the command line. */
  cli: number[];
  /** The same through the app's services with the renderer streaming progress. */
  app: number[];
  /** median(app) / median(cli): 1 means the app's streaming costs nothing. */
  ratio: number;
}

const SETTLE_MS = 5000;
const SETTINGS = (trainLimit: number, backend: BackendId) => ({ trainLimit, testLimit: 1000, epochs: 1, backend });

async function cliEpochSeconds(trainLimit: number, backend: BackendId): Promise<number> {
  const home = await mkdtemp(join(tmpdir(), 'mnist-lab-bench-'));
  try {
    const s = SETTINGS(trainLimit, backend);
    const args = ['train', '--json', '--home', home, '--train-limit', String(s.trainLimit), '--test-limit', String(s.testLimit), '--epochs', '1', '--backend', backend];
    const { stdout, stderr } = await runCli(args);
    let parsed: { epochs?: Array<{ seconds?: unknown }> };
    try {
      parsed = JSON.parse(stdout) as typeof parsed;
    } catch {
      throw new Error(`The command-line run failed: ${stderr.trim().split('\n').pop() ?? 'no output'}`);
    }
    const seconds = parsed.epochs?.[0]?.seconds;
    if (typeof seconds !== 'number') throw new Error('The command-line run reported no epoch.');
    return seconds;
  } finally {
    await rm(home, { recursive: true, force: true });
  }
}

/** Starts the run from the page, as the Design screen's Train button does, and watches it on the Live run screen. */
async function appEpochSeconds(trainLimit: number, backend: BackendId): Promise<number> {
  const preset = findPreset(DEFAULT_PRESET_ID);
  if (!preset) throw new Error('The default preset is missing.');
  const session = await launchLab();
  try {
    const hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...preset.hyperparameters, ...SETTINGS(trainLimit, backend) };
    let seconds = Number.NaN;
    const ended = new Promise<string>((done) => {
      session.services.on('runEvent', ({ event }) => {
        if (event.type === 'epoch') seconds = event.seconds;
        if (event.type === 'done' || event.type === 'failed' || event.type === 'diverged' || event.type === 'cancelled') {
          done(event.type === 'done' ? '' : `${event.type}${'message' in event ? `: ${event.message}` : ''}`);
        }
      });
    });
    // A user's window has long finished starting when they press Train: let Chromium settle first,
    // so that its start-up work does not land in the first epoch.
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const request = JSON.stringify({ name: 'streaming bench', presetId: preset.id, layers: preset.layers, hyperparameters });
    await session.page.evaluate(`window.api.startRun(${request})`);
    await session.page.getByRole('button', { name: /^Live run/ }).click();
    const failure = await ended;
    if (failure) throw new Error(`The app's run ended ${failure}`);
    if (session.pageErrors.length > 0) throw new Error(`The page reported errors: ${session.pageErrors.join('; ')}`);
    return seconds;
  } finally {
    await session.close();
  }
}

export async function compareStreaming(trainImages: number, backend: BackendId, repeats: number): Promise<StreamingComparison> {
  const cli: number[] = [];
  const app: number[] = [];
  for (let r = 0; r < repeats; r++) {
    cli.push(trainImages / (await cliEpochSeconds(trainImages, backend)));
    app.push(trainImages / (await appEpochSeconds(trainImages, backend)));
  }
  return { trainImages, cli, app, ratio: summarise(app).median / summarise(cli).median };
}
