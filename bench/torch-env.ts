/**
 * How PyTorch is started for the ratios. Debian's python3-torch does its convolutions through
 * whichever BLAS the system's libblas.so.3 alternative names: the reference BLAS that python3-torch
 * pulls in by itself, or OpenBLAS once a package such as python3-sklearn or python3-numpy's optional
 * accelerations installs it. The two differ a lot: on the 2-core test machine the default preset's
 * twin took 19.6-23.2 s on the reference BLAS and 15.7-17.2 s on OpenBLAS with one BLAS thread.
 * OpenBLAS left to itself starts a thread per core beside torch's own threads, and the two pools
 * on two cores wait for each other (25.4-26.5 s). So PyTorch always runs with OpenBLAS held to one
 * thread, and every line that compares with it names the BLAS it ran on.
 */
import { realpathSync } from 'node:fs';

/** The library Debian's libblas.so.3 alternative points to. */
const SYSTEM_BLAS = '/usr/lib/x86_64-linux-gnu/libblas.so.3';

/** Which BLAS PyTorch loads here: 'openblas', 'reference' or the library's path; null where there is none. */
export function torchBlas(): string | null {
  try {
    const library = realpathSync(SYSTEM_BLAS);
    if (library.includes('openblas')) return 'openblas';
    if (library.includes('/blas/')) return 'reference';
    return library;
  } catch {
    return null;
  }
}

/** The environment PyTorch runs in: torch sets its own thread count; OpenBLAS adds none. */
export function torchEnv(): NodeJS.ProcessEnv {
  return { ...process.env, OPENBLAS_NUM_THREADS: '1' };
}
