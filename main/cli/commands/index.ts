/** Every `mnist-lab` command, in the order `--help` lists them. */
import type { Command } from '../command';
import { compare } from './compare';
import { notes, remove, rename, restore, star, tag, trash } from './edit-runs';
import { evaluate } from './evaluate';
import { exportRun } from './export';
import { doctor, presets } from './info';
import { predict } from './predict';
import { rerun } from './rerun';
import { runs, show } from './runs';
import { score } from './score';
import { serve } from './serve';
import { sweep, sweeps } from './sweep';
import { train } from './train';

export const COMMANDS: Command[] = [
  train, rerun, sweep, sweeps, runs, show, compare, predict, evaluate, score, exportRun,
  rename, tag, notes, star, remove, restore, trash,
  presets, doctor, serve,
];
