import { Max } from '@tensorflow/tfjs-core';

import { ReduceOp } from '../native-binding.ts';
import { reduceKernel } from './reduce-util.ts';

/** Maximum over axes. */
export const maxConfig = reduceKernel(Max, ReduceOp.max, 'reductionIndices');
