import { Tanh } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** Hyperbolic tangent. */
export const tanhConfig = unaryKernel(Tanh, EltwiseOp.tanh);
