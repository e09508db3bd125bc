import { Step } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** 1 if x > 0 else alpha; NaN stays NaN (the Relu gradient's mask). */
export const stepConfig = unaryKernel(Step, EltwiseOp.step, (attrs) => Number(attrs.alpha ?? 0));
