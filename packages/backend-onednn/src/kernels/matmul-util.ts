/**
 * Shared shape logic of BatchMatMul and _FusedMatMul: flattens batch dims to
 * one and accepts equal batches or a batch of 1 on either side (oneDNN
 * broadcasts it); other multi-dim batch broadcasts take the cpu path.
 */
import { broadcast_util } from '@tensorflow/tfjs-core';
import type { TensorInfo } from '@tensorflow/tfjs-core';

import { sizeOf } from './native-kernel.ts';

export interface MatMulGeometry {
  params: number[];
  outShape: number[];
  outSize: number;
}

export function matMulGeometry(
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  activation: number,
  alpha: number,
): MatMulGeometry | null {
  const ra = a.shape.length,
    rb = b.shape.length;
  if (ra < 2 || rb < 2) return null;
  const m = transposeA ? a.shape[ra - 1] : a.shape[ra - 2];
  const k = transposeA ? a.shape[ra - 2] : a.shape[ra - 1];
  const kb = transposeB ? b.shape[rb - 1] : b.shape[rb - 2];
  const n = transposeB ? b.shape[rb - 2] : b.shape[rb - 1];
  if (k !== kb || m === 0 || n === 0 || k === 0) return null;
  const outerA = a.shape.slice(0, -2),
    outerB = b.shape.slice(0, -2);
  const batchA = sizeOf(outerA),
    batchB = sizeOf(outerB);
  if (batchA === 0 || batchB === 0) return null;
  const outer = broadcast_util.assertAndGetBroadcastShape(outerA, outerB);
  const sameBatch = outerA.length === outerB.length && outerA.every((d, i) => d === outerB[i]);
  if (!sameBatch && batchA !== 1 && batchB !== 1) return null;
  const outShape = [...outer, m, n];
  return {
    params: [batchA, batchB, m, k, n, transposeA ? 1 : 0, transposeB ? 1 : 0, activation, alpha],
    outShape,
    outSize: sizeOf(outShape),
  };
}
