/** `mnist-lab export RUN DIR`: the run's models (TensorFlow.js layers format) and a run.json, into a new folder. */
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { verifyRecordedModel } from '../../models/recorded-model';
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
    // Its record and models; the metric points are not part of an export's run.json.
    const run = await services.handlers.getRunResults(runId);
    if (run.models.length === 0) throw new CliUsageError(`Run ${runId} has no saved model (it is ${run.status}).`);
    // Every source is checked before anything is written, so a missing model leaves no half export.
    const sources = await Promise.all(
      run.models.map(async (model) => ({ source: await verifyRecordedModel(ctx.homeDir, runId, model), dest: join(target, `model-${model.kind}`) })),
    );
    mkdirSync(target, { recursive: true });
    const written: string[] = [];
    for (const { source, dest } of sources) {
      cpSync(source, dest, { recursive: true });
      written.push(dest);
    }
    writeFileSync(join(target, 'run.json'), `${JSON.stringify(run, null, 2)}\n`);
    written.push(join(target, 'run.json'));
    if (ctx.json) printJson(ctx.io, { runId, dir: target, files: written });
    else ctx.io.out(`Exported run ${runId} to ${target}:\n${written.map((w) => `  ${w}\n`).join('')}`);
    return EXIT_OK;
  },
};
