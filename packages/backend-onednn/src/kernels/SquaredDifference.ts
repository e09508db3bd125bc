import { SquaredDifference } from '@tensorflow/tfjs-core';

import { BinaryOp } from '../native-binding.ts';
import { binaryKernel } from './binary-util.ts';

/** (a - b)^2 with broadcasting. */
export const squaredDifferenceConfig = binaryKernel(SquaredDifference, BinaryOp.squaredDifference);
