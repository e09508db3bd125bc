/**
 * Builds a KernelConfig for the onednn backend from a native implementation
 * that may decline (return null) a case it does not cover - dtype other than
 * float32, empty tensors, NCHW, PReLU, unusual padding - in which case the
 * cpu backend's kernel runs on the same storage.
 */
import { getKernel } from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs-core';

import { BACKEND_NAME, OnednnBackend } from '../backend.ts';

export interface NativeArgs {
  // tfjs types every input as possibly undefined; the engine guarantees the
  // required ones, and optional ones (bias) are checked by the kernels.
  inputs: Record<string, TensorInfo>;
  attrs: NamedAttrMap;
  backend: OnednnBackend;
}

export type NativeImpl = (args: NativeArgs) => TensorInfo | null;

export function nativeKernel(kernelName: string, impl: NativeImpl): KernelConfig {
  let cpuFunc: KernelFunc | undefined;
  const kernelFunc: KernelFunc = (args) => {
    const backend = args.backend as OnednnBackend;
    const attrs = (args.attrs ?? {}) as NamedAttrMap;
    const result = impl({ inputs: args.inputs as Record<string, TensorInfo>, attrs, backend });
    if (result !== null) {
      backend.count(kernelName, true);
      return result;
    }
    backend.count(kernelName, false);
    cpuFunc ??= getKernel(kernelName, 'cpu')?.kernelFunc;
    if (!cpuFunc)
      throw new Error(
        `onednn: no cpu kernel '${kernelName}' to fall back to; import @tensorflow/tfjs-backend-cpu`,
      );
    return cpuFunc(args);
  };
  return { kernelName, backendName: BACKEND_NAME, kernelFunc };
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
