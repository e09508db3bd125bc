// Random image augmentation with Keras ImageDataGenerator semantics: one affine warp
// per image (rotation, shift, shear, zoom, flips), then channel shift, brightness and
// rescale. Seeded per (seed, key, image), so a batch's augmentation is reproducible.
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
import { FrontierError, badOption } from '../../util/errors.ts';
import type { JsonObject, NDArray } from '../../util/json.ts';

/**
 * Options of {@link ImageAugmenter}, Keras names in camelCase; every default is "off".
 * - `rotationRange`: degrees; θ ~ U(−r, r).
 * - `widthShiftRange` / `heightShiftRange`: < 1 a fraction of the width/height,
 *   ≥ 1 pixels, shift ~ U(−v, v); an array: one of its values at random (fractions
 *   if < 1, else pixels).
 * - `shearRange`: degrees; ~ U(−s, s).
 * - `zoomRange`: a scalar z means [1 − z, 1 + z]; or [low, high]; zx and zy drawn independently.
 * - `horizontalFlip`, `verticalFlip`: each with probability 1/2.
 * - `brightnessRange`: [low, high]; pixels are multiplied by a factor ~ U(low, high).
 * - `channelShiftRange`: adds one intensity ~ U(−r, r) to every channel, clipped to the image's min and max.
 * - `fillMode` (default 'nearest', as Keras) and `cval` (default 0, in input units).
 * - `interpolation`: 'bilinear' (default; Keras's order 1) or 'nearest'.
 * - `rescale`: multiply by this after everything else (Keras applies it in `standardize`).
 * - `seed`: default 42.
 */
export interface AugmentOptions {
  rotationRange?: number;
  widthShiftRange?: number | number[];
  heightShiftRange?: number | number[];
  shearRange?: number;
  zoomRange?: number | [number, number];
  horizontalFlip?: boolean;
  verticalFlip?: boolean;
  brightnessRange?: [number, number] | null;
  channelShiftRange?: number;
  fillMode?: FillMode;
  cval?: number;
  interpolation?: Interpolation;
  rescale?: number | null;
  seed?: number;
}

/** Every key of AugmentOptions, for copying and for validating configs. */
export const AUGMENT_KEYS = [
  'rotationRange',
  'widthShiftRange',
  'heightShiftRange',
  'shearRange',
  'zoomRange',
  'horizontalFlip',
  'verticalFlip',
  'brightnessRange',
  'channelShiftRange',
  'fillMode',
  'cval',
  'interpolation',
  'seed',
] as const satisfies readonly (keyof AugmentOptions)[];

/** A batch transform for training: images [n, h, w, c] and a step key in, augmented images out (a new tensor). */
export type BatchAugment = (xb: tf.Tensor, step: number) => tf.Tensor;

/**
 * Throws PREPROCESS_BAD_OPTION (at `where('fillMode')` / `where('interpolation')`) unless
 * `fillMode` is constant|nearest|reflect|wrap and `interpolation` bilinear|nearest: the
 * warp options the augmenter and the random geometric layers share.
 */
export function checkWarpOptions(
  fillMode: string,
  interpolation: string,
  where: (key: string) => string,
): void {
  if (!['constant', 'nearest', 'reflect', 'wrap'].includes(fillMode))
    throw badOption(
      where('fillMode'),
      `unknown fillMode ${JSON.stringify(fillMode)}`,
      "use 'constant', 'nearest', 'reflect' or 'wrap'",
    );
  if (!['bilinear', 'nearest'].includes(interpolation))
    throw badOption(
      where('interpolation'),
      `unknown interpolation ${JSON.stringify(interpolation)}`,
      "use 'bilinear' or 'nearest'",
    );
}

