/**
 * The project's wasm training kernels: the one the wasm backend lacks (Conv2DBackpropFilter, so
 * no conv layer could train there at all) and faster replacements for stock kernels that dominated
 * a training step when profiled on the presets (Conv2DBackpropInput, MaxPoolGrad, transposed
 * BatchMatMul, leading-axes Sum and Mean, Tile, first-axis GatherV2, contiguous Slice, Identity, same-dtype Cast, and Mean's gradient), and the convolutions and
 * per-channel Add, Sub and Multiply on kernels compiled for this CPU where they built (native.ts);
 * and conv layers with ReLU trained as one fused kernel there (fusedReluConv.ts).
 * Register them before tf.setBackend('wasm').
 */
import type * as tfjs from '@tensorflow/tfjs';
// Registers the stock wasm kernels first, so the replacements below find the ones they wrap.
import '@tensorflow/tfjs-backend-wasm';
import { batchMatMulConfig } from './batchMatMul';
import { channelBroadcastConfig } from './broadcast';
import { castConfig } from './cast';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';
import { nativeConv2dConfig } from './conv2dNative';
import { installFusedReluConv, RELU_CONV_KERNEL, reluConvConfig, reluConvGradient, RELU_GRADIENT_KERNEL, reluGradientConfig } from './fusedReluConv';
import { gatherConfig } from './gather';
import { identityConfig } from './identity';
import { maxPoolGradConfig } from './maxPoolGrad';
import { meanGradientConfig } from './mean-gradient';
import { meanConfig, sumConfig } from './reduce';
import { sliceConfig } from './slice';
import { tileConfig } from './tile';
import type { Tf } from './wasmHeap';

/** Marks configs registered here, so a second registration can recognise and skip them. */
const OWNER = 'mnist-lab';
type OwnedConfig = tfjs.KernelConfig & { owner?: string };

const isOurs = (config: tfjs.KernelConfig | undefined): boolean => (config as OwnedConfig | undefined)?.owner === OWNER;

/** Kernels the wasm backend does not have at all. */
const ADDED: ReadonlyArray<(tf: Tf) => tfjs.KernelConfig> = [conv2dBackpropFilterConfig, reluGradientConfig, reluConvConfig];

/** Stock wasm kernels replaced by faster ones; each wrapper keeps the stock one for what it does not handle. */
const REPLACED: ReadonlyArray<{ name: string; wrap: (tf: Tf, stock: tfjs.KernelConfig) => tfjs.KernelConfig }> = [
  { name: 'Conv2D', wrap: nativeConv2dConfig },
  { name: 'FusedConv2D', wrap: nativeConv2dConfig },
  { name: 'Conv2DBackpropInput', wrap: conv2dBackpropInputConfig },
  { name: 'MaxPoolGrad', wrap: maxPoolGradConfig },
  { name: 'BatchMatMul', wrap: batchMatMulConfig },
  { name: 'Sum', wrap: sumConfig },
  { name: 'Mean', wrap: meanConfig },
  { name: 'Tile', wrap: tileConfig },
  { name: 'GatherV2', wrap: gatherConfig },
  { name: 'Slice', wrap: sliceConfig },
  { name: 'Identity', wrap: identityConfig },
  { name: 'Cast', wrap: castConfig },
  { name: 'Add', wrap: channelBroadcastConfig },
  { name: 'Sub', wrap: channelBroadcastConfig },
  { name: 'Multiply', wrap: channelBroadcastConfig },
];

/** Names of every kernel this module registers for 'wasm'. */
export const WASM_TRAINING_KERNELS: readonly string[] = ['Conv2DBackpropFilter', RELU_GRADIENT_KERNEL, RELU_CONV_KERNEL, ...REPLACED.map((r) => r.name)];

/**
 * Registers the project's wasm training kernels on this tfjs instance (the registry is global to
 * it). Idempotent: kernels already registered by an earlier call are left alone, and a kernel a
 * future tfjs release ships for Conv2DBackpropFilter is kept rather than overridden. Returns the
 * names registered by this call.
 */
export function registerWasmTrainingKernels(tf: Tf): string[] {
  const registered: string[] = [];
  for (const make of ADDED) {
    const config = make(tf);
    if (tf.getKernel(config.kernelName, 'wasm')) continue;
    tf.registerKernel({ ...config, owner: OWNER } as OwnedConfig);
    registered.push(config.kernelName);
  }
  for (const { name, wrap } of REPLACED) {
    const stock = tf.getKernel(name, 'wasm');
    if (!stock || isOurs(stock)) continue;
    tf.unregisterKernel(name, 'wasm');
    tf.registerKernel({ ...wrap(tf, stock), owner: OWNER } as OwnedConfig);
    registered.push(name);
  }
  // Same values as tfjs-core's own gradient, so registering it again (or on any backend) is harmless.
  tf.registerGradient(meanGradientConfig(tf));
  // Takes effect only on wasm, in gradient mode, where the native kernels loaded.
  tf.registerGradient(reluConvGradient(tf));
  installFusedReluConv(tf);
  return registered;
}
