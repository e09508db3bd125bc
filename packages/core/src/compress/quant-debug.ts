import * as tf from '@tensorflow/tfjs';
import { calibrateActivations, layerOutputsModel } from './calibrate.ts';
import { isPrunableKernel } from './pruner.ts';
import { fakeQuantWeights, type WeightScheme } from './qat.ts';

/** One layer's line of a {@link QuantizationErrorReport}. */
export interface LayerQuantError {
  layer: string;
  /** Signal-to-quantization-noise ratio of the layer's kernel, in dB (Infinity if exact). */
  weightSqnrDb: number;
  /** RMSE of the layer's output when only its weights are quantized (float inputs). */
  outputRmse: number;
  /** Range of the layer's float output on the data (max − min). */
  outputRange: number;
  /** outputRmse / uint8 activation scale of the layer: > 0.5 means the weight error exceeds activation rounding. */
  rmseOverScale: number;
}

/** Per-layer errors and the end-to-end effect of quantizing every kernel. */
export interface QuantizationErrorReport {
  scheme: WeightScheme;
  layers: LayerQuantError[];
  /** Fraction of examples whose predicted class changes when all kernels are quantized. */
  topOneFlipRate: number;
  /** Mean absolute change of the model output when all kernels are quantized. */
  outputMae: number;
}

/**
 * A per-layer quantization error report in the spirit of TFLite's QuantizationDebugger:
 * for each layer with a kernel, its weight SQNR and the RMSE of its output when only
 * that layer is quantized (inputs taken from the float model, so errors do not
 * compound), relative to the uint8 activation scale calibrated on `x`; then the
 * whole-model effect. The model is restored before returning.
 */
export function quantizationErrorReport(
  model: tf.LayersModel,
  x: tf.Tensor,
  scheme: WeightScheme = 'int8-per-channel',
): QuantizationErrorReport {
  const ranges = calibrateActivations(model, x);
  const probe = layerOutputsModel(model);
  const floatOuts = tf.tidy(() => {
    const o = probe.predict(x);
    return Array.isArray(o) ? o : [o];
  });
  const original = model.getWeights().map((t) => t.clone());
  const layers: LayerQuantError[] = [];
  const quantizedAll: tf.Tensor[] = [];
  try {
    model.layers.forEach((layer, i) => {
      const ws = layer.getWeights();
      const names = layer.weights.map((w) => w.originalName);
      const k = names.findIndex((n, j) => isPrunableKernel(n, ws[j].shape));
      if (k < 0) return;
      const kernel = ws[k].dataSync() as Float32Array;
      const q = fakeQuantWeights(kernel, ws[k].shape, scheme);
      let sig = 0;
      let noise = 0;
      for (let j = 0; j < kernel.length; j++) {
        sig += kernel[j] ** 2;
        noise += (kernel[j] - q[j]) ** 2;
      }
      const input = i === 0 ? x : floatOuts[i - 1];
      const qws = ws.map((w, j) => (j === k ? tf.tensor(q, w.shape) : w.clone()));
      layer.setWeights(qws);
      const rmse = tf.tidy(() => {
        const out = layer.apply(input) as tf.Tensor;
        return Math.sqrt(tf.mean(tf.square(tf.sub(out, floatOuts[i]))).dataSync()[0]);
      });
      layer.setWeights(ws);
      tf.dispose(qws);
      layers.push({
        layer: layer.name,
        weightSqnrDb: noise === 0 ? Infinity : 10 * Math.log10(sig / noise),
        outputRmse: rmse,
        outputRange: ranges[i].max - ranges[i].min,
        rmseOverScale: rmse / ranges[i].scale,
      });
    });
    // whole model: every kernel quantized
    model.weights.forEach((w, j) => {
      const t = original[j];
      quantizedAll.push(
        isPrunableKernel(w.originalName, t.shape)
          ? tf.tensor(fakeQuantWeights(t.dataSync() as Float32Array, t.shape, scheme), t.shape)
          : t.clone(),
      );
    });
    model.setWeights(quantizedAll);
    const [flip, mae] = tf.tidy(() => {
      const qOut = model.predict(x) as tf.Tensor;
      const fOut = floatOuts[floatOuts.length - 1];
      const flips = tf
        .mean(tf.cast(tf.notEqual(tf.argMax(qOut, -1), tf.argMax(fOut, -1)), 'float32'))
        .dataSync()[0];
      return [flips, tf.mean(tf.abs(tf.sub(qOut, fOut))).dataSync()[0]];
    });
    return { scheme, layers, topOneFlipRate: flip, outputMae: mae };
  } finally {
    model.setWeights(original);
    tf.dispose([...original, ...quantizedAll, ...floatOuts]);
  }
}

/** The report as an aligned text table. */
export function formatQuantizationErrorReport(r: QuantizationErrorReport): string {
  const head = `${'layer'.padEnd(16)} ${'SQNR dB'.padStart(8)} ${'out RMSE'.padStart(10)} ${'range'.padStart(8)} ${'RMSE/scale'.padStart(10)}`;
  const rows = r.layers.map(
    (l) =>
      `${l.layer.padEnd(16)} ${l.weightSqnrDb.toFixed(1).padStart(8)} ${l.outputRmse.toExponential(2).padStart(10)} ${l.outputRange.toFixed(3).padStart(8)} ${l.rmseOverScale.toFixed(3).padStart(10)}`,
  );
  return [
    head,
    ...rows,
    `all kernels ${r.scheme}: top-1 changes on ${(r.topOneFlipRate * 100).toFixed(2)}% of inputs, output MAE ${r.outputMae.toExponential(2)}`,
  ].join('\n');
}
