import { Relu } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** max(x, 0). */
export const reluConfig = unaryKernel(Relu, EltwiseOp.relu);
