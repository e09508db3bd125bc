import { Add } from '@tensorflow/tfjs-core';

import { BinaryOp } from '../native-binding.ts';
import { binaryKernel } from './binary-util.ts';

/** a + b with broadcasting. */
export const addConfig = binaryKernel(Add, BinaryOp.add);
