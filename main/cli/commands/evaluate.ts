/** `mnist-lab evaluate RUN`: run a saved model over the MNIST test set again and report the results. */
import { decimal, percent } from '../../../common/format/numbers';
import { modelsDir } from '../../home';
import { resolve, sep } from 'node:path';
import { stringOption, type Command } from '../command';
import { CliUsageError, EXIT_OK } from '../errors';
import { parseRunId, printJson, table } from '../io';
import { modelKind } from './predict';

const BATCH = 500;

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
    const run = await services.handlers.getRun(runId);
    const info = run.models.find((m) => m.kind === kind);
    if (!info) throw new CliUsageError(`Run ${runId} has no ${kind} model (it is ${run.status}).`);
    const dir = resolve(ctx.homeDir, info.path);
    if (!dir.startsWith(modelsDir(ctx.homeDir) + sep)) throw new CliUsageError(`The model path ${info.path} is outside the data folder.`);

    const [{ inferenceTf }, { loadModel }, { loadMnist, makeSplits }, { confusionMatrix, perClassMetrics }] = await Promise.all([
      import('../../inference/inference-tf'),
      import('../../models/model-files'),
      import('../../data/mnist'),
      import('../../training/metrics'),
    ]);
    const tf = await inferenceTf();
    const model = await loadModel(tf, dir);
    const { test } = makeSplits(await loadMnist(), { validationSplit: 0, seed: 0, trainLimit: 1, testLimit });
    const predictions = new Uint8Array(test.count);
    let lossSum = 0;
    for (let start = 0; start < test.count; start += BATCH) {
      const n = Math.min(BATCH, test.count - start);
      const [batchLoss, batchPredictions] = tf.tidy(() => {
        const x = tf.tensor4d(test.images.subarray(start * 784, (start + n) * 784), [n, 28, 28, 1]);
        const y = tf.oneHot(tf.tensor1d(test.labels.subarray(start, start + n), 'int32'), 10);
        const p = model.predict(x) as import('@tensorflow/tfjs').Tensor;
        return [tf.metrics.categoricalCrossentropy(y, p).sum().dataSync()[0], p.argMax(-1).dataSync()];
      });
      lossSum += batchLoss;
      predictions.set(batchPredictions, start);
    }
    model.dispose();
    const confusion = confusionMatrix(test.labels, predictions);
    const perClass = perClassMetrics(confusion);
    const correct = confusion.reduce((sum, row, i) => sum + row[i], 0);
    const result = { runId, model: kind, testSize: test.count, testAccuracy: correct / test.count, testLoss: lossSum / test.count, confusion, perClass };
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
