/** `mnist-lab predict RUN IMAGE...`: classify image files with a run's saved model. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { percent } from '../../../common/format/numbers';
import type { ImageInput } from '../../../common/ipc/contract';
import { readingOf, viewsAgreeing } from '../../../common/image/reading';
import type { ModelKind } from '../../../common/training/run';
import { stringOption, type Command } from '../command';
import { CliUsageError, EXIT_FAILED, EXIT_OK } from '../errors';
import { parseRunId, printJson } from '../io';

export function modelKind(value: unknown): ModelKind | undefined {
  if (value === undefined) return undefined;
  if (value !== 'final' && value !== 'best') throw new CliUsageError('--model must be "final" or "best".');
  return value;
}

export const predict: Command = {
  name: 'predict',
  summary: 'Predict the digit in image files (PNG, JPEG, WebP, GIF, TIFF, BMP) with a run\'s model.',
  usage: 'mnist-lab predict RUN IMAGE... [--model best|final] [--json]',
  options: { model: stringOption },
  async run(ctx) {
    const [idText, ...files] = ctx.positionals;
    const runId = parseRunId(idText);
    if (files.length === 0) throw new CliUsageError('Give at least one image file.');
    const model = modelKind(ctx.values.model);
    const images: ImageInput[] = files.map((file) => {
      try {
        return { name: file, bytes: new Uint8Array(readFileSync(file)) };
      } catch {
        throw new CliUsageError(`Cannot read ${file}.`);
      }
    });
    const services = await ctx.services();
    const results = await services.handlers.predict({ runId, model, images });
    if (ctx.json) {
      printJson(
        ctx.io,
        results.map((r) =>
          r.ok
            ? { file: r.file, label: r.label, probabilities: r.probabilities, views: r.views.map(({ name, label, probability }) => ({ name, label, probability })) }
            : { file: r.file, error: r.error },
        ),
      );
    } else {
      for (const r of results) {
        if (!r.ok) ctx.io.out(`${basename(r.file)}: ${r.error}\n`);
        else {
          const reading = readingOf(r.probabilities);
          const doubt = reading.unsure ? `, unsure: or ${reading.runnerUp.label} (${percent(reading.runnerUp.probability, 1)})` : '';
          const views = viewsAgreeing(r.views, r.label);
          const split = views.agree < views.of ? `; ${views.agree} of ${views.of} views read ${r.label}` : '';
          ctx.io.out(`${basename(r.file)}: ${r.label} (${percent(reading.probability, 1)}${doubt}${split})\n`);
        }
      }
    }
    return results.every((r) => r.ok) ? EXIT_OK : EXIT_FAILED;
  },
};
