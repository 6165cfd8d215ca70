/** `mnist-lab rerun RUN`: train a run's exact layers and settings (its seed too) again, recorded as its re-run. */
import type { Command } from '../command';
import { CliUsageError } from '../errors';
import { parseRunId } from '../io';
import { followRun } from './follow-run';

export const rerun: Command = {
  name: 'rerun',
  summary: 'Train a run again with the same layers, settings and seed, recorded as its re-run.',
  usage: 'mnist-lab rerun RUN [--json]',
  options: {},
  async run(ctx) {
    const id = parseRunId(ctx.positionals[0]);
    if (ctx.positionals.length > 1) throw new CliUsageError(`Unexpected argument "${ctx.positionals[1]}".`);
    const services = await ctx.services();
    return followRun(ctx, services, () => services.handlers.rerunRun(id));
  },
};
