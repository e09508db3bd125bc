import { Elu } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** x if x > 0 else exp(x) - 1. */
export const eluConfig = unaryKernel(Elu, EltwiseOp.elu);
