/**
 * Turns the errors people really get when loading tfjs-node / tfjs-node-gpu (texts collected from
 * TensorFlow.js issue reports) into a plain reason and a concrete fix, for the doctor and for the
 * error a forced backend choice throws. Pure: no I/O, so it is tested on the literal texts.
 */

export type NativePackage = '@tensorflow/tfjs-node-gpu' | '@tensorflow/tfjs-node';

export interface Diagnosis {
  reason: string;
  fix: string;
}

/** What tfjs-node-gpu 4.x (libtensorflow 2.9) was built against. */
const GPU_STACK = 'CUDA 11.2 and cuDNN 8.1 (64-bit Linux or Windows, with an NVIDIA driver)';
const WASM_MEANWHILE = 'Until then the lab trains on the wasm backend.';

interface Rule {
  /** Matched against the error's message (plus its code, when it has one). */
  pattern: RegExp;
  diagnose: (pkg: NativePackage, match: RegExpMatchArray) => Diagnosis;
}

const RULES: readonly Rule[] = [
  {
    // A segfault or SIGILL while loading, reported by the probe process rather than thrown.
    pattern: /\bSIGILL\b|Illegal instruction/i,
    diagnose: () => ({
      reason: 'The TensorFlow library stopped with "illegal instruction": its prebuilt binary needs a CPU with AVX instructions, which this one lacks.',
      fix: `Use the wasm backend on this machine, or build @tensorflow/tfjs-node from source for this CPU. ${WASM_MEANWHILE}`,
    }),
  },
  {
    pattern: /\bSIGSEGV\b|\bSIGBUS\b|\bSIGABRT\b/,
    diagnose: (pkg) => ({
      reason: `Loading ${pkg} crashed the process that tried it (the native TensorFlow library aborted).`,
      fix: `Reinstall it with \`npm rebuild ${pkg}\`; if it keeps crashing, remove it with \`npm uninstall ${pkg}\`. ${WASM_MEANWHILE}`,
    }),
  },
  {
    // dlopen of libtensorflow's GPU dependencies (thrown on old releases, logged as warnings on 4.x).
    pattern: /(libcudart[^\s'":;]*|cudart64_\d+\.dll|libcublas(?:Lt)?[^\s'":;]*|libcufft[^\s'":;]*|libcurand[^\s'":;]*|libcusolver[^\s'":;]*|libcusparse[^\s'":;]*)/,
    diagnose: (_pkg, m) => ({
      reason: `The CUDA runtime library ${m[1]} could not be found, so TensorFlow cannot use the GPU.`,
      fix: `Install the CUDA 11.2 toolkit (tfjs-node-gpu 4.x needs ${GPU_STACK}; CUDA 12 does not provide the .so.11 files it looks for) and add its lib64 folder to LD_LIBRARY_PATH, e.g. export LD_LIBRARY_PATH=/usr/local/cuda-11.2/lib64:$LD_LIBRARY_PATH.`,
    }),
  },
  {
    pattern: /(libcudnn[^\s'":;]*|cudnn64_\d+\.dll|cudnn_[a-z_]+64_\d+\.dll)/,
    diagnose: (_pkg, m) => ({
      reason: `The cuDNN library ${m[1]} could not be found, so TensorFlow cannot use the GPU.`,
      fix: `Install cuDNN 8.1 for CUDA 11.x (for example the libcudnn8 package from NVIDIA's repository) and make sure its folder is on LD_LIBRARY_PATH. tfjs-node-gpu 4.x needs ${GPU_STACK}.`,
    }),
  },
  {
    pattern: /libcuda\.so|nvcuda\.dll|CUDA driver version is insufficient/i,
    diagnose: () => ({
      reason: 'The NVIDIA driver (libcuda) is missing or too old for CUDA 11.2.',
      fix: 'Install or update the NVIDIA driver (450.80 or newer); `nvidia-smi` should list your GPU afterwards.',
    }),
  },
  {
    pattern: /CUDA_ERROR_NO_DEVICE|no CUDA-capable device/i,
    diagnose: () => ({
      reason: 'CUDA found no usable NVIDIA GPU on this machine.',
      fix: `Check that the GPU is visible (\`nvidia-smi\`); without one, use @tensorflow/tfjs-node instead of tfjs-node-gpu. ${WASM_MEANWHILE}`,
    }),
  },
  {
    pattern: /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/,
    diagnose: (pkg, m) => ({
      reason: `Its native addon was built for a different Node.js or Electron (ABI ${m[1]}) than the one running now (ABI ${m[2]}).`,
      fix: `Rebuild it with the Node.js that runs the lab: \`npm rebuild ${pkg}\` (inside Electron, \`npx electron-rebuild -o ${pkg}\`).`,
    }),
  },
  {
    pattern: /NODE_MODULE_VERSION/,
    diagnose: (pkg) => ({
      reason: 'Its native addon was built for a different Node.js or Electron version than the one running now.',
      fix: `Rebuild it with the Node.js that runs the lab: \`npm rebuild ${pkg}\`.`,
    }),
  },
  {
    pattern: /(GLIBC(?:XX)?_[\d.]+)'? not found/,
    diagnose: (pkg, m) => ({
      reason: `This Linux's C/C++ runtime is too old: the prebuilt TensorFlow binary needs ${m[1]}.`,
      fix: `Use a newer distribution (Ubuntu 20.04, Debian 11 or later), or build ${pkg} from source with \`npm rebuild ${pkg} --build-addon-from-source\`. ${WASM_MEANWHILE}`,
    }),
  },
  {
    pattern: /not a valid Win32 application|wrong ELF class|incompatible architecture|wrong architecture/i,
    diagnose: (pkg) => ({
      reason: 'The native TensorFlow binary does not match this machine\'s architecture (it is built for 64-bit x86).',
      fix: `Run the lab with a 64-bit x64 Node.js and reinstall with \`npm rebuild ${pkg}\`; on ARM machines use the wasm backend.`,
    }),
  },
  {
    // Windows: tfjs_binding.node exists but tensorflow.dll (or the MSVC runtime it needs) does not.
    pattern: /The specified module could not be found/,
    diagnose: (pkg) => ({
      reason: 'Windows could not load a DLL the addon needs: usually tensorflow.dll is missing next to tfjs_binding.node, or the Microsoft Visual C++ runtime is not installed.',
      fix: `Install the Microsoft Visual C++ Redistributable (x64), then run \`npm rebuild ${pkg}\`; if it persists, copy node_modules/${pkg}/deps/lib/tensorflow.dll into the lib/napi-v8 folder beside tfjs_binding.node.`,
    }),
  },
  {
    pattern: /Cannot find module '[^']*tfjs_binding\.node'|native addon module \(tfjs_binding\.node\) can not be found/,
    diagnose: (pkg) => ({
      reason: `${pkg} is only half installed: its native addon (tfjs_binding.node) is missing, usually because its install script failed or was skipped.`,
      fix: `Run \`npm rebuild ${pkg}\` with internet access (it downloads libtensorflow); if no prebuilt addon exists for this Node.js, add --build-addon-from-source.`,
    }),
  },
  {
    pattern: /(libtensorflow[^\s'":;]*|tensorflow\.dll)[^\n]*(cannot open shared object file|No such file|not loaded|image not found)/i,
    diagnose: (pkg, m) => ({
      reason: `The TensorFlow C library (${m[1]}) that ${pkg} downloads at install time is missing.`,
      fix: `Run \`npm rebuild ${pkg}\` with internet access so it downloads libtensorflow again.`,
    }),
  },
  {
    pattern: /Backend name 'tensorflow' not found in registry|different copy of @tensorflow\/tfjs-core/,
    diagnose: (pkg) => ({
      reason: `${pkg} registered its backend on a different copy of @tensorflow/tfjs-core than the lab uses (their versions differ).`,
      fix: `Install the same version as @tensorflow/tfjs (4.22.0): \`npm install ${pkg}@4.22.0\`, so npm shares one tfjs-core.`,
    }),
  },
  {
    pattern: /Cannot find (?:module|package) '@tensorflow\/tfjs-node(?:-gpu)?'/,
    diagnose: (pkg) => ({
      reason: `${pkg} is not installed (it is optional; its install fails and npm removes it where libtensorflow cannot be downloaded).`,
      fix:
        pkg === '@tensorflow/tfjs-node-gpu'
          ? `Run \`npm install @tensorflow/tfjs-node-gpu@4.22.0\` on a machine with ${GPU_STACK} and internet access.`
          : 'Run `npm install @tensorflow/tfjs-node@4.22.0` with internet access (64-bit Linux, macOS or Windows).',
    }),
  },
  {
    pattern: /Cannot find (?:module|package) '([^']+)'/,
    diagnose: (pkg, m) => ({
      reason: `${pkg} is installed but something it needs is missing: ${m[1]}.`,
      fix: `Reinstall the project's packages (\`npm install\`), then \`npm rebuild ${pkg}\`.`,
    }),
  },
];

/** The text to match: the message, the code (e.g. MODULE_NOT_FOUND) and, for non-Errors, their string form. */
function errorText(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.message}\n${code}` : error.message;
  }
  if (typeof error === 'object' && error !== null) {
    const { message, code } = error as { message?: unknown; code?: unknown };
    if (typeof message === 'string') return typeof code === 'string' ? `${message}\n${code}` : message;
  }
  return String(error);
}

/** First line of a message, trimmed and shortened, for the catch-all reason. */
function firstLine(text: string): string {
  const line = text.split('\n').find((l) => l.trim() !== '')?.trim() ?? 'unknown error';
  return line.length > 200 ? `${line.slice(0, 197)}...` : line;
}

/** The diagnosis of a known error text, or null when no known pattern matches. */
export function diagnoseKnownNativeError(pkg: NativePackage, error: unknown): Diagnosis | null {
  const text = errorText(error);
  for (const rule of RULES) {
    const match = text.match(rule.pattern);
    if (match) return rule.diagnose(pkg, match);
  }
  return null;
}

/** A plain reason and fix for an error thrown (or logged) while loading a native TensorFlow.js package. */
export function diagnoseNativeLoadError(pkg: NativePackage, error: unknown): Diagnosis {
  return (
    diagnoseKnownNativeError(pkg, error) ?? {
      reason: `${pkg} failed to load: ${firstLine(errorText(error))}`,
      fix: `Reinstall it with \`npm rebuild ${pkg}\`; \`mnist-lab doctor\` shows the result. ${WASM_MEANWHILE}`,
    }
  );
}
