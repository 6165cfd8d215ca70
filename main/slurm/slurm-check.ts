/**
 * Checks Slurm settings before anything is queued, so bad input writes nothing: the commands are
 * there, the partition exists, the shared folder exists and this machine can write to it.
 */
import { accessSync, constants, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SlurmSettings } from '../../common/compute/compute-target';
import { invalidInput } from '../ipc/errors';
import type { SlurmCommands } from './slurm-commands';
import { SHARED_SUBFOLDER } from './submission';

export function checkSharedDir(dir: string): string | null {
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    return `The shared folder ${dir} does not exist. Give a folder that this machine and the compute nodes both see (often on /home or a scratch file system).`;
  }
  if (!isDir) return `The shared folder ${dir} is a file, not a folder.`;
  try {
    accessSync(dir, constants.W_OK);
    const probeDir = join(dir, SHARED_SUBFOLDER);
    mkdirSync(probeDir, { recursive: true });
    const probe = join(probeDir, `.write-check-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe, { force: true });
  } catch {
    return `MNIST Lab cannot write to the shared folder ${dir}: check its permissions, or choose another.`;
  }
  return null;
}

/** The partitions Slurm lists, without sinfo's `*` that marks the default one. */
export function partitionNames(commands: SlurmCommands): string[] {
  return commands.partitions().map((p) => p.replace(/\*$/, ''));
}

/** Throws an invalid-input failure saying what is wrong; returns when the settings can be used. */
export function checkSlurmSettings(settings: SlurmSettings, commands: SlurmCommands): void {
  const partitions = partitionNames(commands);
  if (settings.partition && !partitions.includes(settings.partition)) {
    throw invalidInput(`There is no Slurm partition "${settings.partition}". Partitions here: ${partitions.join(', ') || 'none'}.`);
  }
  const shared = checkSharedDir(settings.sharedDir);
  if (shared) throw invalidInput(shared);
}
