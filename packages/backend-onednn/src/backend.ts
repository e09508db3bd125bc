/**
 * The `onednn` tfjs backend: tfjs-backend-cpu's MathBackendCPU (same storage,
 * every cpu kernel available) plus a handle on the native addon that the
 * kernels in src/kernels/ use for the hot paths.
 */
import type { DataId, DataType, TensorInfo } from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';

import type { NativeBinding } from './native-binding.ts';

export const BACKEND_NAME = 'onednn';

/** From this many elements, outputs are allocated without zero-fill (and never from Buffer's shared pool). */
const UNCLEARED_ALLOC_MIN = 16384;

/** How often each kernel ran natively or fell back to the cpu kernel. */
export interface KernelCounts {
  native: Map<string, number>;
  fallback: Map<string, number>;
}

export class OnednnBackend extends MathBackendCPU {
  readonly native: NativeBinding;
  readonly counts: KernelCounts = { native: new Map(), fallback: new Map() };

  constructor(native: NativeBinding) {
    super();
    this.native = native;
    // MathBackendCPU prints a "use tfjs-node" hint on first write; this backend is the native path.
    (this as unknown as { firstUse: boolean }).firstUse = false;
  }

  /**
   * The values of float32 tensor `t` for a kernel to read, or null when it is not
   * float32. tfjs' Cast from bool or int32 to float32 shares the source's storage
   * (Uint8Array or Int32Array) under the new dtype; such a tensor is read as a float
   * copy, so kernels never see non-float storage (it used to send them to the cpu
   * kernels: a masked pooling's multiply took 24 ms instead of 0.3).
   */
  floatValues(t: TensorInfo): Float32Array | null {
    if (t.dtype !== 'float32') return null;
    const values = this.data.get(t.dataId)?.values;
    if (values instanceof Float32Array) return values;
    if (values instanceof Uint8Array || values instanceof Int32Array) return Float32Array.from(values);
    return null;
  }

  /** Storage of a float32 tensor for in-place writers; see optimizers/fused-update.ts. */
  storage(dataId: DataId): { values: Float32Array | null; refCount: number } {
    const entry = this.data.get(dataId);
    return {
      values: entry?.values instanceof Float32Array ? entry.values : null,
      refCount: entry?.refCount ?? 0,
    };
  }

  /**
   * A buffer for a kernel output the native code overwrites completely. Large
   * ones skip the zero-fill of `new Float32Array` (about 0.2 ms per 3 MB):
   * Buffer.allocUnsafe memory is ordinary V8-managed memory, just not cleared.
   * (A malloc-backed external buffer was tried and rejected: N-API runs its
   * finalizers from the event loop, so a synchronous training loop never freed.)
   */
  allocate(length: number): Float32Array {
    if (length < UNCLEARED_ALLOC_MIN) return new Float32Array(length);
    const bytes = Buffer.allocUnsafe(length * 4);
    return new Float32Array(bytes.buffer, bytes.byteOffset, length);
  }

  /** Wraps a freshly written buffer as a kernel output (no copy). */
  output(shape: number[], values: Float32Array | Int32Array, dtype: DataType = 'float32'): TensorInfo {
    return this.makeTensorInfo(shape, dtype, values);
  }

  count(kernelName: string, native: boolean): void {
    const map = native ? this.counts.native : this.counts.fallback;
    map.set(kernelName, (map.get(kernelName) ?? 0) + 1);
  }

  resetCounts(): void {
    this.counts.native.clear();
    this.counts.fallback.clear();
  }
}
