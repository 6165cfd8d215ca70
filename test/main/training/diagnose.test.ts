import { describe, expect, it } from 'vitest';
import { diagnoseKnownNativeError, diagnoseNativeLoadError } from '../../../main/training/diagnose';

const GPU = '@tensorflow/tfjs-node-gpu';
const CPU = '@tensorflow/tfjs-node';

/** An Error as Node builds it when a require fails: message plus code. */
const nodeError = (message: string, code?: string): Error => Object.assign(new Error(message), code ? { code } : {});

// The texts below are copied from TensorFlow.js issue reports (github.com/tensorflow/tfjs/issues/...).
describe('diagnoseNativeLoadError', () => {
  it('says a package is not installed and how to install it (MODULE_NOT_FOUND)', () => {
    const d = diagnoseNativeLoadError(GPU, nodeError("Cannot find module '@tensorflow/tfjs-node-gpu'\nRequire stack:\n- /app/main/training/backends.ts", 'MODULE_NOT_FOUND'));
    expect(d.reason).toMatch(/is not installed/);
    expect(d.fix).toMatch(/npm install @tensorflow\/tfjs-node-gpu@4\.22\.0/);
    expect(d.fix).toMatch(/CUDA 11\.2 and cuDNN 8\.1/);
  });

  it('recognises the ESM wording of a missing package', () => {
    const d = diagnoseNativeLoadError(CPU, nodeError("Cannot find package '@tensorflow/tfjs-node' imported from /app/x.js", 'ERR_MODULE_NOT_FOUND'));
    expect(d.reason).toMatch(/@tensorflow\/tfjs-node is not installed/);
    expect(d.fix).toMatch(/npm install @tensorflow\/tfjs-node@4\.22\.0/);
  });

  it('spots a half-installed package whose addon is missing (#2428, #4511)', () => {
    const stale = nodeError(
      "Cannot find module 'c:\\Users\\FFF\\Desktop\\scripts\\tf-test-download\\node_modules\\@tensorflow\\tfjs-node-gpu\\lib\\napi-v4\\tfjs_binding.node'",
      'MODULE_NOT_FOUND',
    );
    const d = diagnoseNativeLoadError(GPU, stale);
    expect(d.reason).toMatch(/half installed/);
    expect(d.fix).toMatch(/npm rebuild @tensorflow\/tfjs-node-gpu/);

    const thrownByTfjs = nodeError(
      "The Node.js native addon module (tfjs_binding.node) can not be found at path: /service/node_modules/@tensorflow/tfjs-node/lib/napi-v6/tfjs_binding.node. \nPlease run command 'npm rebuild @tensorflow/tfjs-node build-addon-from-source' to rebuild the native addon module.",
    );
    expect(diagnoseNativeLoadError(CPU, thrownByTfjs).reason).toMatch(/half installed/);
  });

  it('explains a missing CUDA runtime and names the CUDA version to install (#8187, tensorflow#74459)', () => {
    const log =
      "2024-08-24 15:40:49.279326: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file: No such file or directory";
    const d = diagnoseNativeLoadError(GPU, log);
    expect(d.reason).toMatch(/CUDA runtime library libcudart\.so\.11\.0/);
    expect(d.fix).toMatch(/CUDA 11\.2/);
    expect(d.fix).toMatch(/LD_LIBRARY_PATH/);
  });

  it('explains a missing cuBLAS thrown at load time (#708)', () => {
    const d = diagnoseNativeLoadError(GPU, nodeError('libcublas.so.9.0: cannot open shared object file: No such file or directory'));
    expect(d.reason).toMatch(/libcublas\.so\.9\.0/);
  });

  it('explains a missing cuDNN (#8269)', () => {
    const log =
      "2024-05-06 00:05:33.767399: W tensorflow/stream_executor/platform/default/dso_loader.cc:64] Could not load dynamic library 'libcudnn.so.8'; dlerror: libcudnn.so.8: cannot open shared object file: No such file or directory";
    const d = diagnoseNativeLoadError(GPU, log);
    expect(d.reason).toMatch(/cuDNN library libcudnn\.so\.8/);
    expect(d.fix).toMatch(/cuDNN 8\.1/);
  });

  it('explains the Windows "specified module could not be found" (#2341, #8433)', () => {
    const d = diagnoseNativeLoadError(
      GPU,
      nodeError(
        'The specified module could not be found.\n\\\\?\\C:\\Users\\letsm\\OneDrive\\Desktop\\New folder\\node_modules\\@tensorflow\\tfjs-node-gpu\\lib\\napi-v8\\tfjs_binding.node',
        'ERR_DLOPEN_FAILED',
      ),
    );
    expect(d.reason).toMatch(/Windows could not load a DLL/);
    expect(d.fix).toMatch(/Visual C\+\+ Redistributable/);
    expect(d.fix).toMatch(/tensorflow\.dll/);
  });

  it('explains an addon built for another Node.js or Electron (NODE_MODULE_VERSION)', () => {
    const d = diagnoseNativeLoadError(
      CPU,
      nodeError(
        "The module '/app/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 108. This version of Node.js requires\nNODE_MODULE_VERSION 115. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
        'ERR_DLOPEN_FAILED',
      ),
    );
    expect(d.reason).toMatch(/ABI 108/);
    expect(d.reason).toMatch(/ABI 115/);
    expect(d.fix).toMatch(/npm rebuild @tensorflow\/tfjs-node/);
    expect(d.fix).toMatch(/electron-rebuild/);
  });

  it('explains a C library that is too old (GLIBC / GLIBCXX, nextcloud/recognize#207)', () => {
    const d = diagnoseNativeLoadError(
      CPU,
      nodeError(
        "/usr/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.29' not found (required by /var/www/html/custom_apps/recognize/node_modules/@tensorflow/tfjs-node/lib/napi-v8/tfjs_binding.node)",
        'ERR_DLOPEN_FAILED',
      ),
    );
    expect(d.reason).toMatch(/GLIBCXX_3\.4\.29/);
    expect(d.fix).toMatch(/Ubuntu 20\.04/);
    const glibc = diagnoseNativeLoadError(CPU, "/lib/x86_64-linux-gnu/libm.so.6: version `GLIBC_2.27' not found (required by libtensorflow.so.2)");
    expect(glibc.reason).toMatch(/GLIBC_2\.27/);
  });

  it('explains a 32-bit Node.js (#2046)', () => {
    const d = diagnoseNativeLoadError(CPU, nodeError('\\\\?\\C:\\x\\node_modules\\@tensorflow\\tfjs-node\\lib\\napi-v4\\tfjs_binding.node is not a valid Win32 application.'));
    expect(d.reason).toMatch(/architecture/);
    expect(d.fix).toMatch(/64-bit/);
  });

  it('explains a crash from a CPU without AVX, as the probe reports it', () => {
    const d = diagnoseNativeLoadError(CPU, 'the probe process was stopped by SIGILL');
    expect(d.reason).toMatch(/AVX/);
    expect(d.fix).toMatch(/wasm/);
  });

  it('explains libtensorflow itself missing', () => {
    const d = diagnoseNativeLoadError(CPU, nodeError('libtensorflow.so.2: cannot open shared object file: No such file or directory'));
    expect(d.reason).toMatch(/TensorFlow C library \(libtensorflow\.so\.2\)/);
    expect(d.fix).toMatch(/npm rebuild/);
  });

  it('explains a second copy of tfjs-core', () => {
    const d = diagnoseNativeLoadError(GPU, nodeError("Backend name 'tensorflow' not found in registry"));
    expect(d.reason).toMatch(/different copy of @tensorflow\/tfjs-core/);
    expect(d.fix).toMatch(/npm install @tensorflow\/tfjs-node-gpu@4\.22\.0/);
  });

  it('falls back to the first line of an unknown error, with a generic fix', () => {
    const d = diagnoseNativeLoadError(CPU, nodeError('\n  something odd happened\nat line 2'));
    expect(d.reason).toBe('@tensorflow/tfjs-node failed to load: something odd happened');
    expect(d.fix).toMatch(/npm rebuild @tensorflow\/tfjs-node/);
  });

  it('accepts non-Error values', () => {
    expect(diagnoseNativeLoadError(CPU, { message: "Cannot find module '@tensorflow/tfjs-node'", code: 'MODULE_NOT_FOUND' }).reason).toMatch(/not installed/);
    expect(diagnoseNativeLoadError(CPU, 42).reason).toMatch(/failed to load: 42/);
  });
});

describe('diagnoseKnownNativeError', () => {
  it('returns null for text that matches no known failure, such as a clean TensorFlow log', () => {
    const log = '2024-08-24 15:40:49.329972: I tensorflow/core/platform/cpu_feature_guard.cc:193] This TensorFlow binary is optimized with oneDNN';
    expect(diagnoseKnownNativeError(GPU, log)).toBeNull();
  });

  it('diagnoses the same known texts as diagnoseNativeLoadError', () => {
    const log = "Could not load dynamic library 'libcudart.so.11.0'; dlerror: libcudart.so.11.0: cannot open shared object file";
    expect(diagnoseKnownNativeError(GPU, log)).toEqual(diagnoseNativeLoadError(GPU, log));
  });
});
