/**
 * `mnist-lab score RUN`: a run's real-world score. Every run trained by this version is scored at
 * its end; this computes the score of a run trained before (or one whose set was missing then),
 * and prints the one it already has otherwise.
 */
import { percent } from '../../../common/format/numbers';
import { describeRealWorld, styleAccuracy, type RealWorldResult } from '../../../common/training/real-world';
import type { RunResults } from '../../../common/training/run';
import type { Command } from '../command';
import { CliUsageError, EXIT_OK } from '../errors';
import { parseRunId, printJson, table } from '../io';

/** The per-style lines `score` and `show` print. */
export function realWorldStyleTable(result: RealWorldResult & { ok: true }): string {
  return table(['style', 'accuracy', 'correct', 'refused'], result.styles.map((s) => [s.style, percent(styleAccuracy(s)), `${s.correct}/${s.total}`, String(s.refused)])).trimEnd();
}

export const score: Command = {
  name: 'score',
  summary: 'Score a run\'s final model on the real-world set (runs trained before scores were kept).',
  usage: 'mnist-lab score RUN [--json]',
  options: {},
  async run(ctx) {
    const id = parseRunId(ctx.positionals[0]);
    if (ctx.positionals.length > 1) throw new CliUsageError(`Unexpected argument "${ctx.positionals[1]}".`);
    const services = await ctx.services();
    const run = (await services.handlers.scoreRealWorld(id)) as RunResults;
    if (ctx.json) {
      printJson(ctx.io, { runId: run.id, testAccuracy: run.testAccuracy, realWorldAccuracy: run.realWorldAccuracy, realWorld: run.realWorld });
      return EXIT_OK;
    }
    const lines = [`Run ${run.id}: test accuracy ${percent(run.testAccuracy)}, real-world ${describeRealWorld(run.realWorld, percent)}`];
    if (run.realWorld?.ok) {
      lines.push(realWorldStyleTable(run.realWorld));
    }
    ctx.io.out(`${lines.join('\n')}\n`);
    return EXIT_OK;
  },
};