/** A 32-bit hash of several integers (for per-image seeds that do not collide in practice). */
export function mixSeed(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h = Math.imul(h ^ (p >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * Random augmentation of image batches (NHWC float arrays). `randomParams` draws
 * one image's transform; `applyParams` applies it; `augment` does a whole batch,
 * image i seeded by (seed, key, i), so the same key gives the same batch.
 */
export class ImageAugmenter {
  readonly options: Required<Omit<AugmentOptions, 'brightnessRange' | 'rescale'>> & {
    brightnessRange: [number, number] | null;
    rescale: number | null;
  };

  constructor(opts: AugmentOptions = {}) {
    const zoom = opts.zoomRange ?? 0;
    this.options = {
      rotationRange: opts.rotationRange ?? 0,
      widthShiftRange: opts.widthShiftRange ?? 0,
      heightShiftRange: opts.heightShiftRange ?? 0,
      shearRange: opts.shearRange ?? 0,
      zoomRange: typeof zoom === 'number' ? [1 - zoom, 1 + zoom] : [zoom[0], zoom[1]],
      horizontalFlip: opts.horizontalFlip ?? false,
      verticalFlip: opts.verticalFlip ?? false,
      brightnessRange: opts.brightnessRange ?? null,
      channelShiftRange: opts.channelShiftRange ?? 0,
      fillMode: opts.fillMode ?? 'nearest',
      cval: opts.cval ?? 0,
      interpolation: opts.interpolation ?? 'bilinear',
      rescale: opts.rescale ?? null,
      seed: opts.seed ?? 42,
    };
    this.validate();
  }

  private validate(): void {
    const o = this.options;
    const where = (k: string) => `AugmentOptions.${k}`;
    for (const k of ['rotationRange', 'shearRange', 'channelShiftRange'] as const) {
      if (!(o[k] >= 0)) throw badOption(where(k), `${k} must be >= 0, got ${o[k]}`, 'e.g. 10');
    }
    for (const k of ['widthShiftRange', 'heightShiftRange'] as const) {
      const v = o[k];
      if (Array.isArray(v) ? v.length === 0 || v.some((x) => !Number.isFinite(x)) : !(v >= 0)) {
        throw badOption(
          where(k),
          `${k} must be >= 0 or a non-empty array of numbers`,
          'e.g. 0.1 (fraction) or 2 (pixels)',
        );
      }
    }
    const [zl, zh] = o.zoomRange as [number, number];
    if (!(zl > 0 && zl <= zh))
      throw badOption(
        where('zoomRange'),
        `zoom range [${zl}, ${zh}] must satisfy 0 < low <= high`,
        'a scalar z < 1 means [1 - z, 1 + z]',
      );
    if (o.brightnessRange && !(o.brightnessRange[0] >= 0 && o.brightnessRange[0] <= o.brightnessRange[1])) {
      throw badOption(
        where('brightnessRange'),
        `brightnessRange [${o.brightnessRange.join(', ')}] is invalid`,
        'e.g. [0.8, 1.2]',
      );
    }
    checkWarpOptions(o.fillMode, o.interpolation, where);
  }

  /** Draws one image's transform for an h×w image from `rand` (uniform in [0, 1)). */
  randomParams(rand: () => number, h: number, w: number): TransformParams {
    const o = this.options;
    const u = (lo: number, hi: number) => lo + (hi - lo) * rand();
    const shift = (v: number | number[], size: number): number => {
      if (Array.isArray(v)) {
        const pick = v[Math.floor(rand() * v.length)];
        return Math.abs(pick) < 1 ? pick * size : pick;
      }
      if (v === 0) return 0;
      const s = u(-v, v);
      return v < 1 ? s * size : s;
    };
    const [zl, zh] = o.zoomRange as [number, number];
    const zoomed = !(zl === 1 && zh === 1);
    return {
      theta: o.rotationRange ? u(-o.rotationRange, o.rotationRange) : 0,
      tx: shift(o.heightShiftRange, h),
      ty: shift(o.widthShiftRange, w),
      shear: o.shearRange ? u(-o.shearRange, o.shearRange) : 0,
      zx: zoomed ? u(zl, zh) : 1,
      zy: zoomed ? u(zl, zh) : 1,
      flipHorizontal: o.horizontalFlip ? rand() < 0.5 : false,
      flipVertical: o.verticalFlip ? rand() < 0.5 : false,
      channelShift: o.channelShiftRange ? u(-o.channelShiftRange, o.channelShiftRange) : 0,
      brightness: o.brightnessRange ? u(o.brightnessRange[0], o.brightnessRange[1]) : 1,
    };
  }

  /**
   * Applies `p` to image `index` of `x` ([n, h, w, c]) into `out` at the same place:
   * warp, channel shift (clipped to the image's min and max), brightness, rescale.
   */
  applyParams(x: NDArray, index: number, p: TransformParams, out: Float32Array): void {
    const [, h, w, c] = x.shape;
    const size = h * w * c;
    const off = index * size;
    const o = this.options;
    const affine =
      p.theta !== 0 ||
      p.tx !== 0 ||
      p.ty !== 0 ||
      p.shear !== 0 ||
      p.zx !== 1 ||
      p.zy !== 1 ||
      p.flipHorizontal ||
      p.flipVertical;
    if (affine) {
      warpImage(
        x.data,
        h,
        w,
        c,
        transformMatrix(p, h, w),
        { fillMode: o.fillMode, cval: o.cval, interpolation: o.interpolation },
        out,
        off,
        off,
      );
    } else out.set(x.data.subarray(off, off + size), off);
    if (p.channelShift !== 0) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = off; i < off + size; i++) {
        lo = Math.min(lo, out[i]);
        hi = Math.max(hi, out[i]);
      }
      for (let i = off; i < off + size; i++) out[i] = Math.min(hi, Math.max(lo, out[i] + p.channelShift));
    }
    const scale = p.brightness * (o.rescale ?? 1);
    if (scale !== 1) for (let i = off; i < off + size; i++) out[i] *= scale;
  }

  /** Augments every image of `x` ([n, h, w, c]); image i uses the stream seeded by (seed, key, i). */
  augment(x: NDArray, key = 0): NDArray {
    if (x.shape.length !== 4) {
      throw new FrontierError(
        'AUGMENT_BAD_SHAPE',
        `expected images [n, height, width, channels], got [${x.shape.join(', ')}]`,
        {
          where: 'ImageAugmenter.augment',
          hint: 'reshape grayscale images to [n, h, w, 1]',
        },
      );
    }
    const [n, h, w] = x.shape;
    const out = new Float32Array(x.data.length);
    for (let i = 0; i < n; i++) {
      const rand = mulberry32(mixSeed(this.options.seed, key, i));
      this.applyParams(x, i, this.randomParams(rand, h, w), out);
    }
    return { data: out, shape: [...x.shape] };
  }

  /** `augment` on a tensor; returns a new float32 tensor (the input is not disposed). */
  augmentTensor(x: tf.Tensor, key = 0): tf.Tensor {
    const data = x.dtype === 'float32' ? (x.dataSync() as Float32Array) : Float32Array.from(x.dataSync());
    const r = this.augment({ data, shape: x.shape }, key);
    return tf.tensor(r.data, x.shape, 'float32');
  }

  /** This augmenter as a {@link BatchAugment} for training loops. */
  batchTransform(): BatchAugment {
    return (xb, step) => this.augmentTensor(xb, step);
  }

  /** The options as JSON (for configs and reports). */
  getConfig(): JsonObject {
    return JSON.parse(JSON.stringify(this.options)) as JsonObject;
  }

  /** Rebuilds an augmenter from {@link getConfig}'s output. */
  static fromConfig(c: JsonObject): ImageAugmenter {
    return new ImageAugmenter(c as unknown as AugmentOptions);
  }
}

export { NO_TRANSFORM };
