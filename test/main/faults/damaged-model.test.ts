// A model file changed after it was saved (a flipped byte, a truncated file) is refused by every
// reader with one message naming the run, the model and what to do; the other model still works.
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionResult, Result } from '../../../common/ipc/contract';
import { runModelDir } from '../../../main/home';
import type { LabServices } from '../../../main/services/lab-services';
import { cliInProcess, closeSeededLab, makeTempDir, openSeededLab } from './helpers';

let home: string;
let services: LabServices;
let runId: number;
let digit: string;
const rgba = { width: 28, height: 28, data: new Uint8Array(28 * 28 * 4).map((_, i) => (i % 4 === 3 ? 255 : (i >> 2) % 28 > 10 && (i >> 2) % 28 < 16 ? 0 : 255)) };

beforeAll(async () => {
  ({ home, services, runId } = await openSeededLab());
  digit = join(makeTempDir(), 'digit.png');
  await sharp(Buffer.from(rgba.data), { raw: { width: 28, height: 28, channels: 4 } }).png().toFile(digit);
  // The best model: one byte of its weights flipped, the size unchanged.
  const weights = join(runModelDir(home, runId), 'best', 'weights.bin');
  const bytes = readFileSync(weights);
  bytes[100] ^= 0xff;
  writeFileSync(weights, bytes);
});
afterAll(() => closeSeededLab(services));

const predict = (model: 'best' | 'final'): Promise<Result<unknown>> => services.dispatch('predict', [{ runId, model, images: [{ name: 'pad', rgba }] }]);

describe('damaged model files', () => {
  it('the Test screen\'s call refuses a model whose bytes changed, and the other model still reads', async () => {
    const refused = await predict('best');
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!refused.ok) expect(refused.error.message).toBe(`The best model of run ${runId} is damaged (its files do not match the checksum recorded when it was saved), so it was not used. Re-train the run, or use its final model if it has one (--model final on the command line).`);
    const fine = await predict('final');
    expect(fine.ok).toBe(true);
    expect((fine as { value: PredictionResult[] }).value[0]).toMatchObject({ ok: true });
  });

  it('the Test screen\'s loading of a model ahead of the first picture refuses it the same way, and readies the other', async () => {
    const refused = await services.dispatch('prepareModel', [{ runId, model: 'best' }]);
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^The best model of run \d+ is damaged/) } });
    expect(await services.dispatch('prepareModel', [{ runId, model: 'final' }])).toEqual({ ok: true, value: null });
    expect(await services.dispatch('prepareModel', [{ runId: runId + 1000 }])).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('predict, evaluate and export on the command line exit non-zero with the same message', async () => {
    const predicted = await cliInProcess(home, ['predict', String(runId), digit, '--model', 'best']);
    expect(predicted.code).not.toBe(0);
    expect(predicted.stderr).toMatch(/best model of run \d+ is damaged/);
    expect(predicted.stdout).not.toMatch(/^-1/m);
    const evaluated = await cliInProcess(home, ['evaluate', String(runId), '--model', 'best', '--test-limit', '50']);
    expect(evaluated.code).not.toBe(0);
    expect(evaluated.stderr).toMatch(/best model of run \d+ is damaged/);
    const exported = await cliInProcess(home, ['export', String(runId), join(makeTempDir(), 'out')]);
    expect(exported.code).not.toBe(0);
    expect(exported.stderr).toMatch(/best model of run \d+ is damaged/);
  });

  it('a truncated weights file is refused by its size before TensorFlow.js reads it', async () => {
    const weights = join(runModelDir(home, runId), 'final', 'weights.bin');
    truncateSync(weights, 90);
    // A fresh process: the app's open predictor keeps the model it already checked and loaded.
    const refused = await cliInProcess(home, ['predict', String(runId), digit, '--model', 'final']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/final model of run \d+ is damaged \(its files hold \d+ bytes where \d+ were saved\)/);
    expect(refused.stderr).not.toMatch(/tensor should have/);
  });
});
