// Feature normalization as a layer that carries its fitted statistics (Keras
// `Normalization`): the mean and variance are part of the layer config, so the model
// file alone reproduces training-time scaling at inference.
import * as tf from '@tensorflow/tfjs';
import { FrontierError, badOption } from '../../util/errors.ts';
import type { NDArray } from '../../util/json.ts';

/**
 * Arguments of {@link Normalization}. `mean` and `variance` are per feature of the
 * last axis (a number applies to every feature); leave both out and call `adapt`
 * before use. `epsilon` (default 1e-7, Keras's) floors the standard deviation.
 * `invert` maps normalized values back: x · std + mean.
 */
export interface NormalizationArgs {
  name?: string;
  inputShape?: number[];
  batchInputShape?: Array<number | null>;
  dtype?: tf.DataType;
  mean?: number | number[] | null;
  variance?: number | number[] | null;
  epsilon?: number;
  invert?: boolean;
}

/**
 * (x − mean) / max(√variance, epsilon) over the last axis, in training and at
 * inference alike. `adapt(data)` fits mean and (population) variance per last-axis
 * feature from training data; calling the layer before it has statistics throws
 * FrontierError `PREPROCESS_NOT_FITTED`.
 */
export class Normalization extends tf.layers.Layer {
  static className = 'FrontierNormalization';
  mean: number[] | null;
  variance: number[] | null;
  readonly epsilon: number;
  readonly invert: boolean;

  constructor(args: NormalizationArgs = {}) {
    super({
      name: args.name,
      inputShape: args.inputShape,
      batchInputShape: args.batchInputShape,
      dtype: args.dtype,
      trainable: false,
    });
    if ((args.mean == null) !== (args.variance == null))
      throw badOption(
        'FrontierNormalization',
        'give both mean and variance, or neither (then call adapt)',
        'e.g. { mean: [0.13], variance: [0.095] }',
      );
    const list = (v: number | number[] | null | undefined, k: string) => {
      if (v == null) return null;
      const a = typeof v === 'number' ? [v] : v;
      if (
        !Array.isArray(a) ||
        a.length === 0 ||
        a.some((x) => !Number.isFinite(x) || (k === 'variance' && x < 0))
      )
        throw badOption(
          `FrontierNormalization.${k}`,
          `${k} must be a finite number or a non-empty list of them${k === 'variance' ? ' (>= 0)' : ''}, got ${JSON.stringify(v)}`,
          'e.g. [0.5, 0.25]',
        );
      return [...a];
    };
    this.mean = list(args.mean, 'mean');
    this.variance = list(args.variance, 'variance');
    if (this.mean && this.variance && this.mean.length !== this.variance.length)
      throw badOption(
        'FrontierNormalization',
        `mean has ${this.mean.length} values but variance ${this.variance.length}`,
        'give one value per feature of the last axis in both',
      );
    this.epsilon = args.epsilon ?? 1e-7;
    this.invert = args.invert ?? false;
  }

  /** Fits mean and population variance per last-axis feature from `data` (a tensor or NDArray); returns `this`. */
  adapt(data: tf.Tensor | NDArray): this {
    const shape = data instanceof tf.Tensor ? data.shape : data.shape;
    const values = data instanceof tf.Tensor ? data.dataSync() : data.data;
    const d = shape[shape.length - 1];
    const rows = values.length / d;
    if (!(rows >= 1))
      throw new FrontierError('PREPROCESS_EMPTY', 'adapt needs at least one example', {
        where: 'FrontierNormalization.adapt',
        hint: 'pass the training data',
      });
    const mean = new Float64Array(d);
    const sq = new Float64Array(d);
    for (let i = 0; i < values.length; i++) mean[i % d] += values[i];
    for (let k = 0; k < d; k++) mean[k] /= rows;
    for (let i = 0; i < values.length; i++) sq[i % d] += (values[i] - mean[i % d]) ** 2;
    this.mean = [...mean];
    this.variance = [...sq].map((s) => s / rows);
    return this;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const { mean, variance } = this;
    if (!mean || !variance)
      throw new FrontierError('PREPROCESS_NOT_FITTED', `normalization layer ${this.name} has no statistics`, {
        where: this.name,
        hint: 'call layer.adapt(trainingData) first, or give mean and variance',
      });
    const d = x.shape[x.rank - 1];
    if (mean.length !== 1 && mean.length !== d)
      throw badOption(
        this.name,
        `the statistics are for ${mean.length} features but the input's last axis has ${d}`,
        'adapt the layer on data of the same shape',
      );
    return tf.tidy(() => {
      const m = tf.tensor1d(mean);
      const s = tf.maximum(tf.sqrt(tf.tensor1d(variance)), this.epsilon);
      return this.invert ? tf.add(tf.mul(x, s), m) : tf.div(tf.sub(x, m), s);
    });
  }

  override getConfig(): tf.serialization.ConfigDict {
    return {
      ...super.getConfig(),
      mean: this.mean,
      variance: this.variance,
      epsilon: this.epsilon,
      invert: this.invert,
    };
  }
}

tf.serialization.registerClass(Normalization);
