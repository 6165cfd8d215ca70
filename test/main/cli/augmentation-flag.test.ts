// `mnist-lab train --augmentation`: the three kinds, the older --augment/--no-augment flags, and a
// clear refusal of anything else before a run is created.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../faults/helpers';

let home: string;

const cli = (...args: string[]) => runCli(home, args);

const QUICK = ['--preset', 'tfjs-tiny', '--epochs', '1', '--train-limit', '256', '--test-limit', '100', '--backend', 'wasm', '--workers', '1', '--json'];

async function trainedAugmentation(...flags: string[]): Promise<unknown> {
  const trained = await cli('train', ...QUICK, ...flags);
  expect(trained.code).toBe(0);
  const runId = (JSON.parse(trained.stdout) as { runId: number }).runId;
  return (JSON.parse((await cli('show', String(runId), '--json')).stdout) as { hyperparameters: { augment: unknown } }).hyperparameters.augment;
}

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'mnist-lab-augment-'));
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('mnist-lab train --augmentation', () => {
  it('refuses an unknown kind with the ones it knows, creating nothing', async () => {
    const refused = await cli('train', ...QUICK, '--augmentation', 'wiggly');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('augment must be one of off, shift, handwriting');
    expect(existsSync(join(home, 'runs.sqlite'))).toBe(false);
  });

  it('trains with handwriting augmentation, and reads the older --augment as the 2-pixel shifts', async () => {
    expect(await trainedAugmentation('--augmentation', 'handwriting')).toBe('handwriting');
    expect(await trainedAugmentation('--augment')).toBe('shift');
  }, 120_000);
});
