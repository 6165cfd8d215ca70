/** Every migration this version of MNIST Lab knows, oldest first. Append new ones at the end. */
import { initialSchema } from './001-initial';
import { runOwners } from './002-run-owners';
import type { Migration } from './types';

export type { Migration };

export const ALL_MIGRATIONS: readonly Migration[] = [initialSchema, runOwners];
