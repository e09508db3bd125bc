// Normalization: rescale, min-max, z-score and robust scaling of dense arrays, per
// feature, per channel (images, NHWC) or globally. Every scaler is the affine map
// y = (x − center) / scale + offset, so inverse and tensor forms share one code path.
import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { mean, quantileSorted, std } from './stats.ts';
import { badOption, registerStep, Step, type JsonObject, type NDArray } from './step.ts';

/**
 * Which values share statistics. `feature`: every position after the first axis
 * (column of a [n, d] matrix; pixel-and-channel of an image, like Keras's
 * featurewise_*). `channel`: the last axis (per color channel of NHWC images; same
 * as `feature` for a matrix). `global`: one statistic over everything.
 */
export type ScalePer = 'feature' | 'channel' | 'global';

/** Fitted state of a scaler: per-slot center and scale, and the trailing shape it was fitted on. */
interface AffineState {
  center: number[];
  scale: number[];
  shape: number[];
}

/**
 * Shared machinery: slot bookkeeping, validation, transform/inverse on arrays and
 * tensors. Subclasses say how to compute center and scale of one slot's values.
 */
export abstract class AffineScaler extends Step<NDArray> {
  readonly per: ScalePer;
  protected state: AffineState | null = null;
  /** Added after scaling (min-max's lower bound, rescale's offset). */
  protected offset = 0;

  constructor(per: ScalePer = 'feature') {
    super();
    if (!['feature', 'channel', 'global'].includes(per)) {
      throw badOption(
        `${this.constructor.name} per`,
        `unknown per ${JSON.stringify(per)}`,
        "use 'feature', 'channel' or 'global'",
      );
    }
    this.per = per;
  }

  /** Center and scale of one slot from its (finite) values. */
  protected abstract slotStats(values: Float64Array): { center: number; scale: number };

  /** Fitted per-slot centers (copy). */
  get center(): number[] {
    this.requireFitted('center');
    return [...(this.state as AffineState).center];
  }

  /** Fitted per-slot scales (copy); 0-width slots get scale 1. */
  get scale(): number[] {
    this.requireFitted('scale');
    return [...(this.state as AffineState).scale];
  }

  protected fitState(x: NDArray): void {
    const slots = this.slotCount(x.shape);
    const n = x.data.length / slots;
    if (x.shape[0] === 0 || n === 0) {
      throw new FrontierError('PREPROCESS_EMPTY', `${this.className}.fit got no examples`, {
        where: `${this.className}.fit`,
        hint: 'fit on a non-empty training set',
      });
    }
    checkFinite(x, this.className);
    const center: number[] = [];
    const scale: number[] = [];
    const buf = new Float64Array(n);
    for (let s = 0; s < slots; s++) {
      for (let i = 0, k = s; i < n; i++, k += slots) buf[i] = x.data[k];
      const st = this.slotStats(buf);
      center.push(st.center);
      // A constant (or numerically constant) slot would divide by ~zero; leave it
      // centered but unscaled, as sklearn does for scales below 10 machine epsilons.
      scale.push(!(st.scale >= 10 * Number.EPSILON) || !Number.isFinite(st.scale) ? 1 : st.scale);
    }
    this.state = { center, scale, shape: x.shape.slice(1) };
  }

  protected apply(x: NDArray): NDArray {
    const { center, scale } = this.checkShape(x, 'transform');
    checkFinite(x, this.className);
    const slots = center.length;
    const out = new Float32Array(x.data.length);
    for (let i = 0; i < out.length; i++) {
      const s = i % slots;
      out[i] = (x.data[i] - center[s]) / scale[s] + this.offset;
    }
    return { data: out, shape: [...x.shape] };
  }

  /** Maps scaled values back: x = (y − offset) · scale + center. Throws before fit. */
  inverseTransform(y: NDArray): NDArray {
    this.requireFitted('inverseTransform');
    const { center, scale } = this.checkShape(y, 'inverseTransform');
    const slots = center.length;
    const out = new Float32Array(y.data.length);
    for (let i = 0; i < out.length; i++) {
      const s = i % slots;
      out[i] = (y.data[i] - this.offset) * scale[s] + center[s];
    }
    return { data: out, shape: [...y.shape] };
  }

