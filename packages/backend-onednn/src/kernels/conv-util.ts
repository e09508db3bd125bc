/**
 * Maps tfjs conv/pool geometry (backend_util.Conv2DInfo) to the native
 * parameter arrays, declining what oneDNN cannot express the same way.
 */
import type { backend_util } from '@tensorflow/tfjs-core';

import { Activation } from '../native-binding.ts';

/** oneDNN derives the output size from the padding; accept only geometry where it agrees with tfjs. */
function consistent(
  inSize: number,
  pad0: number,
  pad1: number,
  k: number,
  dilation: number,
  stride: number,
  out: number,
): boolean {
  if (pad0 < 0 || pad1 < 0) return false;
  const effective = (k - 1) * dilation + 1;
  return Math.floor((inSize + pad0 + pad1 - effective) / stride) + 1 === out;
}

export function convParams(
  info: backend_util.Conv2DInfo,
  depthwise: boolean,
  activation: number = Activation.none,
  alpha = 0,
): number[] | null {
  if (info.dataFormat !== 'channelsLast') return null;
  const p = info.padInfo;
  const dims = [
    info.batchSize,
    info.inHeight,
    info.inWidth,
    info.inChannels,
    info.outHeight,
    info.outWidth,
    info.outChannels,
  ];
  if (dims.some((d) => d <= 0)) return null;
  if (
    !consistent(
      info.inHeight,
      p.top,
      p.bottom,
      info.filterHeight,
      info.dilationHeight,
      info.strideHeight,
      info.outHeight,
    )
  )
    return null;
  if (
    !consistent(
      info.inWidth,
      p.left,
      p.right,
      info.filterWidth,
      info.dilationWidth,
      info.strideWidth,
      info.outWidth,
    )
  )
    return null;
  return [
    ...dims,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    info.dilationHeight,
    info.dilationWidth,
    p.top,
    p.left,
    p.bottom,
    p.right,
    depthwise ? 1 : 0,
    activation,
    alpha,
  ];
}

export function poolParams(info: backend_util.Conv2DInfo, isMax: boolean): number[] | null {
  if (info.dataFormat !== 'channelsLast' || info.dilationHeight !== 1 || info.dilationWidth !== 1)
    return null;
  const p = info.padInfo;
  const dims = [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth];
  if (dims.some((d) => d <= 0)) return null;
  if (!consistent(info.inHeight, p.top, p.bottom, info.filterHeight, 1, info.strideHeight, info.outHeight))
    return null;
  if (!consistent(info.inWidth, p.left, p.right, info.filterWidth, 1, info.strideWidth, info.outWidth))
    return null;
  // oneDNN rejects windows that lie entirely in the padding; tfjs never builds those for SAME/VALID.
  if (
    p.top >= info.filterHeight ||
    p.bottom >= info.filterHeight ||
    p.left >= info.filterWidth ||
    p.right >= info.filterWidth
  )
    return null;
  return [
    isMax ? 1 : 0,
    ...dims,
    info.filterHeight,
    info.filterWidth,
    info.strideHeight,
    info.strideWidth,
    p.top,
    p.left,
    p.bottom,
    p.right,
  ];
}

/** Native activation code for a tfjs fused activation name, or null (prelu: cpu path). */
export function activationCode(name: string | undefined | null): number | null {
  switch (name ?? 'linear') {
    case 'linear':
      return Activation.none;
    case 'relu':
      return Activation.relu;
    case 'relu6':
      return Activation.relu6;
    case 'elu':
      return Activation.elu;
    case 'sigmoid':
      return Activation.sigmoid;
    case 'leakyrelu':
      return Activation.leakyrelu;
    default:
      return null;
  }
}
