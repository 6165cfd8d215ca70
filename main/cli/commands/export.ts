/** `mnist-lab export RUN DIR`: the run's models (TensorFlow.js layers format) and a run.json, into a new folder. */
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { modelsDir } from '../../home';
import type { Command } from '../command';
import { CliUsageError, EXIT_OK } from '../errors';
import { parseRunId, printJson } from '../io';

export const exportRun: Command = {
  name: 'export',
  summary: 'Copy a run\'s saved models (model.json + weights.bin) and its record into a new folder.',
  usage: 'mnist-lab export RUN DIR [--json]',
  options: {},
  async run(ctx) {
    const runId = parseRunId(ctx.positionals[0]);
    if (!ctx.positionals[1]) throw new CliUsageError('Give the folder to export into.');
    const target = resolve(ctx.positionals[1]);
    if (existsSync(target) && readdirSync(target).length > 0) throw new CliUsageError(`${target} is not empty: choose a new or empty folder.`);
    const services = await ctx.services();
    const run = await services.handlers.getRun(runId);
    if (run.models.length === 0) throw new CliUsageError(`Run ${runId} has no saved model (it is ${run.status}).`);
    const root = modelsDir(ctx.homeDir);
    mkdirSync(target, { recursive: true });
    const written: string[] = [];
    for (const model of run.models) {
      // Model files are only ever read from the data folder's models/ folder, whatever the database says.
      const source = resolve(ctx.homeDir, model.path);
      if (!source.startsWith(root + sep)) throw new CliUsageError(`The model path ${model.path} is outside the data folder.`);
      const dest = join(target, `model-${model.kind}`);
      cpSync(source, dest, { recursive: true });
      written.push(dest);
    }
    const { metrics: _metrics, ...record } = run;
    writeFileSync(join(target, 'run.json'), `${JSON.stringify(record, null, 2)}\n`);
    written.push(join(target, 'run.json'));
    if (ctx.json) printJson(ctx.io, { runId, dir: target, files: written });
    else ctx.io.out(`Exported run ${runId} to ${target}:\n${written.map((w) => `  ${w}\n`).join('')}`);
    return EXIT_OK;
  },
};