  /** The same transform on a tensor whose trailing shape matches the fitted one (for serving). */
  transformTensor(x: tf.Tensor): tf.Tensor {
    this.requireFitted('transformTensor');
    const { center, scale } = this.checkShape(
      { data: new Float32Array(0), shape: x.shape },
      'transformTensor',
      x.size,
    );
    const bshape = this.per === 'global' ? [] : this.per === 'channel' ? [center.length] : x.shape.slice(1);
    return tf.tidy(() =>
      x.toFloat().sub(tf.tensor(center, bshape)).div(tf.tensor(scale, bshape)).add(this.offset),
    );
  }

  protected stateJson(): JsonObject | null {
    return this.state
      ? { center: this.state.center, scale: this.state.scale, shape: this.state.shape }
      : null;
  }

  protected loadState(state: JsonObject | null | undefined): void {
    if (!state) return;
    this.state = {
      center: state.center as number[],
      scale: state.scale as number[],
      shape: state.shape as number[],
    };
    this.markFitted();
  }

  private slotCount(shape: number[]): number {
    if (this.per === 'global') return 1;
    if (shape.length < 2) {
      throw badOption(
        `${this.className} input shape`,
        `expected [n, ...] with at least 2 axes, got [${shape.join(', ')}]`,
        'reshape a vector to [n, 1]',
      );
    }
    return this.per === 'channel' ? shape[shape.length - 1] : shape.slice(1).reduce((a, b) => a * b, 1);
  }

  private checkShape(x: NDArray, what: string, size = x.data.length): AffineState {
    const st = this.state as AffineState;
    const fitted = st.shape;
    const got = x.shape.slice(1);
    const ok =
      this.per === 'global' ||
      (this.per === 'channel'
        ? got[got.length - 1] === fitted[fitted.length - 1]
        : got.length === fitted.length && got.every((d, i) => d === fitted[i]));
    const expectSize = x.shape.reduce((a, b) => a * b, 1);
    if (!ok || expectSize !== size) {
      throw new FrontierError(
        'PREPROCESS_SHAPE_MISMATCH',
        `${this.className} was fitted on examples of shape [${fitted.join(', ')}] but ${what} got [${got.join(', ')}]`,
        { where: `${this.className}.${what}`, hint: 'transform data shaped like the training data' },
      );
    }
    return st;
  }
}

/** Throws `PREPROCESS_NOT_FINITE` naming the example and position of the first NaN/Infinity. */
export function checkFinite(x: NDArray, who: string): void {
  const per = x.data.length / Math.max(1, x.shape[0]);
  for (let i = 0; i < x.data.length; i++) {
    if (!Number.isFinite(x.data[i])) {
      throw new FrontierError('PREPROCESS_NOT_FINITE', `value ${x.data[i]} in the input`, {
        where: `${who}: example ${Math.floor(i / per)}, feature ${i % per}`,
        hint: 'impute or drop missing values first (FillNa / DropNa)',
      });
    }
  }
}

/** Options shared by the fitted scalers. */
export interface ScalerOptions {
  /** Default 'feature'. */
  per?: ScalePer;
}

/**
 * Multiplies by `factor` and adds `offset` (Keras `Rescaling`, e.g. factor 1/255).
 * Needs no statistics; `fit` only records the shape. Default factor 1/255, offset 0.
 */
export class Rescale extends AffineScaler {
  readonly className = 'Rescale';
  readonly factor: number;
  constructor(opts: { factor?: number; offset?: number } = {}) {
    super('global');
    this.factor = opts.factor ?? 1 / 255;
    if (!Number.isFinite(this.factor) || this.factor === 0) {
      throw badOption(
        'Rescale factor',
        `factor must be a finite non-zero number, got ${this.factor}`,
        'e.g. 1/255',
      );
    }
    this.offset = opts.offset ?? 0;
  }
  protected slotStats(): { center: number; scale: number } {
    return { center: 0, scale: 1 / this.factor };
  }
  getConfig(): JsonObject {
    return { factor: this.factor, offset: this.offset, state: this.stateJson() };
  }
  static fromConfig(c: JsonObject): Rescale {
    const s = new Rescale({ factor: c.factor as number, offset: c.offset as number });
    s.loadState(c.state as JsonObject | null);
    return s;
  }
}

