import * as tf from '@tensorflow/tfjs';
import { Callback } from '../train/callback.ts';
import { dequantizeAffine, quantizeAffine } from './affine.ts';
import { dequantizeInt8PerChannel, quantizeInt8PerChannel } from './int8.ts';
import { isPrunableKernel } from './pruner.ts';

/** How weights are fake-quantized: int8 symmetric per channel, or tfjs affine uint8 per tensor. */
export type WeightScheme = 'int8-per-channel' | 'uint8';

/** Quantize→dequantize of one weight tensor's values under `scheme`. */
export function fakeQuantWeights(values: Float32Array, shape: number[], scheme: WeightScheme): Float32Array {
  return scheme === 'uint8'
    ? dequantizeAffine(quantizeAffine(values, 'uint8'))
    : dequantizeInt8PerChannel(quantizeInt8PerChannel(values, shape));
}

/**
 * Fake quantization of activations with a straight-through estimator, as TF's
 * FakeQuantWithMinMaxVars: forward, x is clamped to [min, max] and rounded to the
 * 2^bits-level grid (nudged so 0 is exact); backward, the gradient passes through
 * unchanged inside [min, max] and is 0 outside.
 */
export function fakeQuant(x: tf.Tensor, min: number, max: number, bits = 8): tf.Tensor {
  const levels = 2 ** bits - 1;
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  const scale = hi > lo ? (hi - lo) / levels : 1;
  const nudgedMin = -Math.round(-lo / scale) * scale;
  const nudgedMax = nudgedMin + levels * scale;
  // tfjs types customGrad's arguments as a mixed list; the first is the tensor, the last the save function
  const op = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const input = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([input]);
    const value = tf.tidy(() =>
      // floor(v + 0.5) rounds halves up, as TF's FakeQuant kernel does (tf.round rounds half to even)
      tf.add(
        tf.mul(
          tf.floor(
            tf.add(tf.div(tf.sub(tf.clipByValue(input, nudgedMin, nudgedMax), nudgedMin), scale), 0.5),
          ),
          scale,
        ),
        nudgedMin,
      ),
    );
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const inside = tf.logicalAnd(tf.greaterEqual(saved[0], nudgedMin), tf.lessEqual(saved[0], nudgedMax));
        return tf.mul(dy, tf.cast(inside, dy.dtype));
      },
    };
  });
  return op(x);
}

/** Options of {@link QuantizationAwareTraining}. Defaults: int8 per channel, Dense/Conv kernels. */
export interface QatOptions {
  scheme?: WeightScheme;
  include?: (name: string, shape: number[]) => boolean;
}

interface Shadowed {
  variable: tf.Variable;
  shape: number[];
  shadow: Float32Array;
  written: Float32Array;
}

/**
 * Quantization-aware training of the weights with a straight-through estimator, as a
 * Trainer callback: the model always computes with fake-quantized kernels, while a
 * float32 shadow copy accumulates every optimizer update (update = weights after the
 * step − the quantized weights before it), and is re-quantized after each step. So the
 * loss and gradients see the quantization (forward), and gradients flow to the float
 * weights as if rounding were the identity (backward). After training the model holds
 * the quantized weights; {@link floatWeights} gives the shadow copy.
 */
export class QuantizationAwareTraining extends Callback {
  private readonly targets: Shadowed[];
  readonly scheme: WeightScheme;

  constructor(
    readonly model: tf.LayersModel,
    opts: QatOptions = {},
  ) {
    super();
    this.scheme = opts.scheme ?? 'int8-per-channel';
    const include = opts.include ?? isPrunableKernel;
    this.targets = model.weights
      .filter((w) => w.trainable && include(w.originalName, w.shape as number[]))
      .map((w) => {
        const variable = w.read() as tf.Variable;
        const shadow = Float32Array.from(variable.dataSync() as Float32Array);
        return { variable, shape: w.shape as number[], shadow, written: shadow };
      });
  }

  override onTrainBegin(): void {
    for (const t of this.targets) this.write(t);
  }

  override onBatchEnd(): void {
    for (const t of this.targets) {
      const now = t.variable.dataSync() as Float32Array;
      for (let i = 0; i < now.length; i++) t.shadow[i] += now[i] - t.written[i];
      this.write(t);
    }
  }

  /** The float32 shadow weights by variable name. */
  floatWeights(): Record<string, Float32Array> {
    return Object.fromEntries(this.targets.map((t) => [t.variable.name, Float32Array.from(t.shadow)]));
  }

  private write(t: Shadowed): void {
    t.written = fakeQuantWeights(t.shadow, t.shape, this.scheme);
    t.variable.assign(tf.tensor(t.written, t.shape));
  }
}
