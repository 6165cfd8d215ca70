/**
 * `--parts kernels`: where one worker's share of a training step spends its time, kernel by kernel
 * (tf.profile's per-kernel wall time; the wasm and cpu backends run each kernel synchronously, so
 * it is the kernel's own time). The share is what each of `workers` threads computes of a batch:
 * forward, loss, gradients and, once per step, Adam's update. Besides wall time per step it gives
 * the process's CPU time per step, which other work on the machine disturbs far less.
 */
import type * as tfjs from '@tensorflow/tfjs';
import type { NamedTensorMap, Optimizer, Variable } from '@tensorflow/tfjs';
import type { LayerSpec } from '../common/layers/types';
import type { RawSplit } from '../main/data/mnist';
import { HostDataset } from '../main/training/host-dataset';
import { buildModel } from '../main/training/model';
import { shareGradients } from '../main/training/parallel/share-gradients';

type Tf = typeof tfjs;

export interface KernelTime {
  /** Kernel name and its first input's shape, e.g. "Conv2DBackpropFilter [64,28,28,1]". */
  kernel: string;
  msPerStep: number;
  calls: number;
}

export async function profileKernels(
  tf: Tf,
  train: RawSplit,
  layers: LayerSpec[],
  share: number,
  steps: number,
): Promise<{ kernels: KernelTime[]; msPerStep: number; cpuMsPerStep: number }> {
  const data = new HostDataset(tf, { pixels: train.images.subarray(0, share * steps * 784), labels: train.labels.subarray(0, share * steps), count: share * steps });
  const model = buildModel(tf, layers, 42);
  const optimizer: Optimizer = tf.train.adam(0.001);
  const variables = model.trainableWeights.map((w) => w.read() as Variable);
  const step = (i: number): void =>
    tf.tidy(() => {
      const batch = data.slice((i % steps) * share, share);
      const out = shareGradients(tf, model, variables, batch.xs, batch.ys, 1);
      const named: NamedTensorMap = {};
      variables.forEach((v, k) => (named[v.name] = out.grads[k]));
      optimizer.applyGradients(named);
      out.loss.dataSync();
    });
  try {
    for (let i = 0; i < 3; i++) step(i);
    const totals = new Map<string, { ms: number; calls: number }>();
    const started = performance.now();
    const cpu = process.cpuUsage();
    const profile = await tf.profile(() => {
      for (let i = 0; i < steps; i++) step(i);
    });
    const msPerStep = (performance.now() - started) / steps;
    // CPU time is what compares on a machine others are using: wall time also counts waiting for a core.
    const used = process.cpuUsage(cpu);
    const cpuMsPerStep = (used.user + used.system) / 1000 / steps;
    for (const k of profile.kernels) {
      // Ops with a custom gradient (fusedConv2d__op) are listed around the kernels they run: counting both would count twice.
      if (k.name.endsWith('__op')) continue;
      const key = `${k.name} [${k.inputShapes[0]?.join(',') ?? ''}]`;
      const entry = totals.get(key) ?? { ms: 0, calls: 0 };
      entry.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
      entry.calls += 1;
      totals.set(key, entry);
    }
    const kernels = [...totals].map(([kernel, t]) => ({ kernel, msPerStep: t.ms / steps, calls: t.calls / steps })).sort((a, b) => b.msPerStep - a.msPerStep);
    return { kernels, msPerStep, cpuMsPerStep };
  } finally {
    model.dispose();
    optimizer.dispose();
  }
}