/** Scales each slot to `featureRange` (default [0, 1]) using the training min and max. */
export class MinMaxScaler extends AffineScaler {
  readonly className = 'MinMaxScaler';
  readonly featureRange: [number, number];
  constructor(opts: ScalerOptions & { featureRange?: [number, number] } = {}) {
    super(opts.per);
    this.featureRange = opts.featureRange ?? [0, 1];
    const [a, b] = this.featureRange;
    if (!(a < b))
      throw badOption(
        'MinMaxScaler featureRange',
        `featureRange [${a}, ${b}] is empty`,
        'use [low, high] with low < high',
      );
    this.offset = a;
  }
  protected slotStats(v: Float64Array): { center: number; scale: number } {
    let lo = Infinity;
    let hi = -Infinity;
    for (const x of v) {
      if (x < lo) lo = x;
      if (x > hi) hi = x;
    }
    const [a, b] = this.featureRange;
    return { center: lo, scale: (hi - lo) / (b - a) };
  }
  getConfig(): JsonObject {
    return { per: this.per, featureRange: this.featureRange, state: this.stateJson() };
  }
  static fromConfig(c: JsonObject): MinMaxScaler {
    const s = new MinMaxScaler({ per: c.per as ScalePer, featureRange: c.featureRange as [number, number] });
    s.loadState(c.state as JsonObject | null);
    return s;
  }
}

/** z-score: subtracts the training mean and divides by the population standard deviation. */
export class StandardScaler extends AffineScaler {
  readonly className = 'StandardScaler';
  constructor(opts: ScalerOptions = {}) {
    super(opts.per);
  }
  protected slotStats(v: Float64Array): { center: number; scale: number } {
    const m = mean(v);
    return { center: m, scale: std(v, m) };
  }
  getConfig(): JsonObject {
    return { per: this.per, state: this.stateJson() };
  }
  static fromConfig(c: JsonObject): StandardScaler {
    const s = new StandardScaler({ per: c.per as ScalePer });
    s.loadState(c.state as JsonObject | null);
    return s;
  }
}

/**
 * Robust scaling: subtracts the median and divides by the interquartile range
 * (quantiles `quantileRange`, default [25, 75] percent, numpy linear interpolation),
 * so outliers barely move the statistics.
 */
export class RobustScaler extends AffineScaler {
  readonly className = 'RobustScaler';
  readonly quantileRange: [number, number];
  constructor(opts: ScalerOptions & { quantileRange?: [number, number] } = {}) {
    super(opts.per);
    this.quantileRange = opts.quantileRange ?? [25, 75];
    const [a, b] = this.quantileRange;
    if (!(0 <= a && a < b && b <= 100)) {
      throw badOption(
        'RobustScaler quantileRange',
        `quantileRange [${a}, ${b}] is invalid`,
        'use 0 <= low < high <= 100',
      );
    }
  }
  protected slotStats(v: Float64Array): { center: number; scale: number } {
    v.sort();
    const [a, b] = this.quantileRange;
    return { center: quantileSorted(v, 0.5), scale: quantileSorted(v, b / 100) - quantileSorted(v, a / 100) };
  }
  getConfig(): JsonObject {
    return { per: this.per, quantileRange: this.quantileRange, state: this.stateJson() };
  }
  static fromConfig(c: JsonObject): RobustScaler {
    const s = new RobustScaler({
      per: c.per as ScalePer,
      quantileRange: c.quantileRange as [number, number],
    });
    s.loadState(c.state as JsonObject | null);
    return s;
  }
}

registerStep('Rescale', Rescale.fromConfig);
registerStep('MinMaxScaler', MinMaxScaler.fromConfig);
registerStep('StandardScaler', StandardScaler.fromConfig);
registerStep('RobustScaler', RobustScaler.fromConfig);
