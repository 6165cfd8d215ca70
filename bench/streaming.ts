/**
 * Progress streaming's cost (issue #4, target 3): the same short run (default preset, 1 epoch on a
 * slice of MNIST) trained through the command line and through the app's path — the real services
 * behind `mnist-lab serve`'s server, with the served page open in headless Chromium on the Live
 * run screen, drawing every progress event pushed over its WebSocket (the e2e harness,
 * test/e2e/harness.ts). Both report the epoch's own seconds, so
 * process start-up and data loading are left out. Runs alternate CLI, app, CLI, app... so a change
 * in machine load hits both sides alike.
 */
import { readdirSync, readFileSync } from 'node:fs';
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
  /**
   * CPU seconds Chromium's processes (browser, renderer, GPU) used during each app epoch, as a
   * share of that epoch's wall time; null where /proc cannot tell (not Linux). Far steadier than
   * the throughputs on a shared machine, so it shows what the live view itself costs.
   */
  browserCpuShare: number[] | null;
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

const CLOCK_TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) of every process whose command line names `marker`; null without /proc. */
function cpuSecondsOf(marker: string): number | null {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  let ticks = 0;
  for (const pid of pids) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(marker)) continue;
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      // Fields after the command name in parentheses: utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended between listing and reading.
    }
  }
  return ticks / CLOCK_TICKS_PER_SECOND;
}

/** Starts the run from the page, as the Design screen's Train button does, and watches it on the Live run screen. */
async function appEpochSeconds(trainLimit: number, backend: BackendId): Promise<{ seconds: number; browserCpuShare: number | null }> {
  const preset = findPreset(DEFAULT_PRESET_ID);
  if (!preset) throw new Error('The default preset is missing.');
  const session = await launchLab();
  try {
    const hyperparameters = { ...DEFAULT_HYPERPARAMETERS, ...preset.hyperparameters, ...SETTINGS(trainLimit, backend) };
    let seconds = Number.NaN;
    // Every Chromium process of this session is started with its profile folder, beside the data folder.
    const profile = join(session.homeDir, '..', 'profile');
    let cpuAtStart: number | null = null;
    let browserCpu: number | null = null;
    const ended = new Promise<string>((done) => {
      session.services.on('runEvent', ({ event }) => {
        if (event.type === 'started') cpuAtStart = cpuSecondsOf(profile);
        if (event.type === 'epoch') {
          seconds = event.seconds;
          const cpuAtEpoch = cpuSecondsOf(profile);
          browserCpu = cpuAtStart === null || cpuAtEpoch === null ? null : cpuAtEpoch - cpuAtStart;
        }
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
    return { seconds, browserCpuShare: browserCpu === null ? null : browserCpu / seconds };
  } finally {
    await session.close();
  }
}

export async function compareStreaming(trainImages: number, backend: BackendId, repeats: number): Promise<StreamingComparison> {
  const cli: number[] = [];
  const app: number[] = [];
  const shares: (number | null)[] = [];
  for (let r = 0; r < repeats; r++) {
    cli.push(trainImages / (await cliEpochSeconds(trainImages, backend)));
    const epoch = await appEpochSeconds(trainImages, backend);
    app.push(trainImages / epoch.seconds);
    shares.push(epoch.browserCpuShare);
  }
  const browserCpuShare = shares.every((share): share is number => share !== null) ? shares : null;
  return { trainImages, cli, app, ratio: summarise(app).median / summarise(cli).median, browserCpuShare };
}
