import { FusedDepthwiseConv2D } from '@tensorflow/tfjs-core';
import type { FusedConv2DAttrs } from '@tensorflow/tfjs-core';

import { runFusedConv } from './fused-conv.ts';
import { nativeKernel } from './native-kernel.ts';

/**
 * Depthwise conv + per-channel bias + activation in one oneDNN grouped
 * convolution (bias argument and eltwise post-op), like FusedConv2D. PReLU,
 * NCHW and biases that are not one value per output channel take the cpu kernel.
 */
export const fusedDepthwiseConv2DConfig = nativeKernel(FusedDepthwiseConv2D, ({ inputs, attrs, backend }) =>
  runFusedConv(backend, inputs, attrs as unknown as FusedConv2DAttrs, true),
);
