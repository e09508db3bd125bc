import { EluGrad } from '@tensorflow/tfjs-core';

import { EltwiseOp } from '../native-binding.ts';
import { nativeKernel, sizeOf } from './native-kernel.ts';

/** Gradient of Elu from its output y: dy where y >= 0, else dy * (y + 1). */
export const eluGradConfig = nativeKernel(EluGrad, ({ inputs, backend }) => {
  const { dy, y } = inputs;
  const dyv = backend.floatValues(dy),
    yv = backend.floatValues(y);
  if (!dyv || !yv || sizeOf(y.shape) === 0 || dyv.length !== yv.length) return null;
  const out = backend.allocate(yv.length);
  backend.native.eltwiseGrad(EltwiseOp.elu, yv, dyv, out, 1);
  return backend.output([...y.shape], out);
});
