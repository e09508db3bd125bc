// Keras-style random preprocessing layers (RandomFlip, RandomRotation,
// RandomTranslation, RandomZoom, RandomContrast, RandomBrightness): random in
// training, identity at inference, saved with the model. The geometric ones build
// one affine matrix per image with affine.ts and warp it once.
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../../train/rng.ts';
import {
  NO_TRANSFORM,
  transformMatrix,
  warpImage,
  type FillMode,
  type Interpolation,
  type TransformParams,
} from './affine.ts';
import { checkWarpOptions, mixSeed } from './augment.ts';
import { badOption } from '../../util/errors.ts';

/** Arguments every random layer takes. `seed` defaults to 42. */
export interface RandomLayerArgs {
  name?: string;
  inputShape?: number[];
  /** Set by deserialization (tfjs writes it into the saved config). */
  batchInputShape?: Array<number | null>;
  dtype?: tf.DataType;
  seed?: number;
}

/** Arguments of the geometric layers. Defaults as Keras: fillMode 'reflect', interpolation 'bilinear', fillValue 0. */
export interface RandomAffineArgs extends RandomLayerArgs {
  fillMode?: FillMode;
  interpolation?: Interpolation;
  /** The value of samples outside the image under fillMode 'constant'. */
  fillValue?: number;
}

/** A factor: a scalar f means [−f, f]; a pair is [low, high]. */
export type Factor = number | [number, number];

function range(f: Factor, where: string, limit = Infinity): [number, number] {
  const [lo, hi] = typeof f === 'number' ? [-Math.abs(f), Math.abs(f)] : [f?.[0], f?.[1]];
  if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo <= hi && Math.max(-lo, hi) <= limit)) {
    throw badOption(
      where,
      `factor must be a number or [low, high] with low <= high${limit < Infinity ? ` within ±${limit}` : ''}, got ${JSON.stringify(f)}`,
      'e.g. 0.1 (meaning [-0.1, 0.1]) or [-0.2, 0.3]',
    );
  }
  return [lo, hi];
}

function zoomRange(f: Factor, where: string): [number, number] {
  const r = range(f, where);
  if (!(r[0] > -1))
    throw badOption(
      where,
      `zoom factors must be > -1 (a zoom of 1 + f), got ${JSON.stringify(f)}`,
      'e.g. 0.2',
    );
  return r;
}

/**
 * Base of the random layers: with `{ training: true }` (as the Trainer calls a model)
 * image i of the k-th training call draws from the stream seeded by (seed, k, i), so
 * a fresh model replays the same randomness; otherwise the input passes unchanged.
 * Expects NHWC batches; no weights.
 */
export abstract class RandomImageLayer extends tf.layers.Layer {
  readonly seed: number;
  private calls = 0;

  constructor(args: RandomLayerArgs) {
    super({
      name: args.name,
      inputShape: args.inputShape,
      batchInputShape: args.batchInputShape,
      dtype: args.dtype,
      trainable: false,
    });
    this.seed = args.seed ?? 42;
  }

  /** Transforms one HWC image `src[off..]` into `out[off..]` with randomness from `rand`. */
  protected abstract transformImage(
    src: Float32Array,
    h: number,
    w: number,
    c: number,
    rand: () => number,
    out: Float32Array,
    off: number,
  ): void;

  /** The layer's own options (JSON). */
  protected abstract ownConfig(): tf.serialization.ConfigDict;

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: { training?: boolean }): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    if (!kwargs?.training) return tf.clone(x);
    if (x.rank !== 4) {
      throw badOption(
        `${this.getClassName()} input`,
        `expected images [n, height, width, channels], got [${x.shape.join(', ')}]`,
        'reshape grayscale images to [n, h, w, 1]',
      );
    }
    const [n, h, w, c] = x.shape;
    const src = x.dtype === 'float32' ? (x.dataSync() as Float32Array) : Float32Array.from(x.dataSync());
    const out = new Float32Array(src.length);
    const key = this.calls++;
    for (let i = 0; i < n; i++) {
      this.transformImage(src, h, w, c, mulberry32(mixSeed(this.seed, key, i)), out, i * h * w * c);
    }
    return tf.tensor(out, x.shape, 'float32');
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), seed: this.seed, ...this.ownConfig() };
  }
}

/** Base of the geometric layers: `params` draws one image's transform; one warp applies it. */
export abstract class RandomAffineLayer extends RandomImageLayer {
  readonly fillMode: FillMode;
  readonly interpolation: Interpolation;
  readonly fillValue: number;

  constructor(args: RandomAffineArgs) {
    super(args);
    this.fillMode = args.fillMode ?? 'reflect';
    this.interpolation = args.interpolation ?? 'bilinear';
    this.fillValue = args.fillValue ?? 0;
    const where = (k: string) => `${(this.constructor as unknown as { className: string }).className}.${k}`;
    checkWarpOptions(this.fillMode, this.interpolation, where);
  }

