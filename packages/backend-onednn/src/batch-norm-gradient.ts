/**
 * A gradient for FusedBatchNorm that, on the onednn backend, reads x and dy once
 * for both per-channel sums (one C++ pass, double accumulators) and scales dy once
 * for dx, instead of tfjs' composition of a dozen full-size element-wise passes and
 * a Tile. With per-channel statistics over the last axis, a = scale/√(var + ε):
 *   dx = dy·a,  dOffset = Σdy,  dScale = Σdy(x − mean)/√(var + ε),
 *   dMean = −a·Σdy,  dVariance = −½·scale·(var + ε)^(−3/2)·Σdy(x − mean).
 * Other backends, dtypes and statistic shapes keep tfjs' own gradient.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { FusedBatchNormAttrs, GradConfig, NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';

import { OnednnBackend } from './backend.ts';

let registered = false;

/** Registers the gradient (idempotent); tfjs' original stays the fallback. */
export function registerBatchNormGradient(): void {
  if (registered) return;
  const original = tf.getGradient(tf.FusedBatchNorm);
  if (!original) return;
  registered = true;
  const config: GradConfig = {
    kernelName: tf.FusedBatchNorm,
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc: (dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) =>
      nativeGradient(dy as Tensor, saved, attrs) ?? original.gradFunc(dy, saved, attrs),
  };
  tf.registerGradient(config);
}

function nativeGradient(dy: Tensor, saved: Tensor[], attrs: NamedAttrMap) {
  const [x, mean, variance, scale] = saved;
  const backend = tf.backend();
  if (!(backend instanceof OnednnBackend)) return null;
  const channels = x.shape[x.shape.length - 1] ?? 0;
  const perChannel = (t: Tensor | undefined) => t === undefined || (t.rank === 1 && t.size === channels);
  if (channels === 0 || mean.rank !== 1 || !perChannel(mean) || !perChannel(variance) || !perChannel(scale))
    return null;
  const [xv, dyv, mv, vv] = [x, dy, mean, variance].map((t) => backend.floatValues(t));
  const sv = scale ? backend.floatValues(scale) : new Float32Array(channels).fill(1);
  if (!xv || !dyv || !mv || !vv || !sv) return null;
  const { varianceEpsilon } = attrs as unknown as FusedBatchNormAttrs;
  const sumDy = new Float64Array(channels);
  const sumDyXm = new Float64Array(channels);
  backend.native.channelGradSums(xv, dyv, xv.length / channels, channels, mv, sumDy, sumDyXm);
  const a = new Float32Array(channels);
  const dScale = new Float32Array(channels);
  const dMean = new Float32Array(channels);
  const dVariance = new Float32Array(channels);
  for (let c = 0; c < channels; c++) {
    const r = 1 / Math.sqrt(vv[c] + varianceEpsilon);
    a[c] = sv[c] * r;
    dScale[c] = sumDyXm[c] * r;
    dMean[c] = -sv[c] * r * sumDy[c];
    dVariance[c] = -0.5 * sv[c] * r * r * r * sumDyXm[c];
  }
  return {
    x: () => tf.mul(dy, tf.tensor1d(a)),
    mean: () => tf.tensor1d(dMean),
    variance: () => tf.tensor1d(dVariance),
    scale: () => tf.tensor1d(dScale),
    offset: () => tf.tensor1d(Float32Array.from(sumDy)),
  };
}
