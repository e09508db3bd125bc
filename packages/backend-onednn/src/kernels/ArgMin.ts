import { ArgMin } from '@tensorflow/tfjs-core';

import { argReduceKernel } from './arg-reduce-util.ts';

/** Index of the minimum along one axis (int32; first index on ties, as tfjs-cpu). */
export const argMinConfig = argReduceKernel(ArgMin, false);