  /** One image's transform (ImageDataGenerator conventions, see affine.ts). */
  abstract params(rand: () => number, h: number, w: number): TransformParams;

  protected transformImage(
    src: Float32Array,
    h: number,
    w: number,
    c: number,
    rand: () => number,
    out: Float32Array,
    off: number,
  ): void {
    const m = transformMatrix(this.params(rand, h, w), h, w);
    const opts = { fillMode: this.fillMode, cval: this.fillValue, interpolation: this.interpolation };
    warpImage(src, h, w, c, m, opts, out, off, off);
  }

  protected affineConfig(): tf.serialization.ConfigDict {
    return { fillMode: this.fillMode, interpolation: this.interpolation, fillValue: this.fillValue };
  }
}

/** Which flips {@link RandomFlip} makes (Keras names). */
export type FlipMode = 'horizontal' | 'vertical' | 'horizontal_and_vertical';

/** Flips each image left↔right and/or top↔bottom, each with probability 1/2 (Keras `RandomFlip`; default both). */
export class RandomFlip extends RandomAffineLayer {
  static className = 'FrontierRandomFlip';
  readonly mode: FlipMode;

  constructor(args: RandomLayerArgs & { mode?: FlipMode } = {}) {
    super(args);
    this.mode = args.mode ?? 'horizontal_and_vertical';
    if (!['horizontal', 'vertical', 'horizontal_and_vertical'].includes(this.mode))
      throw badOption(
        'FrontierRandomFlip.mode',
        `unknown mode ${JSON.stringify(this.mode)}`,
        "use 'horizontal', 'vertical' or 'horizontal_and_vertical'",
      );
  }

  params(rand: () => number): TransformParams {
    const h = this.mode !== 'vertical' && rand() < 0.5;
    const v = this.mode !== 'horizontal' && rand() < 0.5;
    return { ...NO_TRANSFORM, flipHorizontal: h, flipVertical: v };
  }

  protected ownConfig() {
    return { mode: this.mode };
  }
}

/**
 * Rotates each image by factor·360° with factor ~ U(low, high) (a scalar f means
 * [−f, f]); positive angles turn counter-clockwise, as Keras `RandomRotation`.
 */
export class RandomRotation extends RandomAffineLayer {
  static className = 'FrontierRandomRotation';
  readonly factor: [number, number];

  constructor(args: RandomAffineArgs & { factor: Factor }) {
    super(args);
    this.factor = range(args.factor, 'FrontierRandomRotation.factor');
  }

  params(rand: () => number): TransformParams {
    const [lo, hi] = this.factor;
    // affine.ts's positive theta turns clockwise on screen (rows point down).
    return { ...NO_TRANSFORM, theta: -(lo + (hi - lo) * rand()) * 360 };
  }

  protected ownConfig() {
    return { factor: this.factor, ...this.affineConfig() };
  }
}

/**
 * Shifts each image by fractions of its height and width drawn from the factors (a
 * scalar f means [−f, f]); positive moves content down / right, as Keras
 * `RandomTranslation`; both factors are required (within ±1), as in Keras.
 */
export class RandomTranslation extends RandomAffineLayer {
  static className = 'FrontierRandomTranslation';
  readonly heightFactor: [number, number];
  readonly widthFactor: [number, number];

  constructor(args: RandomAffineArgs & { heightFactor: Factor; widthFactor: Factor }) {
    super(args);
    this.heightFactor = range(args.heightFactor, 'FrontierRandomTranslation.heightFactor', 1);
    this.widthFactor = range(args.widthFactor, 'FrontierRandomTranslation.widthFactor', 1);
  }

  params(rand: () => number, h: number, w: number): TransformParams {
    const [hl, hh] = this.heightFactor;
    const [wl, wh] = this.widthFactor;
    const dy = (hl + (hh - hl) * rand()) * h;
    const dx = (wl + (wh - wl) * rand()) * w;
    // Output (r, c) samples input (r − dy, c − dx).
    return { ...NO_TRANSFORM, tx: -dy, ty: -dx };
  }

  protected ownConfig() {
    return { heightFactor: this.heightFactor, widthFactor: this.widthFactor, ...this.affineConfig() };
  }
}

/**
 * Zooms each image about its center by 1 + f with f drawn from the factor (a scalar f
 * means [−f, f]); positive f zooms out (content shrinks), negative zooms in, as Keras
 * `RandomZoom`. Without `widthFactor` both axes use the same draw (aspect kept).
 */
export class RandomZoom extends RandomAffineLayer {
  static className = 'FrontierRandomZoom';
  readonly heightFactor: [number, number];
  readonly widthFactor: [number, number] | null;

