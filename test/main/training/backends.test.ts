import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendProbe } from '../../../common/ipc/contract';
import { BACKEND_ORDER, loadTf, probeBackends, probeNativeEntry } from '../../../main/training/backends';
import { nativeKernelsLabel } from '../../../main/training/kernels/native';

const require = createRequire(import.meta.url);
const installed = (pkg: string): boolean => {
  try {
    require.resolve(pkg);
    return true;
  } catch {
    return false;
  }
};

let probes: BackendProbe[];
beforeAll(async () => {
  probes = await probeBackends();
});

describe('probeBackends', () => {
  it('reports every backend, in the order auto tries them', () => {
    expect(probes.map((p) => p.backend)).toEqual([...BACKEND_ORDER]);
  });

  it('finds the portable backends working, with nothing to fix', () => {
    for (const id of ['wasm', 'cpu'] as const) {
      expect(probes.find((p) => p.backend === id)).toEqual({ backend: id, available: true, reason: null, fix: null });
    }
  });

  it('explains why a native package that is not installed is unavailable', () => {
    for (const [id, pkg] of [['tfjs-node-gpu', '@tensorflow/tfjs-node-gpu'], ['tfjs-node', '@tensorflow/tfjs-node']] as const) {
      const probe = probes.find((p) => p.backend === id);
      if (installed(pkg)) {
        // Where it is installed, whatever the probe found must come with an explanation when unavailable.
        if (!probe?.available) expect(probe?.reason).toBeTruthy();
        continue;
      }
      expect(probe?.available).toBe(false);
      expect(probe?.reason).toMatch(/not installed/);
      expect(probe?.fix).toMatch(new RegExp(`npm install ${pkg.replace('/', '\\/')}@4\\.22\\.0`));
    }
  });

  it('leaves this process on the backend it was using', async () => {
    await loadTf('cpu');
    await probeBackends();
    expect(tf.getBackend()).toBe('cpu');
  });
});

describe('loadTf', () => {
  it("'auto' takes the first backend the probe finds working, and says what it runs on", async () => {
    const expected = probes.find((p) => p.available)?.backend;
    const { tf: loaded, info } = await loadTf('auto');
    expect(info.backend).toBe(expected);
    expect(loaded.getBackend()).toBe(expected === 'tfjs-node-gpu' || expected === 'tfjs-node' ? 'tensorflow' : expected);
    expect(info.tfjsVersion).toBe(tf.version.tfjs);
    expect(info.device).toMatch(/\S/);
  });

  it('returns the one @tensorflow/tfjs instance, whatever the backend', async () => {
    expect((await loadTf('wasm')).tf).toBe((await loadTf('cpu')).tf);
    expect((await loadTf('cpu')).tf.version).toBe(tf.version);
  });

  it('describes wasm honestly: single-threaded under Node, on this CPU, with or without the native conv kernels', async () => {
    const { tf: loaded, info } = await loadTf('wasm');
    expect(loaded.getBackend()).toBe('wasm');
    const kernels = nativeKernelsLabel();
    const device = `CPU (${cpus()[0].model.trim()})${kernels ? `, ${kernels}` : ''}`;
    expect(info).toEqual({ backend: 'wasm', device, tfjsVersion: '4.22.0', threads: 1 });
  });

  it('switches to cpu and back to wasm in one process', async () => {
    expect((await loadTf('cpu')).info.backend).toBe('cpu');
    expect(tf.getBackend()).toBe('cpu');
    expect((await loadTf('wasm')).info.backend).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
  });

  it('trains a conv layer on wasm (its training kernels are registered)', async () => {
    const { tf: loaded } = await loadTf('wasm');
    const g = loaded.tidy(() =>
      loaded.grad((w) => loaded.sum(loaded.conv2d(loaded.ones([1, 5, 5, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid')))(loaded.ones([3, 3, 1, 2])).dataSync(),
    );
    expect(Array.from(g)).toEqual(new Array(18).fill(9));
  });

  it('refuses a forced native backend that cannot load, saying why and what to do', async () => {
    for (const id of ['tfjs-node-gpu', 'tfjs-node'] as const) {
      const probe = probes.find((p) => p.backend === id);
      if (probe?.available) continue; // a machine where it works: nothing to refuse
      await expect(loadTf(id)).rejects.toThrow(`The ${id} backend cannot be used here. ${probe?.reason}`);
    }
  });
});

describe('probeNativeEntry (on stand-ins for a native package)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mnist-lab-fake-tfjs-node-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  /** Writes a CommonJS stand-in for tfjs-node(-gpu)'s entry file and returns its path. */
  const fake = (name: string, body: string): string => {
    const file = join(dir, `${name}.cjs`);
    writeFileSync(file, body);
    return file;
  };
  const tfjsPath = JSON.stringify(require.resolve('@tensorflow/tfjs'));
  const cpuPath = JSON.stringify(require.resolve('@tensorflow/tfjs-backend-cpu'));

  it('diagnoses a load error thrown by the addon', async () => {
    const entry = fake(
      'dlopen-error',
      "throw Object.assign(new Error('libcudart.so.11.0: cannot open shared object file: No such file or directory'), { code: 'ERR_DLOPEN_FAILED' });",
    );
    const probe = await probeNativeEntry('tfjs-node-gpu', entry);
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/CUDA runtime library libcudart\.so\.11\.0/);
    expect(probe.fix).toMatch(/CUDA 11\.2/);
  });

  it('survives a package that crashes the process loading it, and says so', async () => {
    const probe = await probeNativeEntry('tfjs-node', fake('segfault', "process.kill(process.pid, 'SIGSEGV');"));
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/crashed the process that tried it/);
  });

  it('recognises an illegal instruction (a CPU without AVX)', async () => {
    const probe = await probeNativeEntry('tfjs-node', fake('sigill', "process.kill(process.pid, 'SIGILL');"));
    expect(probe.reason).toMatch(/AVX/);
  });

  it('reports a package that registers no tensorflow backend on the shared tfjs-core', async () => {
    const probe = await probeNativeEntry('tfjs-node', fake('no-backend', '// loads, registers nothing'));
    expect(probe.available).toBe(false);
    expect(probe.reason).toMatch(/different copy of @tensorflow\/tfjs-core/);
  });

  it('reports tfjs-node-gpu that loads without a GPU as available on the CPU, with the reason TensorFlow logged', async () => {
    const entry = fake(
      'no-gpu',
      `const tf = require(${tfjsPath});
       const { MathBackendCPU } = require(${cpuPath});
       process.stderr.write("W dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file\\n");
       tf.registerBackend('tensorflow', () => new MathBackendCPU(), 3);
       for (const k of tf.getKernelsForBackend('cpu')) tf.registerKernel({ ...k, backendName: 'tensorflow' });`,
    );
    const probe = await probeNativeEntry('tfjs-node-gpu', entry);
    expect(probe.available).toBe(true);
    expect(probe.reason).toMatch(/no usable GPU, so it runs on the CPU/);
    expect(probe.reason).toMatch(/libcudnn\.so\.8/);
    expect(probe.fix).toMatch(/cuDNN 8\.1/);
  });
});
