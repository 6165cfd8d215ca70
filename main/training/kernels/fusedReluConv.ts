/**
 * Conv layers with ReLU, trained as one fused kernel on the wasm backend.
 *
 * tfjs-layers runs a conv layer with ReLU as tf.fused.conv2d({..., activation: 'relu'}), and
 * tfjs-core fuses that only outside gradient mode: while training it runs Conv2D, then Add for
 * the bias, then Relu, and on the way back Step and Multiply for ReLU's gradient. Five passes over
 * the layer's output where one FusedConv2D (which the native kernels compute with the bias and
 * ReLU applied as each value is stored) and one pass for the gradient do. Measured on the std
 * CNN's first layer (64 images, 26x26x32): Add 0.37 ms, Relu 0.35, Step 0.40, Multiply 0.60.
 *
 * So, on the wasm backend with the native kernels and in gradient mode only, tf.fused.conv2d with
 * ReLU runs here: the forward pass is the FusedConv2D kernel (under a name of its own, which
 * carries the gradient) and the gradient is tfjs-core's own for a fused conv (input and filter
 * gradients of dy * step(y), the bias gradient its sum), with dy * step(y) in one native pass.
 * Everywhere else (inference, other backends, other activations, NCHW, dilations, no bias, shapes
 * that do not fit, which the stock op reports) the stock op runs unchanged. tf.fused is a plain
 * object that tfjs-layers reads on every call, so replacing its conv2d is seen there.
 */
import type * as tfjs from '@tensorflow/tfjs';
import { nativeKernels } from './native';
import { allocate, callKernel, heapView, release, type Tf, type TensorInfo, type WasmKernelArgs } from './wasmHeap';

/** The kernel dx = dy * step(y) of a ReLU output y, registered for 'wasm'. */
export const RELU_GRADIENT_KERNEL = 'MnistLabReluGradient';
/** FusedConv2D with ReLU under a name of its own, so that it can carry the gradient below. */
export const RELU_CONV_KERNEL = 'MnistLabReluConv2D';

type FusedConvArgs = Parameters<Tf['fused']['conv2d']>[0];
type FusedConv = Tf['fused']['conv2d'] & { stock?: Tf['fused']['conv2d'] };

export function reluGradientConfig(tf: Tf): tfjs.KernelConfig {
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const { backend, inputs } = rawArgs as WasmKernelArgs<{ y: TensorInfo; dy: TensorInfo }, Record<string, never>>;
    const native = nativeKernels();
    const dx = allocate(backend, [...inputs.y.shape]);
    if (native?.reluGradient?.(heapView(backend, inputs.y), heapView(backend, inputs.dy), heapView(backend, dx))) return dx;
    release(backend, dx);
    throw new Error(`${RELU_GRADIENT_KERNEL}: the native kernels refused shapes [${inputs.y.shape}] and [${inputs.dy.shape}].`);
  };
  return { kernelName: RELU_GRADIENT_KERNEL, backendName: 'wasm', kernelFunc: kernelFunc as tfjs.KernelFunc };
}

export function reluConvConfig(tf: Tf): tfjs.KernelConfig {
  const kernelFunc = (rawArgs: unknown): TensorInfo => {
    const { backend, inputs, attrs } = rawArgs as WasmKernelArgs<Record<string, TensorInfo>, Record<string, unknown>>;
    return callKernel(tf, backend, 'FusedConv2D', inputs, { ...attrs, activation: 'relu' });
  };
  return { kernelName: RELU_CONV_KERNEL, backendName: 'wasm', kernelFunc: kernelFunc as tfjs.KernelFunc };
}

/**
 * tfjs-core's gradient of a fused conv, with dy * step(y) in one pass. Each input's gradient is
 * computed only when asked for: a first layer's input gradient (the images') is not.
 */
export function reluConvGradient(tf: Tf): tfjs.GradConfig {
  return {
    kernelName: RELU_CONV_KERNEL,
    inputsToSave: ['x', 'filter'],
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, filter, y] = saved;
      const kernel = (name: string, inputs: tfjs.NamedTensorMap, extra: tfjs.NamedAttrMap = {}): tfjs.Tensor =>
        tf.engine().runKernel(name, inputs, { ...attrs, ...extra }) as tfjs.Tensor;
      const dyRelu = kernel(RELU_GRADIENT_KERNEL, { y, dy: dy as tfjs.Tensor });
      return {
        x: () => kernel('Conv2DBackpropInput', { dy: dyRelu, filter }, { inputShape: x.shape }),
        filter: () => kernel('Conv2DBackpropFilter', { x, dy: dyRelu }, { filterShape: filter.shape }),
        bias: () => tf.sum(dyRelu, [0, 1, 2]),
      };
    },
  };
}

const isOne = (value: FusedConvArgs['dilations']): boolean => value === undefined || (Array.isArray(value) ? value.every((v) => v === 1) : value === 1);

/** Whether this call is one the fused training path takes (else the stock op runs). */
function fusesInTraining(tf: Tf, args: FusedConvArgs): boolean {
  return (
    args.activation === 'relu' &&
    tf.engine().state.gradientDepth > 0 &&
    tf.getBackend() === 'wasm' &&
    Boolean(nativeKernels()?.reluGradient) &&
    args.bias != null &&
    (args.dataFormat ?? 'NHWC') === 'NHWC' &&
    isOne(args.dilations) &&
    args.preluActivationWeights == null &&
    fitsTogether(args.x, args.filter, args.bias)
  );
}

/** A float32 NHWC batch, a filter over its channels and one bias per output channel, all tensors. */
function fitsTogether(x: unknown, filter: unknown, bias: unknown): boolean {
  const [xs, fs, bs] = [x, filter, bias].map((t) => (t as Partial<tfjs.Tensor>)?.shape ?? []);
  return (
    (x as Partial<tfjs.Tensor>).dtype === 'float32' &&
    xs.length === 4 &&
    fs.length === 4 &&
    bs.length === 1 &&
    fs[2] === xs[3] &&
    bs[0] === fs[3]
  );
}

function fusedReluConv(tf: Tf, args: FusedConvArgs): tfjs.Tensor4D {
  const { strides, pad, dimRoundingMode } = args;
  const attrs = { strides, pad, dataFormat: 'NHWC', dilations: 1, dimRoundingMode } as unknown as tfjs.NamedAttrMap;
  const inputs = { x: args.x, filter: args.filter, bias: args.bias } as tfjs.NamedTensorMap;
  return tf.engine().runKernel(RELU_CONV_KERNEL, inputs, attrs) as tfjs.Tensor4D;
}

/** Routes training-time ReLU convolutions on wasm through fusedReluConv; idempotent. */
export function installFusedReluConv(tf: Tf): void {
  const current = tf.fused.conv2d as FusedConv;
  if (current.stock) return;
  const stock = current;
  const conv2d = ((args: FusedConvArgs) => (fusesInTraining(tf, args) ? fusedReluConv(tf, args) : stock(args))) as FusedConv;
  conv2d.stock = stock;
  (tf.fused as { conv2d: FusedConv }).conv2d = conv2d;
}