  constructor(args: RandomAffineArgs & { heightFactor: Factor; widthFactor?: Factor | null }) {
    super(args);
    this.heightFactor = zoomRange(args.heightFactor, 'FrontierRandomZoom.heightFactor');
    this.widthFactor =
      args.widthFactor == null ? null : zoomRange(args.widthFactor, 'FrontierRandomZoom.widthFactor');
  }

  params(rand: () => number): TransformParams {
    const [hl, hh] = this.heightFactor;
    const zx = 1 + hl + (hh - hl) * rand();
    const wf = this.widthFactor;
    const zy = wf ? 1 + wf[0] + (wf[1] - wf[0]) * rand() : zx;
    return { ...NO_TRANSFORM, zx, zy };
  }

  protected ownConfig() {
    return { heightFactor: this.heightFactor, widthFactor: this.widthFactor, ...this.affineConfig() };
  }
}

/**
 * Scales each image's contrast by a ~ U(1 − low, 1 + high) (a scalar f means [f, f]):
 * per channel, x → (x − mean) · a + mean with the image's channel mean, as Keras
 * `RandomContrast`; clipped to `valueRange` when given (default: no clipping).
 */
export class RandomContrast extends RandomImageLayer {
  static className = 'FrontierRandomContrast';
  readonly factor: [number, number];
  readonly valueRange: [number, number] | null;

  constructor(args: RandomLayerArgs & { factor: Factor; valueRange?: [number, number] | null }) {
    super(args);
    const f = args.factor;
    const [lo, hi] = typeof f === 'number' ? [f, f] : [f?.[0], f?.[1]];
    if (!(lo >= 0 && lo <= 1 && hi >= 0))
      throw badOption(
        'FrontierRandomContrast.factor',
        `factor must be in [0, 1] (or [lower, upper] with lower in [0, 1]), got ${JSON.stringify(f)}`,
        'e.g. 0.2 (contrast ×0.8 to ×1.2)',
      );
    this.factor = [lo, hi];
    this.valueRange = args.valueRange ?? null;
  }

  protected transformImage(
    src: Float32Array,
    h: number,
    w: number,
    c: number,
    rand: () => number,
    out: Float32Array,
    off: number,
  ): void {
    const a = 1 - this.factor[0] + (this.factor[0] + this.factor[1]) * rand();
    const n = h * w;
    const [vlo, vhi] = this.valueRange ?? [-Infinity, Infinity];
    for (let k = 0; k < c; k++) {
      let s = 0;
      for (let p = 0; p < n; p++) s += src[off + p * c + k];
      const mean = s / n;
      for (let p = 0; p < n; p++) {
        const v = (src[off + p * c + k] - mean) * a + mean;
        out[off + p * c + k] = Math.min(vhi, Math.max(vlo, v));
      }
    }
  }

  protected ownConfig() {
    return { factor: this.factor, valueRange: this.valueRange };
  }
}

/**
 * Adds d · (max − min) to every pixel with d ~ U(low, high) (a scalar f means [−f, f],
 * within [−1, 1]) and clips to `valueRange` (default [0, 255]), as Keras `RandomBrightness`.
 */
export class RandomBrightness extends RandomImageLayer {
  static className = 'FrontierRandomBrightness';
  readonly factor: [number, number];
  readonly valueRange: [number, number];

  constructor(args: RandomLayerArgs & { factor: Factor; valueRange?: [number, number] }) {
    super(args);
    this.factor = range(args.factor, 'FrontierRandomBrightness.factor', 1);
    this.valueRange = args.valueRange ?? [0, 255];
    const [lo, hi] = this.valueRange;
    if (!(Number.isFinite(lo) && Number.isFinite(hi) && lo < hi))
      throw badOption(
        'FrontierRandomBrightness.valueRange',
        `valueRange must be [min, max] with min < max, got ${JSON.stringify(this.valueRange)}`,
        'e.g. [0, 1] for images rescaled by 1/255',
      );
  }

  protected transformImage(
    src: Float32Array,
    h: number,
    w: number,
    c: number,
    rand: () => number,
    out: Float32Array,
    off: number,
  ): void {
    const [lo, hi] = this.valueRange;
    const d = (this.factor[0] + (this.factor[1] - this.factor[0]) * rand()) * (hi - lo);
    for (let i = off; i < off + h * w * c; i++) out[i] = Math.min(hi, Math.max(lo, src[i] + d));
  }

  protected ownConfig() {
    return { factor: this.factor, valueRange: this.valueRange };
  }
}

for (const cls of [
  RandomFlip,
  RandomRotation,
  RandomTranslation,
  RandomZoom,
  RandomContrast,
  RandomBrightness,
])
  tf.serialization.registerClass(cls as unknown as tf.serialization.SerializableConstructor<tf.layers.Layer>);
