/**
 * Everything the Runs screen changes, from the command line: rename, tag, notes, star, delete,
 * the trash (list, restore, remove for good). Each goes through the same handlers as the app, so
 * the same limits and messages apply.
 */
import type { RunSummary } from '../../../common/training/run';
import { flagOption, stringOption, type Command, type CommandContext } from '../command';
import { CliUsageError, EXIT_OK } from '../errors';
import { toLabError } from '../../ipc/errors';
import { parseRunId, printJson, table } from '../io';
import { RUN_HEADERS, runRow, starredScoresNote } from './runs';

function printRun(ctx: CommandContext, run: RunSummary, done: string): void {
  if (ctx.json) printJson(ctx.io, run);
  else ctx.io.out(`Run ${run.id} (${run.name}) ${done}.\n`);
}

/** A command that changes one run: RUN first, then what the change needs. */
function runEdit(spec: Pick<Command, 'name' | 'summary' | 'usage' | 'options'>, edit: (ctx: CommandContext, id: number) => Promise<{ run: RunSummary; done: string }>): Command {
  return {
    ...spec,
    async run(ctx) {
      const id = parseRunId(ctx.positionals[0]);
      const { run, done } = await edit(ctx, id);
      printRun(ctx, run, done);
      return EXIT_OK;
    },
  };
}

function textArgument(ctx: CommandContext, what: string): string {
  const text = ctx.positionals.slice(1).join(' ');
  if (ctx.positionals.length < 2) throw new CliUsageError(`Give the ${what} after the run id.`);
  return text;
}

export const rename = runEdit(
  { name: 'rename', summary: 'Rename a run.', usage: 'mnist-lab rename RUN NEW NAME [--json]', options: {} },
  async (ctx, id) => {
    const name = textArgument(ctx, 'new name');
    const run = await (await ctx.services()).handlers.updateRun(id, { name });
    return { run, done: 'renamed' };
  },
);

export const tag = runEdit(
  {
    name: 'tag',
    summary: "Add tags to a run (or take them off with --remove).",
    usage: 'mnist-lab tag RUN TAG [TAG...] [--remove] [--json]',
    options: { remove: flagOption },
  },
  async (ctx, id) => {
    const given = ctx.positionals.slice(1);
    if (given.length === 0) throw new CliUsageError('Give one or more tags after the run id.');
    const { handlers } = await ctx.services();
    const current = (await handlers.getRunResults(id)).tags;
    const tags = ctx.values.remove === true ? current.filter((t) => !given.includes(t)) : [...current, ...given];
    const run = await handlers.updateRun(id, { tags });
    return { run, done: `now has ${run.tags.length === 0 ? 'no tags' : `the tags ${run.tags.join(', ')}`}` };
  },
);

export const notes = runEdit(
  { name: 'notes', summary: "Set a run's notes ('' clears them).", usage: 'mnist-lab notes RUN TEXT [--json]', options: {} },
  async (ctx, id) => {
    const run = await (await ctx.services()).handlers.updateRun(id, { notes: textArgument(ctx, 'notes') });
    return { run, done: run.notes ? 'has new notes' : 'has no notes' };
  },
);

export const star = runEdit(
  { name: 'star', summary: 'Star a run (or unstar it with --off).', usage: 'mnist-lab star RUN [--off] [--json]', options: { off: flagOption } },
  async (ctx, id) => {
    const run = await (await ctx.services()).handlers.updateRun(id, { starred: ctx.values.off !== true });
    return { run, done: run.starred ? 'is starred' : 'is no longer starred' };
  },
);

export const remove = runEdit(
  { name: 'delete', summary: 'Move a run to the trash (restore brings it back).', usage: 'mnist-lab delete RUN [--json]', options: {} },
  async (ctx, id) => ({ run: await (await ctx.services()).handlers.deleteRun(id), done: 'is in the trash (`mnist-lab restore` brings it back)' }),
);

export const restore = runEdit(
  { name: 'restore', summary: 'Bring a run back from the trash.', usage: 'mnist-lab restore RUN [--json]', options: {} },
  async (ctx, id) => ({ run: await (await ctx.services()).handlers.restoreRun(id), done: 'is back' }),
);

export const trash = {
  name: 'trash',
  summary: 'List the runs in the trash, or remove them for good with their model files (--purge).',
  usage: 'mnist-lab trash [--json]\n       mnist-lab trash --purge RUN|all [--json]   (cannot be undone)',
  options: { purge: stringOption },
  async run(ctx) {
    const { handlers } = await ctx.services();
    const target = ctx.values.purge;
    if (typeof target !== 'string') {
      const list = await handlers.listRuns({ inTrash: true });
      if (ctx.json) printJson(ctx.io, list);
      else ctx.io.out(list.length ? table(RUN_HEADERS, list.map(runRow)) + starredScoresNote(list) : 'The trash is empty.\n');
      return EXIT_OK;
    }
    if (target !== 'all') {
      const id = await handlers.purgeRun(parseRunId(target));
      if (ctx.json) printJson(ctx.io, { purged: [id], kept: [] });
      else ctx.io.out(`Removed for good: run ${id} and its model files.\n`);
      return EXIT_OK;
    }
    // "all" empties what can go: a run a sweep keeps as a trial stays, and says why.
    const purged: number[] = [];
    const kept: { id: number; reason: string }[] = [];
    for (const run of await handlers.listRuns({ inTrash: true })) {
      try {
        purged.push(await handlers.purgeRun(run.id));
      } catch (error) {
        if (toLabError(error).code !== 'conflict') throw error;
        kept.push({ id: run.id, reason: toLabError(error).message });
      }
    }
    if (ctx.json) printJson(ctx.io, { purged, kept });
    else {
      ctx.io.out(purged.length ? `Removed for good: run${purged.length === 1 ? '' : 's'} ${purged.join(', ')} and their model files.\n` : 'Nothing was removed.\n');
      for (const k of kept) ctx.io.out(`Kept: ${k.reason}\n`);
    }
    return EXIT_OK;
  },
} satisfies Command;
