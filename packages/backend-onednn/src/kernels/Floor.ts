import { Floor } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { unaryKernel } from './unary-util.ts';

/** ⌊x⌋ (NaN and ±∞ stay): dropout builds its keep mask as floor(u + keepProb). */
export const floorConfig = unaryKernel(Floor, EltwiseOp.floor);
