import { Relu6 } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** min(max(x, 0), 6). */
export const relu6Config = unaryKernel(Relu6, EltwiseOp.relu6);
