import { backend_util, FusedConv2D } from '@tensorflow/tfjs-core';
import type { FusedConv2DAttrs, TensorInfo } from '@tensorflow/tfjs-core';

import { activationCode, convParams } from './conv-util.ts';
import { nativeKernel, sizeOf } from './native-kernel.ts';

/** Conv2D + per-channel bias + activation in one oneDNN primitive (post-op). */
export const fusedConv2DConfig = nativeKernel(FusedConv2D, ({ inputs, attrs, backend }) => {
  const { x, filter } = inputs;
  const bias = inputs.bias as TensorInfo | undefined;
  const { strides, pad, dataFormat, dilations, dimRoundingMode, activation, leakyreluAlpha } =
    attrs as unknown as FusedConv2DAttrs;
  const act = activationCode(activation);
  const xv = backend.floatValues(x),
    fv = backend.floatValues(filter);
  if (act === null || !xv || !fv) return null;
  const info = backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filter.shape as [number, number, number, number],
    strides,
    dilations,
    pad,
    dimRoundingMode,
    false,
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
  const params = convParams(info, false, act, leakyreluAlpha ?? 0.2);
  if (!params) return null;
  const out = backend.allocate(info.batchSize * info.outHeight * info.outWidth * info.outChannels);
  backend.native.conv2d(xv, fv, bv, out, params);
  return backend.output(info.outShape, out);
});
