/**
 * Optional PyTorch-on-CPU reference (../shared/bench/torch_reference.py with Debian's python3-torch),
 * so a ratio to a well-known engine is measured on the same machine in the same run. The project
 * never depends on it: when python3, torch or the script is missing, this returns null.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { torchEnv } from './torch-env';

const PYTHON = '/usr/bin/python3';
const SCRIPT = resolve(import.meta.dirname, '..', '..', 'shared', 'bench', 'torch_reference.py');

/** The tfjs preset each reference model mirrors. */
export const TORCH_KINDS: Record<string, 'tiny' | 'std'> = { 'tfjs-tiny': 'tiny', std: 'std' };
/** torch_reference.py trains at this batch size. */
export const TORCH_BATCH_SIZE = 128;

export interface TorchResult {
  threads: number;
  min: number;
  median: number;
}

export function torchAvailable(): boolean {
  if (!existsSync(PYTHON) || !existsSync(SCRIPT)) return false;
  try {
    execFileSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore', timeout: 60_000 });
    return true;
  } catch {
    return false;
  }
}

export function runTorchReference(mnistDir: string, kind: 'tiny' | 'std', threads: number, steps: number): TorchResult | null {
  try {
    const out = execFileSync(PYTHON, [SCRIPT, mnistDir, String(threads), kind, String(steps)], { encoding: 'utf8', timeout: 600_000, env: torchEnv() });
    const line = out.trim().split('\n').pop() ?? '';
    const parsed = JSON.parse(line) as { threads?: unknown; min?: unknown; median?: unknown };
    if (typeof parsed.min !== 'number' || typeof parsed.median !== 'number') return null;
    return { threads, min: parsed.min, median: parsed.median };
  } catch {
    return null;
  }
}
