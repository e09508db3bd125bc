import { Exp } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** e^x. */
export const expConfig = unaryKernel(Exp, EltwiseOp.exp);
