import { Sigmoid } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** 1 / (1 + exp(-x)). */
export const sigmoidConfig = unaryKernel(Sigmoid, EltwiseOp.sigmoid);
