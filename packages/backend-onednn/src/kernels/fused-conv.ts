/**
 * The shared body of FusedConv2D and FusedDepthwiseConv2D: convolution + per-channel
 * bias + activation as one oneDNN primitive. Returns null (cpu fallback) for PReLU,
 * NCHW, non-float32 data and biases that are not one value per output channel.
 */
import { backend_util } from '@tensorflow/tfjs-core';
import type { FusedConv2DAttrs, TensorInfo } from '@tensorflow/tfjs-core';

import type { OnednnBackend } from '../backend.ts';
import { activationCode, convParams } from './conv-util.ts';
import { sizeOf } from './native-kernel.ts';

export function runFusedConv(
  backend: OnednnBackend,
  inputs: Record<string, TensorInfo | undefined>,
  attrs: FusedConv2DAttrs,
  depthwise: boolean,
): TensorInfo | null {
  const { x, filter, bias } = inputs as { x: TensorInfo; filter: TensorInfo; bias?: TensorInfo };
  const { strides, pad, dataFormat, dilations, dimRoundingMode, activation, leakyreluAlpha } = attrs;
  const act = activationCode(activation);
  const xv = backend.floatValues(x),
    fv = backend.floatValues(filter);
  if (act === null || !xv || !fv) return null;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations ?? [1, 1],
    pad,
    dimRoundingMode,
    depthwise,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  let bv: Float32Array | null = null;
  if (bias) {
    bv = backend.floatValues(bias);
    // Only a per-output-channel bias maps onto oneDNN's bias argument.
    if (
      !bv ||
      sizeOf(bias.shape) !== info.outChannels ||
      bias.shape[bias.shape.length - 1] !== info.outChannels
    )
      return null;
  }
  const params = convParams(info, depthwise, act, leakyreluAlpha ?? 0.2);
  if (!params) return null;
  const out = backend.allocate(info.batchSize * info.outHeight * info.outWidth * info.outChannels);
  backend.native.conv2d(xv, fv, bv, out, params);
  return backend.output(info.outShape, out);
}
