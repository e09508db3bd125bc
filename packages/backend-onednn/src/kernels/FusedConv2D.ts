import { FusedConv2D } from '@tensorflow/tfjs-core';
import type { FusedConv2DAttrs } from '@tensorflow/tfjs-core';

import { runFusedConv } from './fused-conv.ts';
import { nativeKernel } from './native-kernel.ts';

/** Conv2D + per-channel bias + activation in one oneDNN primitive (post-op). */
export const fusedConv2DConfig = nativeKernel(FusedConv2D, ({ inputs, attrs, backend }) =>
  runFusedConv(backend, inputs, attrs as unknown as FusedConv2DAttrs, false),
);
