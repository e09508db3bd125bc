import { Neg } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** -x. */
export const negConfig = unaryKernel(Neg, EltwiseOp.neg);
