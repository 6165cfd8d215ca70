/** Every migration this version of MNIST Lab knows, oldest first. Append new ones at the end. */
import { initialSchema } from './001-initial';
import { runOwners } from './002-run-owners';
import { settingsTexts } from './003-settings-texts';
import { sweeps } from './004-sweeps';
import { runParents } from './005-run-parents';
import { changeTracking } from './006-change-tracking';
import { metricKinds } from './007-metric-kinds';
import { realWorldScores } from './008-real-world-scores';
import { slurmJobs } from './009-slurm-jobs';
import { realWorldViews } from './010-real-world-views';
import type { Migration } from './types';

export type { Migration };

export const ALL_MIGRATIONS: readonly Migration[] = [
  initialSchema,
  runOwners,
  settingsTexts,
  sweeps,
  runParents,
  changeTracking,
  metricKinds,
  realWorldScores,
  slurmJobs,
  realWorldViews,
];
