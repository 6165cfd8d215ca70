/**
 * TensorFlow.js for inference in the app's or command line's own process. Training never happens
 * here (it has its own process); predicting one 28x28 image is cheap, so the portable wasm backend
 * is used, never a native library that could take the app down.
 */
import { loadTf } from '../training/backends';

type Tf = typeof import('@tensorflow/tfjs');
let tfPromise: Promise<Tf> | null = null;

export function inferenceTf(): Promise<Tf> {
  tfPromise ??= loadTf('wasm')
    .catch(() => loadTf('cpu'))
    .then(({ tf }) => tf);
  return tfPromise;
}
