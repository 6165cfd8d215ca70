/** `mnist-lab`: the lab's command line, over the same services and data folder as the desktop app. */
import { parseArgs } from 'node:util';
import { resolveHomeDir } from '../home';
import type { LabServices } from '../services/lab-services';
import { COMMANDS } from './commands';
import type { Command, CommandContext } from './command';
import { CliUsageError, EXIT_BAD_INPUT, EXIT_FAILED, EXIT_OK } from './errors';
import { formatIssues, processIo, type CliIo } from './io';
import { LabFailure, toLabError } from '../ipc/errors';

const GLOBAL_OPTIONS = {
  home: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function help(): string {
  const lines = COMMANDS.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`);
  return [
    'MNIST Lab — design, train, compare and test CNNs on MNIST.',
    '',
    'Usage: mnist-lab <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Options for every command:',
    '  --home DIR   data folder (default: $MNIST_LAB_HOME, else the desktop app\'s folder)',
    '  --json       print one JSON document',
    '  --help       help for a command',
    '',
  ].join('\n');
}

function commandHelp(c: Command): string {
  return `${c.summary}\n\nUsage: ${c.usage}\n`;
}

export async function runCli(argv: string[], io: CliIo = processIo()): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.out(help());
    return name ? EXIT_OK : EXIT_BAD_INPUT;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.err(`Unknown command "${name}".\n\n${help()}`);
    return EXIT_BAD_INPUT;
  }
  let services: LabServices | null = null;
  try {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
    if (values.help) {
      io.out(commandHelp(command));
      return EXIT_OK;
    }
    const homeDir = resolveHomeDir(typeof values.home === 'string' ? values.home : null, io.env);
    const ctx: CommandContext = {
      io,
      json: values.json === true,
      homeDir,
      values,
      positionals,
      // Loaded on first use: commands that fail validation or only read presets never pay for TensorFlow.js.
      services: async () => (services ??= await (await import('../services/lab-services')).createLabServices({ homeDir })),
    };
    return await command.run(ctx);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    // parseArgs reports unknown or malformed options with a TypeError carrying an ERR_PARSE_ARGS_* code.
    const usage = error instanceof CliUsageError || String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS');
    const code = toLabError(error).code;
    const badInput = usage || code === 'invalid-input' || code === 'not-found';
    io.err(`mnist-lab ${name}: ${message}\n`);
    if (error instanceof LabFailure && error.issues) io.err(formatIssues(error.issues));
    if (usage) io.err(`Usage: ${command.usage}\n`);
    return badInput ? EXIT_BAD_INPUT : EXIT_FAILED;
  } finally {
    // close() is not a type-narrowing point for TS; keep the reference local.
    const open = services as LabServices | null;
    if (open) await open.close();
  }
}
