// A data folder that cannot be used — a database from a newer version, a damaged database, a
// models folder that disappeared — gets a clear, typed message, and nothing in it is overwritten.
import fs from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../common/ipc/contract';
import { databaseFile, modelsDir } from '../../../main/home';
import { NewerDatabaseError } from '../../../main/store/migrate';
import { DataFolderError } from '../../../main/store/errors';
import { openRunStore } from '../../../main/store/run-store';
import { createLabServices } from '../../../main/services/lab-services';
import { cliInProcess, makeTempDir, removeTempDirs, seedRunWithModels } from './helpers';

afterAll(removeTempDirs);

/** Every file of a folder with its bytes, to prove nothing was written. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const path = join(dir, name);
    if (fs.statSync(path).isFile()) files[name] = fs.readFileSync(path).toString('base64');
  }
  return files;
}

async function refusal(home: string): Promise<DataFolderError> {
  const error: unknown = await createLabServices({ homeDir: home }).then(
    async (services) => {
      await services.close();
      return new Error('the data folder opened');
    },
    (e: unknown) => e,
  );
  if (!(error instanceof DataFolderError)) throw error;
  return error;
}

/** A data folder whose database holds one finished run. */
function folderWithRun(): string {
  const home = makeTempDir();
  const store = openRunStore(databaseFile(home));
  const { id } = store.createRun({ name: 'kept', presetId: null, layers: [], hyperparameters: { seed: 1 } as never, params: 0 });
  store.finishRun(id, 'cancelled');
  store.close();
  return home;
}

describe('a data folder MNIST Lab cannot use', () => {
  it('refuses a database from a newer version, changes nothing, and the command line says why', async () => {
    const home = folderWithRun();
    const raw = new BetterSqlite3(databaseFile(home));
    raw.pragma('user_version = 99');
    raw.close();
    const before = snapshot(home);

    const error = await refusal(home);
    expect(error).toBeInstanceOf(NewerDatabaseError);
    expect(error).toMatchObject({ problem: 'newer-version', file: databaseFile(home) });
    expect(error.message).toMatch(/written by a newer version of MNIST Lab \(database version 99;/);
    const cli = await cliInProcess(home, ['runs']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/^mnist-lab runs: This data folder was written by a newer version of MNIST Lab/);
    expect(snapshot(home)).toEqual(before);
  });

  it.each([
    ['random bytes', (b: Buffer) => Buffer.from(b.map((_, i) => (i * 131 + 7) % 251))],
    ['a truncated file', (b: Buffer) => b.subarray(0, Math.floor(b.length * 0.6))],
  ])('refuses a database of %s as damaged, changes nothing, and the command line says why', async (_what, damage) => {
    const home = folderWithRun();
    const file = databaseFile(home);
    // Enough pages that truncation cuts real data, not just slack.
    const raw = new BetterSqlite3(file);
    raw.exec(`CREATE TABLE padding (x);
      WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200) INSERT INTO padding SELECT randomblob(1000) FROM n;`);
    raw.close();
    fs.writeFileSync(file, damage(fs.readFileSync(file)));
    const before = snapshot(home);

    const error = await refusal(home);
    expect(error).toMatchObject({ problem: 'damaged', file });
    expect(error.message).toMatch(/is damaged or is not an MNIST Lab database .* It was left exactly as it is/);
    const cli = await cliInProcess(home, ['runs', '--json']);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toMatch(/is damaged or is not an MNIST Lab database/);
    expect(cli.stdout).toBe('');
    expect(snapshot(home)).toEqual(before);
  });

  it('refuses a data folder that is really a file, with a typed error', async () => {
    const file = join(makeTempDir(), 'not-a-folder');
    fs.writeFileSync(file, 'notes');
    const error = await refusal(file);
    expect(error.problem).toBe('unreadable');
    expect(error.message).toMatch(/MNIST Lab cannot open its database .*not-a-folder/);
    expect(fs.readFileSync(file, 'utf8')).toBe('notes');
  });

  it('opens without its models folder and says plainly that a model is missing', async () => {
    const home = makeTempDir();
    const store = openRunStore(databaseFile(home));
    const runId = await seedRunWithModels(store, home);
    store.close();
    fs.rmSync(modelsDir(home), { recursive: true });

    const services = await createLabServices({ homeDir: home });
    try {
      const listed = await services.dispatch('listRuns', []);
      expect(listed.ok && (listed.value as unknown[]).length).toBe(1);
      const predicted: Result<unknown> = await services.dispatch('predict', [
        { runId, images: [{ name: 'pad', rgba: { width: 1, height: 1, data: new Uint8Array([255, 255, 255, 255]) } }] },
      ]);
      expect(predicted).toEqual({
        ok: false,
        error: { code: 'not-found', message: expect.stringMatching(/^No saved model in .*best: model\.json is missing\. The model folder may have been moved or deleted\.$/) },
      });
    } finally {
      await services.close();
    }
    const evaluated = await cliInProcess(home, ['evaluate', String(runId), '--test-limit', '10']);
    expect(evaluated.code).not.toBe(0);
    expect(evaluated.stderr).toMatch(/No saved model in .*final: model\.json is missing/);
    const exported = await cliInProcess(home, ['export', String(runId), join(makeTempDir(), 'out')]);
    expect(exported.code).not.toBe(0);
    expect(exported.stderr).toMatch(/^mnist-lab export: /);
    expect(fs.existsSync(modelsDir(home))).toBe(false);
  });
});
