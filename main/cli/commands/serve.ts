/**
 * `mnist-lab serve`: the whole app in a browser, for machines without a screen. Runs until Ctrl+C
 * (or SIGTERM), then stops as the desktop app quits: training cancelled, the data folder closed.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Command, CommandContext } from '../command';
import { flagOption, stringOption } from '../command';
import { CliUsageError, EXIT_OK } from '../errors';
import { printJson } from '../io';

function parsePort(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65535) throw new CliUsageError(`"${text}" is not a port (0 to 65535; 0 picks any free one).`);
  return port;
}

/** The platform's way to open a URL in the default browser. */
function openInBrowser(url: string, io: CommandContext['io']): void {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => io.err(`Could not open a browser (${command} failed): open the address above yourself.\n`));
  child.unref();
}

async function ensureRendererBuilt(io: CommandContext['io']): Promise<void> {
  const { rendererIsBuilt } = await import('../../server/lab-server');
  if (await rendererIsBuilt()) return;
  io.err("Building the app's pages (once, a few seconds)...\n");
  const root = resolve(import.meta.dirname, '../../..');
  try {
    const { build } = await import('electron-vite');
    await build({ root, configFile: join(root, 'electron.vite.config.ts'), logLevel: 'warn' });
  } catch (error) {
    throw new Error(`The app's pages could not be built (${error instanceof Error ? error.message : String(error)}): run \`npm run build\` in ${root}.`, { cause: error });
  }
}

/** Resolves on the first SIGINT or SIGTERM; a second one ends the process at once. */
function stopSignal(io: CommandContext['io']): Promise<string> {
  return new Promise((done) => {
    const first = (signal: string): void => {
      process.off('SIGINT', first);
      process.off('SIGTERM', first);
      process.once('SIGINT', () => process.exit(130));
      done(signal);
      io.err('\nStopping: cancelling training and closing the data folder (Ctrl+C again to quit at once)...\n');
    };
    process.on('SIGINT', first);
    process.on('SIGTERM', first);
  });
}

export const serve: Command = {
  name: 'serve',
  summary: 'Serve the app in a browser (for machines without a screen; use an SSH tunnel for remote ones).',
  usage: 'mnist-lab serve [--port N] [--host ADDRESS] [--open] [--json]',
  options: { port: stringOption, host: stringOption, open: flagOption },
  async run(ctx) {
    const port = parsePort(ctx.values.port as string | undefined);
    const host = (ctx.values.host as string | undefined)?.trim() || '127.0.0.1';
    await ensureRendererBuilt(ctx.io);
    const services = await ctx.services();
    // A long-lived face of the lab, like the desktop app: sweeps whose process is gone continue here.
    const resumed = services.sweeps.resumeOrphans();
    if (resumed.length > 0) ctx.io.err(`Resuming sweep${resumed.length === 1 ? '' : 's'} ${resumed.join(', ')}.\n`);
    const { startLabServer } = await import('../../server/lab-server');
    const server = await startLabServer({ services, host, port });
    const stopped = stopSignal(ctx.io);
    if (ctx.json) printJson(ctx.io, { url: server.url, origin: server.origin, host: server.host, port: server.port, homeDir: ctx.homeDir });
    else {
      ctx.io.out(
        [
          'MNIST Lab is being served. Open this address (it carries the access token; keep it private):',
          '',
          `    ${server.url}`,
          '',
          `Data folder: ${ctx.homeDir}`,
          'On a remote machine: ssh -L ' + `${server.port}:localhost:${server.port} <that machine>, then open the address here.`,
          'Press Ctrl+C to stop (training in progress is cancelled).',
          '',
        ].join('\n'),
      );
    }
    if (server.exposed) {
      ctx.io.err(
        `Warning: listening on ${host}, not only on this machine's loopback address. Anyone who can reach port ${server.port} here and learns the token can train, read and delete your runs, and the traffic is not encrypted. Prefer the default (127.0.0.1) with an SSH tunnel.\n`,
      );
    }
    if (ctx.values.open === true) openInBrowser(server.url, ctx.io);
    await stopped;
    await server.close();
    // runCli closes the services after this returns: training is cancelled and the store closed.
    return EXIT_OK;
  },
};
