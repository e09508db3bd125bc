import { Mean } from '@tensorflow/tfjs-core';

import { ReduceOp } from '../native-binding.ts';
import { reduceKernel } from './reduce-util.ts';

/** Mean over axes. */
export const meanConfig = reduceKernel(Mean, ReduceOp.mean, 'axis');
