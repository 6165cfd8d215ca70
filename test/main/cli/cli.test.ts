// The command line end to end, as a user runs it: real processes of bin/mnist-lab.js, a temp data
// folder, real training on a small MNIST slice, real PNG files.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMnist } from '../../../main/data/mnist';
import { READING_VIEWS } from '../../../common/image/views';

const bin = resolve(import.meta.dirname, '../../../bin/mnist-lab.js');
let home: string;
let work: string;

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<CliResult> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args, '--home', home], { env: { ...process.env, MNIST_LAB_HOME: '' }, maxBuffer: 1 << 24 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      done({ code, stdout, stderr });
    });
  });
}

const QUICK = ['--preset', 'tfjs-tiny', '--epochs', '2', '--batch-size', '32', '--train-limit', '2000', '--test-limit', '500', '--backend', 'wasm', '--json'];

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'mnist-lab-cli-'));
  work = mkdtempSync(join(tmpdir(), 'mnist-lab-cli-work-'));
});
afterAll(() => {
  rmSync(home, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('mnist-lab', () => {
  it('refuses bad input with exit code 2, a message on stderr, and writes nothing', async () => {
    const unknownPreset = await cli('train', '--preset', 'nope');
    expect(unknownPreset.code).toBe(2);
    expect(unknownPreset.stderr).toMatch(/no preset "nope"/);
    const badSetting = await cli('train', '--preset', 'tfjs-tiny', '--batch-size', '0');
    expect(badSetting.code).toBe(2);
    expect(badSetting.stderr).toMatch(/batchSize/i);
    const badWorkers = await cli('train', '--preset', 'tfjs-tiny', '--workers', '9');
    expect(badWorkers.code).toBe(2);
    expect(badWorkers.stderr).toContain('workers must be one of auto, 1, 2, 3, 4');
    const arch = join(work, 'bad-arch.json');
    writeFileSync(arch, JSON.stringify([{ type: 'conv2d', filters: 8, kernelSize: 5, strides: 1, padding: 'valid', activation: 'relu' }, { type: 'dense', units: 10, activation: 'softmax' }]));
    const badArch = await cli('train', '--arch', arch);
    expect(badArch.code).toBe(2);
    expect(badArch.stderr).toMatch(/flatten/i);
    expect((await cli('show', 'abc')).code).toBe(2);
    expect((await cli('frobnicate')).code).toBe(2);
    expect((await cli('train', '--unknown-flag')).code).toBe(2);
    expect(readdirSync(home)).toEqual([]);
  });

  it('lists presets with their parameter counts', async () => {
    const r = await cli('presets', '--json');
    expect(r.code).toBe(0);
    const presets = JSON.parse(r.stdout) as { id: string; params: number }[];
    expect(presets.find((p) => p.id === 'keras-simple')?.params).toBe(34826);
  });

  let firstRun = 0;
  it('trains a run and reports it as one JSON document', async () => {
    const r = await cli('train', ...QUICK, '--name', 'cli quick');
    expect(r.stderr).not.toMatch(/Error/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.status).toBe('completed');
    expect(['wasm']).toContain(doc.backend);
    expect(doc.testAccuracy).toBeGreaterThan(0.7);
    expect(doc.testLoss).toBeGreaterThan(0);
    expect(doc.epochs).toHaveLength(2);
    expect(doc.epochs[0]).toMatchObject({ epoch: 1 });
    firstRun = doc.runId;
  });

  it('lists, shows and compares runs', async () => {
    const second = JSON.parse((await cli('train', ...QUICK, '--lr', '0.003', '--seed', '7')).stdout);
    expect(second.status).toBe('completed');
    const list = JSON.parse((await cli('runs', '--json')).stdout) as { id: number; name: string }[];
    expect(list.map((r) => r.id)).toEqual([second.runId, firstRun]);
    const shown = JSON.parse((await cli('show', String(firstRun), '--json')).stdout);
    expect(shown.name).toBe('cli quick');
    expect(shown.epochs[0].valAccuracy).toBeGreaterThan(0.5);
    const compared = JSON.parse((await cli('compare', String(firstRun), String(second.runId), '--json')).stdout);
    expect(compared.differences.map((d: { setting: string }) => d.setting).sort()).toEqual(['Learning rate', 'Seed']);
    const text = await cli('compare', String(firstRun), String(second.runId));
    expect(text.stdout).toMatch(/Settings that differ/);
  });

  it('predicts PNG files and reports unreadable ones', async () => {
    const { test } = await loadMnist();
    const files: string[] = [];
    for (const i of [0, 1, 2]) {
      // Dark ink on white paper, larger than 28x28: what a user's own image looks like.
      const inverted = Buffer.from(test.images.subarray(i * 784, (i + 1) * 784).map((v) => 255 - v));
      const file = join(work, `digit-${i}.png`);
      await sharp(inverted, { raw: { width: 28, height: 28, channels: 1 } }).resize(112, 112).png().toFile(file);
      files.push(file);
    }
    const r = await cli('predict', String(firstRun), ...files, '--json');
    expect(r.code).toBe(0);
    const results = JSON.parse(r.stdout) as { file: string; label: number; probabilities: number[]; views: { name: string; label: number; probability: number }[] }[];
    expect(results).toHaveLength(3);
    for (const result of results) {
      expect(result.probabilities).toHaveLength(10);
      expect(result.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 3);
      // What each view read alone, named, without its 28x28 input.
      expect(result.views.map((v) => v.name)).toEqual([...READING_VIEWS]);
      for (const view of result.views) expect(Object.keys(view).sort()).toEqual(['label', 'name', 'probability']);
    }
    expect(results.map((x) => x.label)).toEqual([test.labels[0], test.labels[1], test.labels[2]]);

    const notImage = join(work, 'notes.png');
    writeFileSync(notImage, 'hello');
    const bad = await cli('predict', String(firstRun), notImage, files[0], '--json');
    expect(bad.code).toBe(1);
    const mixed = JSON.parse(bad.stdout);
    expect(mixed[0].error).toMatch(/notes\.png/);
    expect(mixed[1].label).toBe(test.labels[0]);
  });

  it('evaluates and exports a run', async () => {
    const evaluated = JSON.parse((await cli('evaluate', String(firstRun), '--test-limit', '500', '--json')).stdout);
    expect(evaluated.testSize).toBe(500);
    expect(evaluated.confusion.flat().reduce((a: number, b: number) => a + b, 0)).toBe(500);
    const shown = JSON.parse((await cli('show', String(firstRun), '--json')).stdout);
    expect(evaluated.testAccuracy).toBeCloseTo(shown.testAccuracy, 5);
    // The test-set evaluation the run ended with, repeated on the same 500 images: the same table.
    expect(evaluated.confusion).toEqual(shown.confusion);
    expect(evaluated.perClass).toEqual(shown.perClass);

    const dir = join(work, 'exported');
    const r = await cli('export', String(firstRun), dir, '--json');
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'model-final', 'model.json'))).toBe(true);
    expect(existsSync(join(dir, 'run.json'))).toBe(true);
    expect((await cli('export', String(firstRun), dir)).code).toBe(2);
  });

  it('runs the doctor without touching the data folder', async () => {
    const r = await cli('doctor', '--json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.backends.map((b: { backend: string }) => b.backend)).toEqual(['tfjs-node-gpu', 'tfjs-node', 'wasm', 'cpu']);
    const gpu = report.backends[0];
    expect(gpu.available).toBe(existsSync(resolve(import.meta.dirname, '../../../node_modules/@tensorflow/tfjs-node-gpu')));
  });
});
