// The Doctor screen's cluster check (the checkCluster call), through the services as the app and
// the served page call it: nothing to check for this machine, the four checks on a real cluster.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterCheck, Result } from '../../../common/ipc/contract';
import { createLabServices, type LabServices } from '../../../main/services/lab-services';
import { makeTempDir, removeTempDirs } from '../training/helpers';
import { describeOnSlurm } from './cluster';

const value = <T>(r: Result<unknown>): T => {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
};

let services: LabServices;

beforeAll(async () => {
  services = await createLabServices({ homeDir: makeTempDir('mnist-lab-slurm-') });
});
afterAll(async () => {
  await services?.close();
  removeTempDirs();
});

describe('checkCluster', () => {
  it('has nothing to check while runs train on this machine', async () => {
    expect(value(await services.dispatch('checkCluster', []))).toBeNull();
  });
});

describeOnSlurm('checkCluster on a real cluster', () => {
  it('checks the saved Compute setting: commands, partition, the shared folder from here and from a test job', async () => {
    const shared = makeTempDir('mnist-lab-slurm-shared-');
    value(await services.dispatch('setComputeSettings', [{ on: 'slurm', slurm: { sharedDir: shared, partition: 'debug', cpus: 1 } }]));
    const checks = value<ClusterCheck[]>(await services.dispatch('checkCluster', []));
    expect(checks.map((c) => c.check)).toEqual(['Slurm commands', 'Partition', 'Shared folder, from here', 'Shared folder, from a test job']);
    for (const c of checks) expect(c.ok, `${c.check}: ${c.detail}`).toBe(true);
    expect(checks[3].detail).toMatch(/^written by /);
  }, 180_000);
});
