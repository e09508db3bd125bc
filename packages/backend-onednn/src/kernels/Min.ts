import { Min } from '@tensorflow/tfjs-core';

import { ReduceOp } from '../native-binding.ts';
import { reduceKernel } from './reduce-util.ts';

/** Minimum over axes. */
export const minConfig = reduceKernel(Min, ReduceOp.min, 'axis');
