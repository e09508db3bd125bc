import { Sqrt } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** Square root. */
export const sqrtConfig = unaryKernel(Sqrt, EltwiseOp.sqrt);
