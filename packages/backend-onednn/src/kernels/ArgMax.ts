import { ArgMax } from '@tensorflow/tfjs-core';

import { argReduceKernel } from './arg-reduce-util.ts';

/** Index of the maximum along one axis (int32; first index on ties, as tfjs-cpu). */
export const argMaxConfig = argReduceKernel(ArgMax, true);
