/** `mnist-lab evaluate RUN`: run a saved model over the MNIST test set again and report the results. */
import { decimal, percent } from '../../../common/format/numbers';
import { stringOption, type Command } from '../command';
import { CliUsageError, EXIT_OK } from '../errors';
import { parseRunId, printJson, table } from '../io';
import { modelKind } from './predict';

export const evaluate: Command = {
  name: 'evaluate',
  summary: 'Evaluate a run\'s saved model on the MNIST test set: accuracy, confusion matrix, precision and recall.',
  usage: 'mnist-lab evaluate RUN [--model best|final] [--test-limit N] [--json]',
  options: { model: stringOption, 'test-limit': stringOption },
  async run(ctx) {
    const runId = parseRunId(ctx.positionals[0]);
    const kind = modelKind(ctx.values.model) ?? 'final';
    const limitText = ctx.values['test-limit'];
    const testLimit = typeof limitText === 'string' ? Number(limitText) : null;
    if (testLimit !== null && !(Number.isInteger(testLimit) && testLimit > 0)) throw new CliUsageError('--test-limit must be a whole number above 0.');
    const services = await ctx.services();
    // The run's results and models: its metric points are not needed here.
    const run = await services.handlers.getRunResults(runId);
    const info = run.models.find((m) => m.kind === kind);
    if (!info) throw new CliUsageError(`Run ${runId} has no ${kind} model (it is ${run.status}).`);
    const [{ inferenceTf }, { loadRecordedModel }, { loadMnist, makeSplits }, { evaluateTestSet }, { HostDataset }] = await Promise.all([
      import('../../inference/inference-tf'),
      import('../../models/recorded-model'),
      import('../../data/mnist'),
      import('../../training/evaluate'),
      import('../../training/host-dataset'),
    ]);
    const tf = await inferenceTf();
    const model = await loadRecordedModel(tf, ctx.homeDir, runId, info);
    const { test } = makeSplits(await loadMnist(), { validationSplit: 0, seed: 0, trainLimit: 1, testLimit });
    // The evaluation the training process ends with, so the figures agree with the run's.
    const evaluation = await evaluateTestSet(tf, model, new HostDataset(tf, test), test.labels, { cancelled: false });
    model.dispose();
    if (!evaluation) throw new Error('Evaluation was interrupted.');
    const { testAccuracy, testLoss, confusion, perClass } = evaluation;
    const result = { runId, model: kind, testSize: test.count, testAccuracy, testLoss, confusion, perClass };
    if (ctx.json) {
      printJson(ctx.io, result);
      return EXIT_OK;
    }
    let text = `Run ${runId}, ${kind} model, ${test.count} test images: accuracy ${percent(result.testAccuracy)}, loss ${decimal(result.testLoss)}\n\n`;
    text += 'Confusion matrix (rows: true digit, columns: predicted):\n';
    text += table(['', ...confusion.map((_, i) => String(i))], confusion.map((row, i) => [String(i), ...row.map(String)]));
    text += '\n' + table(['digit', 'precision', 'recall', 'support'], perClass.map((c, i) => [String(i), percent(c.precision), percent(c.recall), String(c.support)]));
    ctx.io.out(text);
    return EXIT_OK;
  },
};
