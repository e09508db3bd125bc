import { Square } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** x * x. */
export const squareConfig = unaryKernel(Square, EltwiseOp.square);
