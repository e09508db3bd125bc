import { RealDiv } from '@tensorflow/tfjs-core';

import { BinaryOp } from '../native-binding.ts';
import { binaryKernel } from './binary-util.ts';

/** a / b with broadcasting. */
export const realDivConfig = binaryKernel(RealDiv, BinaryOp.div);
