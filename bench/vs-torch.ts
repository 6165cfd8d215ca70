/**
 * `--to-accuracy T --vs-torch`: for each seed, one full run of the project's command line and then
 * its PyTorch twin (the same recipe, read back from the recorded run), each timed from spawn to
 * exit; one line per pair, then the median ratio. Both sides are judged on the TEST set.
 */
import { loadavg } from 'node:os';
import type { BackendChoice } from '../common/training/hyperparameters';
import { pairRatio, summarisePairs, type Pair } from './pairs';
import { round } from './stats';
import { timeToAccuracy } from './to-accuracy';
import { torchBlas } from './torch-env';
import { runTwin, twinUnavailable } from './torch-twin';

export interface VsTorchPlan {
  presetId: string;
  backend: BackendChoice;
  target: number;
  seeds: Array<number | null>;
  /** Threads for PyTorch; null: as many as the project's run used (its recorded thread count). */
  torchThreads: number | null;
}

type Print = (line: Record<string, unknown>) => void;

export async function compareWithTorch(plan: VsTorchPlan, print: Print): Promise<void> {
  const missing = twinUnavailable();
  if (missing) {
    print({ mode: 'vs-torch', model: plan.presetId, skipped: `No PyTorch twin: ${missing}` });
    return;
  }
  const pairs: Pair[] = [];
  for (const seed of plan.seeds) {
    const extra = seed === null ? [] : ['--seed', String(seed)];
    const project = await timeToAccuracy(plan.presetId, plan.backend, plan.target, extra, true);
    if (!project.run) {
      print({ mode: 'vs-torch', model: plan.presetId, seed, error: `The project's run did not finish: ${project.error ?? project.status}` });
      continue;
    }
    const recorded = typeof project.run.threads === 'number' ? project.run.threads : 1;
    const threads = plan.torchThreads ?? recorded;
    const torch = await runTwin(project.run, threads);
    const pair: Pair = { seed, project, torch, load: loadavg()[0] };
    pairs.push(pair);
    print({
      mode: 'vs-torch',
      model: plan.presetId,
      seed,
      target: plan.target,
      projectSeconds: round(project.seconds),
      projectTestAccuracy: project.testAccuracy,
      projectThreads: recorded,
      projectEpochSeconds: project.epochSeconds.map((s) => round(s)),
      projectBestValAccuracy: project.bestValAccuracy,
      torchSeconds: round(torch.seconds),
      torchTestAccuracy: torch.testAccuracy,
      torchValAccuracies: torch.valAccuracies,
      torchThreads: threads,
      torchBlas: torchBlas(),
      ratio: round(pairRatio(pair)),
      ...(torch.error ? { torchError: torch.error } : {}),
    });
  }
  const summary = summarisePairs(pairs, plan.target);
  if (summary) print({ mode: 'vs-torch-summary', model: plan.presetId, target: plan.target, torchBlas: torchBlas(), ...roundAll(summary) });
}

const roundAll = <T extends object>(summary: T): T =>
  Object.fromEntries(Object.entries(summary).map(([k, v]) => [k, typeof v === 'number' ? round(v) : v])) as T;
