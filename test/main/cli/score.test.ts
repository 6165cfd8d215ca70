// Real-world scores from the command line: a run trained by `mnist-lab train` is scored at its end,
// `show` and `runs` print it, and `mnist-lab score` scores a run that has none (as runs trained
// before scores were kept have none) to the same figure.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../faults/helpers';
import { percent } from '../../../common/format/numbers';
import { MANIFEST_FILE, realWorldSetDir, type RealWorldManifest } from '../../../main/inference/real-world-set';

/** Pictures in the shipped set, every one of which a score counts. */
const setSize = (JSON.parse(readFileSync(join(realWorldSetDir(), MANIFEST_FILE), 'utf8')) as RealWorldManifest).images.length;

let home: string;

/** The cache folder each command gets: a run's own score and `mnist-lab score` remember readings there. */
let cacheHome: string;
const cli = (...args: string[]) => runCli(home, args, { XDG_CACHE_HOME: cacheHome });
const remembered = (): string[] => readdirSync(join(cacheHome, 'MNIST Lab')).filter((f) => f.startsWith('real-world-readings-'));

beforeAll(() => {
  home = mkdtempSync(join(tmpdir(), 'mnist-lab-score-'));
  cacheHome = join(home, 'cache');
});
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('mnist-lab and real-world scores', () => {
  it('scores a trained run at its end, prints it, and scores a run without one to the same figure', async () => {
    const trained = await cli('train', '--preset', 'tfjs-tiny', '--epochs', '1', '--train-limit', '2000', '--test-limit', '200', '--backend', 'wasm', '--json');
    expect(trained.code).toBe(0);
    const runId = (JSON.parse(trained.stdout) as { runId: number }).runId;

    const shown = JSON.parse((await cli('show', String(runId), '--json')).stdout) as { realWorldAccuracy: number; realWorld: { ok: boolean; total: number; correct: number } };
    expect(shown.realWorld).toMatchObject({ ok: true, total: setSize });
    expect(shown.realWorldAccuracy).toBeCloseTo(shown.realWorld.correct / setSize, 12);
    expect((JSON.parse(trained.stdout) as { realWorldAccuracy: number }).realWorldAccuracy).toBe(shown.realWorldAccuracy);
    const text = (await cli('show', String(runId))).stdout;
    expect(text).toContain(`real-world ${percent(shown.realWorldAccuracy)} (${shown.realWorld.correct} of ${setSize})`);
    expect(text).toMatch(/Real-world set, per style[\s\S]*thin-pen/);
    const listed = (await cli('runs')).stdout;
    expect(listed.split('\n')[0]).toMatch(/test acc\s+real-world/);
    expect(listed).toContain(percent(shown.realWorldAccuracy));

    // As a run trained before this version: no score.
    const db = new Database(join(home, 'runs.sqlite'));
    db.prepare('DELETE FROM real_world_scores WHERE run_id = ?').run(runId);
    db.close();
    expect((await cli('show', String(runId))).stdout).toContain(`real-world not scored yet (mnist-lab score ${runId})`);

    // The run's own score remembered the set's readings; `score` reads through the same file, and
    // from an empty cache folder it makes the same one.
    const [readings] = remembered();
    expect(readings).toBeDefined();
    cacheHome = join(home, 'cache-2');
    const scored = await cli('score', String(runId), '--json');
    expect(remembered()).toEqual([readings]);
    expect(scored.code).toBe(0);
    const score = JSON.parse(scored.stdout) as { realWorldAccuracy: number; realWorld: unknown };
    expect(score.realWorld).toEqual(shown.realWorld);
    expect(score.realWorldAccuracy).toBe(shown.realWorldAccuracy);
    expect((await cli('score', String(runId))).stdout).toMatch(/real-world .*\n.*style\s+accuracy/);
  }, 120_000);

  it('says why a run cannot be scored', async () => {
    const none = await cli('score', '999');
    expect(none.code).not.toBe(0);
    expect(none.stderr).toContain('There is no run 999');
    expect((await cli('score', 'x')).code).toBe(2);
  });
});
