import { backend_util, FusedDepthwiseConv2D } from '@tensorflow/tfjs-core';
import type { FusedDepthwiseConv2DAttrs, TensorInfo } from '@tensorflow/tfjs-core';

import { activationCode, convParams } from './conv-util.ts';
import { nativeKernel, sizeOf } from './native-kernel.ts';

/**
 * Depthwise conv + per-channel bias + activation in one oneDNN grouped
 * convolution (bias argument and eltwise post-op), like FusedConv2D. PReLU,
 * NCHW and biases that are not one value per output channel take the cpu kernel.
 */
export const fusedDepthwiseConv2DConfig = nativeKernel(FusedDepthwiseConv2D, ({ inputs, attrs, backend }) => {
  const { x, filter } = inputs;
  const bias = inputs.bias as TensorInfo | undefined;
  const { strides, pad, dataFormat, dilations, dimRoundingMode, activation, leakyreluAlpha } =
    attrs as unknown as FusedDepthwiseConv2DAttrs;
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
    true,
    backend_util.convertConv2DDataFormat(dataFormat),
  );
  let bv: Float32Array | null = null;
  if (bias) {
    bv = backend.floatValues(bias);
    if (
      !bv ||
      sizeOf(bias.shape) !== info.outChannels ||
      bias.shape[bias.shape.length - 1] !== info.outChannels
    )
      return null;
  }
  const params = convParams(info, true, act, leakyreluAlpha ?? 0.2);
  if (!params) return null;
  const out = backend.allocate(info.batchSize * info.outHeight * info.outWidth * info.outChannels);
  backend.native.conv2d(xv, fv, bv, out, params);
  return backend.output(info.outShape, out);
});
