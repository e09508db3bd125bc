import { Sum } from '@tensorflow/tfjs-core';

import { ReduceOp } from '../native-binding.ts';
import { reduceKernel } from './reduce-util.ts';

/** Sum over axes (float32 in, float32 out). */
export const sumConfig = reduceKernel(Sum, ReduceOp.sum, 'axis');
