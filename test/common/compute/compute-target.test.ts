import { describe, expect, it } from 'vitest';
import { parseComputeTarget, sbatchOptions, slurmJobLabel, splitOptions } from '../../../common/compute/compute-target';

describe('where runs train', () => {
  it('reads this machine by default and a Slurm cluster with only the settings given', () => {
    expect(parseComputeTarget(undefined)).toEqual({ value: { on: 'local' }, issues: [] });
    expect(parseComputeTarget({ on: 'local', slurm: { sharedDir: '/x' } }).value).toEqual({ on: 'local' });
    const { value } = parseComputeTarget({ on: 'slurm', slurm: { sharedDir: '/scratch/lab', partition: 'gpu', gpus: 2, cpus: 4, memory: '16G', timeLimit: '2-00:00:00', maxRunning: 8, extraOptions: ['--qos=short'], unknown: 1 } });
    expect(value).toEqual({ on: 'slurm', slurm: { sharedDir: '/scratch/lab', partition: 'gpu', gpus: 2, cpus: 4, memory: '16G', timeLimit: '2-00:00:00', maxRunning: 8, extraOptions: ['--qos=short'] } });
    expect(sbatchOptions(value!.on === 'slurm' ? value!.slurm : { sharedDir: '' })).toEqual([
      '--partition=gpu',
      '--gres=gpu:2',
      '--cpus-per-task=4',
      '--mem=16G',
      '--time=2-00:00:00',
      '--qos=short',
    ]);
  });

  it('names every problem at its field, and nothing reaches sbatch that could be read as a second option', () => {
    const { value, issues } = parseComputeTarget({
      on: 'slurm',
      slurm: { sharedDir: 'relative', partition: 'gpu --account=x', gpus: 1.5, cpus: 0, memory: 'lots', timeLimit: 'soon', maxRunning: -1, extraOptions: ['--qos=short --x'] },
    });
    expect(value).toBeNull();
    expect(issues.map((i) => i.field)).toEqual([
      'compute.slurm.sharedDir',
      'compute.slurm.partition',
      'compute.slurm.gpus',
      'compute.slurm.cpus',
      'compute.slurm.maxRunning',
      'compute.slurm.memory',
      'compute.slurm.timeLimit',
      'compute.slurm.extraOptions',
    ]);
    expect(parseComputeTarget({ on: 'cloud' }).issues[0].message).toMatch(/"compute" must say where to train/);
    expect(parseComputeTarget({ on: 'slurm' }).issues[0].message).toMatch(/at least the shared folder/);
  });

  it('splits typed options and labels a job as the queue shows it', () => {
    expect(splitOptions('  --qos=short   --constraint=a100 ')).toEqual(['--qos=short', '--constraint=a100']);
    expect(slurmJobLabel({ jobId: '12_0', state: 'PENDING', reason: 'Resources' })).toBe('Slurm job 12_0: pending (Resources)');
    expect(slurmJobLabel({ jobId: null, state: null, reason: null })).toBe('Slurm job …: submitted');
    expect(slurmJobLabel({ jobId: '12_1', state: 'PENDING', reason: 'JobHeldUser' })).toBe('Slurm job 12_1: held (JobHeldUser)');
  });
});
