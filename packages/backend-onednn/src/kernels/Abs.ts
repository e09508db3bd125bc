import { Abs } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** |x|. */
export const absConfig = unaryKernel(Abs, EltwiseOp.abs);
