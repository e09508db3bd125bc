import { Maximum } from '@tensorflow/tfjs-core';

import { BinaryOp } from '../native-binding.ts';
import { binaryKernel } from './binary-util.ts';

/** max(a, b) with broadcasting; NaN propagates. */
export const maximumConfig = binaryKernel(Maximum, BinaryOp.max);
