// Paths the database names are not trusted: a run whose stored model path was tampered with to
// lead out of the data folder is refused by predict (app and command line), evaluate and export,
// and export writes only inside the folder it was given.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseFile } from '../../../main/home';
import type { LabServices } from '../../../main/services/lab-services';
import { cliInProcess, closeSeededLab, makeTempDir, openSeededLab, rawDatabase } from './helpers';

let home: string;
let services: LabServices;
let runId: number;

beforeAll(async () => {
  ({ home, services, runId } = await openSeededLab());
});
afterAll(() => closeSeededLab(services));

function tamper(path: string): void {
  const db = rawDatabase(databaseFile(home));
  db.prepare('UPDATE models SET path = ? WHERE run_id = ?').run(path, runId);
  db.close();
}

const pixels = { name: 'pad', rgba: { width: 1, height: 1, data: new Uint8Array([0, 0, 0, 255]) } };

describe('model paths from the database', () => {
  for (const path of ['../../etc', '/etc', 'models/../../outside', 'models', '']) {
    it(`refuses "${path}" in predict, evaluate and export`, async () => {
      tamper(path);
      const predicted = await services.dispatch('predict', [{ runId, images: [pixels] }]);
      expect(predicted).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/is outside the data folder's models folder/) } });

      const cliPredict = await cliInProcess(home, ['predict', String(runId), '--model', 'final', '/dev/null']);
      expect(cliPredict.code).not.toBe(0);
      expect(cliPredict.stderr).toMatch(/outside the data folder/);

      const evaluated = await cliInProcess(home, ['evaluate', String(runId), '--test-limit', '10']);
      // A tampered database is not bad input from the user: the command fails (1) and says why.
      expect(evaluated.code).toBe(1);
      expect(evaluated.stderr).toMatch(/outside the data folder/);

      const target = join(makeTempDir(), 'export');
      const exported = await cliInProcess(home, ['export', String(runId), target]);
      expect(exported.code).toBe(1);
      expect(exported.stderr).toMatch(/outside the data folder/);
      expect(existsSync(target) ? readdirSync(target) : []).toEqual([]);
    });
  }

  it('cannot even store a model kind that would name a path', () => {
    const db = rawDatabase(databaseFile(home));
    try {
      expect(() => db.prepare("UPDATE models SET kind = '../../x' WHERE run_id = ?").run(runId)).toThrow(/CHECK constraint failed/);
    } finally {
      db.close();
    }
  });

  it('exports a sound run only into the folder it was given', async () => {
    const db = rawDatabase(databaseFile(home));
    db.prepare("UPDATE models SET path = 'models/' || run_id || '/' || kind WHERE run_id = ?").run(runId);
    db.close();
    const parent = makeTempDir();
    const target = join(parent, 'export');
    const exported = await cliInProcess(home, ['export', String(runId), target]);
    expect(exported.code, exported.stderr).toBe(0);
    expect(readdirSync(parent)).toEqual(['export']);
    expect(readdirSync(target).sort()).toEqual(['model-best', 'model-final', 'run.json']);
  });
});
