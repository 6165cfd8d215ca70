// The trash: deleted runs are listed on their own, restored, or removed for good with their model
// files, through the same handlers the app and the command line use.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runModelDir } from '../../../main/home';
import type { LabServices } from '../../../main/services/lab-services';
import { cliInProcess, closeSeededLab, openSeededLab, seedRunWithModels } from '../faults/helpers';

let home: string;
let services: LabServices;
let runId: number;

beforeEach(async () => {
  ({ home, services, runId } = await openSeededLab());
});
afterEach(() => closeSeededLab(services));

const trashIds = async (): Promise<number[]> => (await services.handlers.listRuns({ inTrash: true })).map((r) => r.id);

describe('the trash', () => {
  it('lists only deleted runs, and removes one for good with its model files', async () => {
    const kept = await seedRunWithModels(services.store, home, 'kept');
    expect(await trashIds()).toEqual([]);
    await services.handlers.deleteRun(runId);
    expect(await trashIds()).toEqual([runId]);
    expect((await services.handlers.listRuns({})).map((r) => r.id)).toEqual([kept]);

    expect(existsSync(join(runModelDir(home, runId), 'best'))).toBe(true);
    expect(await services.handlers.purgeRun(runId)).toBe(runId);
    expect(services.store.getRun(runId)).toBeNull();
    expect(services.store.getMetricSeries(runId)).toEqual([]);
    expect(existsSync(runModelDir(home, runId))).toBe(false);
    // The other run and its models are untouched.
    expect(existsSync(join(runModelDir(home, kept), 'final'))).toBe(true);
    expect(await trashIds()).toEqual([]);
  });

  it('refuses to remove a run that is not in the trash, or that a sweep keeps as a trial', async () => {
    expect(await services.dispatch('purgeRun', [runId])).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/not in the trash/) } });
    expect(await services.dispatch('purgeRun', [9999])).toMatchObject({ ok: false, error: { code: 'not-found' } });

    const sweep = services.store.sweeps.create('kept trials', { layers: [], hyperparameters: services.store.getRun(runId)!.hyperparameters, parameters: [], seeds: 1, strategy: { kind: 'grid' }, metric: 'bestValAccuracy' }, [{ index: 0, values: {}, seed: 1 }]);
    services.store.sweeps.linkRun(sweep.id, 0, runId);
    await services.handlers.deleteRun(runId);
    expect(await services.dispatch('purgeRun', [runId])).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/trial #1 of sweep/) } });
    expect(services.store.getRun(runId)).not.toBeNull();
    expect(existsSync(join(runModelDir(home, runId), 'best'))).toBe(true);

    // Emptying the whole trash removes what can go and keeps the sweep's trial, saying why.
    const other = await seedRunWithModels(services.store, home, 'other');
    await services.handlers.deleteRun(other);
    await services.close();
    const emptied = await cliInProcess(home, ['trash', '--purge', 'all', '--json']);
    expect(emptied.code, emptied.stderr).toBe(0);
    expect(JSON.parse(emptied.stdout)).toEqual({ purged: [other], kept: [{ id: runId, reason: expect.stringMatching(/trial #1 of sweep/) }] });
  });
});

describe('editing runs from the command line', () => {
  it('renames, tags, writes notes, stars, deletes, restores and purges, as the Runs screen does', async () => {
    await services.close();
    const cli = (...args: string[]) => cliInProcess(home, args);
    const id = String(runId);

    expect((await cli('rename', id, 'my', 'best', 'run')).stdout).toMatch(/renamed/);
    expect((await cli('tag', id, 'baseline', 'keep')).code).toBe(0);
    expect((await cli('tag', id, 'keep', '--remove')).code).toBe(0);
    expect((await cli('notes', id, 'lr too high?')).code).toBe(0);
    expect((await cli('star', id)).code).toBe(0);
    const shown = JSON.parse((await cli('runs', '--json')).stdout) as { name: string; tags: string[]; notes: string; starred: boolean }[];
    expect(shown).toEqual([expect.objectContaining({ name: 'my best run', tags: ['baseline'], notes: 'lr too high?', starred: true })]);

    expect((await cli('delete', id)).code).toBe(0);
    expect(JSON.parse((await cli('trash', '--json')).stdout).map((r: { id: number }) => r.id)).toEqual([runId]);
    expect((await cli('restore', id)).code).toBe(0);
    expect((await cli('trash')).stdout).toBe('The trash is empty.\n');

    expect((await cli('delete', id)).code).toBe(0);
    const purged = await cli('trash', '--purge', 'all', '--json');
    expect(purged.code, purged.stderr).toBe(0);
    expect(JSON.parse(purged.stdout)).toEqual({ purged: [runId], kept: [] });
    expect(existsSync(runModelDir(home, runId))).toBe(false);
    expect(JSON.parse((await cli('runs', '--json', '--deleted')).stdout)).toEqual([]);
  });

  it('refuses bad input with exit 2, changing nothing', async () => {
    await services.close();
    const cli = (...args: string[]) => cliInProcess(home, args);
    expect(await cli('rename', String(runId))).toMatchObject({ code: 2, stderr: expect.stringMatching(/new name/) });
    expect(await cli('tag', 'x', 'a')).toMatchObject({ code: 2 });
    expect(await cli('star', '999')).toMatchObject({ code: 2 });
    expect(await cli('trash', '--purge', String(runId))).toMatchObject({ code: 1, stderr: expect.stringMatching(/not in the trash/) });
    const [run] = JSON.parse((await cli('runs', '--json')).stdout) as { name: string; starred: boolean }[];
    expect(run).toMatchObject({ name: 'seeded', starred: false });
  });
});
