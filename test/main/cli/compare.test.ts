// `mnist-lab compare` prints the Compare screen's rows of final results: one definition for both.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { finalMetricRows } from '../../../common/training/final-metrics';
import type { TrainingEvent } from '../../../common/training/run';
import { runCli } from '../../../main/cli/index';
import type { CliIo } from '../../../main/cli/io';
import { openRunStore } from '../../../main/store/run-store';
import { recordEvent } from '../../../main/training/recorder';
import { makeTempDir, newRun, removeTempDirs, WASM_INFO } from '../store/fixtures';

afterAll(removeTempDirs);

function captureIo(): CliIo & { stdout: string } {
  const io = { stdout: '', out: (text: string) => void (io.stdout += text), err: () => {}, interactive: false, env: {} };
  return io;
}

function finishedRuns(home: string): number[] {
  const store = openRunStore(join(home, 'runs.sqlite'));
  try {
    const ids = [0.9, 0.95].map((valAccuracy, i) => {
      const id = store.createRun(newRun({ name: `run ${i + 1}` })).id;
      const events: TrainingEvent[] = [
        { type: 'started', info: WASM_INFO, trainSize: 10, valSize: 2, testSize: 2, batchesPerEpoch: 1, epochs: 1, params: 1 },
        { type: 'epoch', epoch: 1, step: 1, time: 2_000, trainLoss: 0.5, trainAccuracy: 0.8, valLoss: 0.4, valAccuracy, learningRate: 0.01, seconds: 1 },
        { type: 'done', testLoss: 0.3 - i / 10, testAccuracy: valAccuracy, confusion: [], perClass: [], predictions: [], time: 3_000 },
      ];
      for (const event of events) recordEvent(store, id, event);
      return id;
    });
    return ids;
  } finally {
    store.close();
  }
}

describe('mnist-lab compare', () => {
  it('gives the same rows, values and best runs as the Compare screen', async () => {
    const home = makeTempDir();
    const ids = finishedRuns(home);
    const io = captureIo();
    expect(await runCli(['compare', ...ids.map(String), '--home', home, '--json'], io)).toBe(0);
    const printed = JSON.parse(io.stdout) as { results: Record<string, string[]>; best: Record<string, number> };

    const store = openRunStore(join(home, 'runs.sqlite'));
    const runs = ids.map((id) => store.getRun(id)!);
    store.close();
    const rows = finalMetricRows(runs);
    // Scripts read stable keys (the run fields), not the screen's labels.
    expect(Object.keys(printed.results)).toEqual(rows.map((row) => row.key));
    expect(Object.keys(printed.results)).toContain('testAccuracy');
    for (const row of rows) expect(printed.results[row.key]).toEqual(row.values);
    expect(printed.best).toMatchObject({ testAccuracy: ids[1], testLoss: ids[1], bestValAccuracy: ids[1] });

    const text = captureIo();
    expect(await runCli(['compare', ...ids.map(String), '--home', home], text)).toBe(0);
    for (const row of rows) expect(text.stdout).toContain(row.metric);
    expect(text.stdout).toMatch(/Test accuracy +\S+ +95\.00% \*/);
  });
});
