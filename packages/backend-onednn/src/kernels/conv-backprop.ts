/**
 * The shared bodies of the four convolution backprop kernels (Conv2D and depthwise,
 * with respect to the filter and to the input): tfjs' convolution geometry, mapped
 * onto oneDNN's backward-weights or backward-data primitive. Return null (cpu
 * fallback) for non-float32 data or geometry the native path does not cover.
 */
import { backend_util } from '@tensorflow/tfjs-core';
import type {
  Conv2DBackpropInputAttrs,
  DepthwiseConv2dNativeBackpropInputAttrs,
  TensorInfo,
} from '@tensorflow/tfjs-core';

import type { OnednnBackend } from '../backend.ts';
import { convParams } from './conv-util.ts';
import { sizeOf } from './native-kernel.ts';

type Shape4 = [number, number, number, number];

/** The attributes every backprop kernel has (Conv2D's lack dilations, depthwise's the data format). */
export type ConvGeometry = Pick<
  DepthwiseConv2dNativeBackpropInputAttrs,
  'strides' | 'pad' | 'dimRoundingMode'
> &
  Partial<Pick<DepthwiseConv2dNativeBackpropInputAttrs, 'dilations'>> &
  Partial<Pick<Conv2DBackpropInputAttrs, 'dataFormat'>>;

function convInfo(inShape: Shape4, filterShape: Shape4, g: ConvGeometry, depthwise: boolean) {
  return backend_util.computeConv2DInfo(
    inShape,
    filterShape,
    g.strides,
    g.dilations ?? 1,
    g.pad,
    g.dimRoundingMode,
    depthwise,
    backend_util.convertConv2DDataFormat(g.dataFormat ?? 'NHWC'),
  );
}

/** Gradient with respect to the filter, from the input `x` and the output gradient `dy`. */
export function backpropFilter(
  backend: OnednnBackend,
  x: TensorInfo,
  dy: TensorInfo,
  filterShape: Shape4,
  geometry: ConvGeometry,
  depthwise: boolean,
): TensorInfo | null {
  const xv = backend.floatValues(x),
    dyv = backend.floatValues(dy);
  if (!xv || !dyv) return null;
  const info = convInfo(x.shape as Shape4, filterShape, geometry, depthwise);
  const params = convParams(info, depthwise);
  if (!params || sizeOf(dy.shape) !== sizeOf(info.outShape)) return null;
  const out = backend.allocate(sizeOf(filterShape));
  backend.native.conv2dBackpropFilter(xv, dyv, out, params);
  return backend.output([...filterShape], out);
}

/** Gradient with respect to the input, from the output gradient `dy` and the filter. */
export function backpropInput(
  backend: OnednnBackend,
  dy: TensorInfo,
  filter: TensorInfo,
  inputShape: Shape4,
  geometry: ConvGeometry,
  depthwise: boolean,
): TensorInfo | null {
  const dyv = backend.floatValues(dy),
    fv = backend.floatValues(filter);
  if (!dyv || !fv) return null;
  const info = convInfo(inputShape, filter.shape as Shape4, geometry, depthwise);
  const params = convParams(info, depthwise);
  if (!params || sizeOf(dy.shape) !== sizeOf(info.outShape)) return null;
  const out = backend.allocate(sizeOf(inputShape));
  backend.native.conv2dBackpropInput(dyv, fv, out, params);
  return backend.output([...inputShape], out);
}
