import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';

/** Observed range of one layer's output and the uint8 affine parameters derived from it. */
export interface ActivationRange {
  layer: string;
  min: number;
  max: number;
  /** uint8 affine quantization of this range (0 exactly representable): value ≈ (q − zeroPoint)·scale. */
  scale: number;
  zeroPoint: number;
}

/**
 * Options of {@link calibrateActivations}. Defaults: method 'minmax', batch 256.
 * 'percentile' uses the `percentile` (default 99.99) of |x|-sorted values per side,
 * which clips rare outliers (TFLite and TensorRT calibrators offer both).
 */
export interface CalibrationOptions {
  method?: 'minmax' | 'percentile';
  percentile?: number;
  batchSize?: number;
}

/** A model with every layer's output as an output (Sequential and functional models). */
export function layerOutputsModel(model: tf.LayersModel): tf.LayersModel {
  return tf.model({ inputs: model.inputs, outputs: model.layers.map((l) => l.output as tf.SymbolicTensor) });
}

/**
 * Activation calibration on a representative data set `x`: runs it through `model`
 * and records each layer's output range, then the uint8 scale and zero point that
 * cover it (the parameters an integer runtime needs for activations).
 */
export function calibrateActivations(
  model: tf.LayersModel,
  x: tf.Tensor,
  opts: CalibrationOptions = {},
): ActivationRange[] {
  const n = x.shape[0];
  if (n === 0) {
    throw new FrontierError('CALIBRATION_EMPTY', 'the calibration set has no examples', {
      where: 'x',
      hint: 'pass a few hundred representative inputs',
    });
  }
  const probe = layerOutputsModel(model);
  const batch = opts.batchSize ?? 256;
  const method = opts.method ?? 'minmax';
  const values: number[][] = model.layers.map(() => []);
  const mins = model.layers.map(() => Infinity);
  const maxs = model.layers.map(() => -Infinity);
  for (let s = 0; s < n; s += batch) {
    const outs = tf.tidy(() => {
      const o = probe.predict(tf.slice(x, s, Math.min(batch, n - s)));
      return Array.isArray(o) ? o : [o];
    });
    outs.forEach((t, i) => {
      const d = t.dataSync() as Float32Array;
      if (method === 'percentile') for (const v of d) values[i].push(v);
      for (const v of d) {
        if (v < mins[i]) mins[i] = v;
        if (v > maxs[i]) maxs[i] = v;
      }
    });
    tf.dispose(outs);
  }
  return model.layers.map((layer, i) => {
    let lo = mins[i];
    let hi = maxs[i];
    if (method === 'percentile') {
      const sorted = Float32Array.from(values[i]).sort();
      const p = (opts.percentile ?? 99.99) / 100;
      lo = sorted[Math.floor((1 - p) * (sorted.length - 1))];
      hi = sorted[Math.ceil(p * (sorted.length - 1))];
    }
    lo = Math.min(lo, 0);
    hi = Math.max(hi, 0);
    const scale = hi > lo ? (hi - lo) / 255 : 1;
    return { layer: layer.name, min: lo, max: hi, scale, zeroPoint: Math.round(-lo / scale) || 0 };
  });
}
