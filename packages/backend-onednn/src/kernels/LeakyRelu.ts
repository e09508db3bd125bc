import { LeakyRelu } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** x if x > 0 else alpha * x. */
export const leakyReluConfig = unaryKernel(LeakyRelu, EltwiseOp.leakyRelu, (attrs) => Number(attrs.alpha));
