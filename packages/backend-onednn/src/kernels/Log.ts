import { Log } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** Natural log (NaN below 0, -Infinity at 0). */
export const logConfig = unaryKernel(Log, EltwiseOp.log);
