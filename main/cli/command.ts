/** The shape every `mnist-lab` command has, and what it is handed. */
import type { ParseArgsConfig } from 'node:util';
import type { LabServices } from '../services/lab-services';
import type { CliIo } from './io';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export interface CommandContext {
  io: CliIo;
  json: boolean;
  homeDir: string;
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  /** Opens the data folder. Commands validate their input first so that bad input writes nothing. */
  services(): Promise<LabServices>;
}

export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  /** Returns the exit code. */
  run(ctx: CommandContext): Promise<number>;
}

export const stringOption = { type: 'string' } as const;
export const flagOption = { type: 'boolean' } as const;
