// The "augmentation" row of the evaluation matrix: the baseline architecture with an
// ImageAugmentation layer in front, trained with the study's recipe, then measured on
// the normal test set (by the harness) and on a shifted/rotated copy (here).
import * as tf from '@tensorflow/tfjs';
import type { Technique, TechniqueContext, TechniqueKind } from '../study/technique.ts';
import { augmentSchema } from '../study/schema.ts';
import { NO_TRANSFORM, transformMatrix, warpImage } from '../models/layers/affine.ts';
import { ImageAugmentation } from '../models/layers/augment-layer.ts';
import { mixSeed, type AugmentOptions } from '../models/layers/augment.ts';
import { mulberry32 } from '../train/rng.ts';

/** Default augmentation of the technique: small rotations, shifts and zooms (digits must not be flipped). */
export const DEFAULT_TECHNIQUE_AUGMENT: Omit<AugmentOptions, 'rescale'> = {
  rotationRange: 15,
  widthShiftRange: 0.1,
  heightShiftRange: 0.1,
  zoomRange: 0.1,
  fillMode: 'constant',
  cval: 0,
};

/**
 * A new model: an ImageAugmentation layer, then fresh copies of `baseline`'s layers
 * built from their configs (so the same seeded initializers: same starting weights
 * as the baseline had). The baseline itself is not touched.
 */
export function withAugmentation(
  baseline: tf.LayersModel,
  opts: Omit<AugmentOptions, 'rescale'>,
  seed: number,
): tf.Sequential {
  const inputShape = (baseline.inputs[0].shape as number[]).slice(1);
  const model = tf.sequential({ name: `${baseline.name}_augmented` });
  model.add(new ImageAugmentation({ ...opts, seed, inputShape, name: 'augmentation' }));
  for (const layer of baseline.layers) {
    const config = { ...layer.getConfig() };
    delete config.batchInputShape;
    delete config.inputShape;
    const entry = tf.serialization.SerializationMap.getMap().classNameMap[layer.getClassName()];
    model.add(entry[1](entry[0], config) as unknown as tf.layers.Layer);
  }
  return model;
}

/**
 * A shifted/rotated copy of NHWC images: image i rotated by ±`degrees` and shifted
 * by ±`pixels` in each direction, drawn from (seed, i); empty space is `cval`.
 */
export function shiftedCopy(
  x: tf.Tensor,
  opts: { degrees?: number; pixels?: number; seed?: number; cval?: number } = {},
): tf.Tensor {
  const [n, h, w, c] = x.shape;
  const src = x.dataSync() as Float32Array;
  const out = new Float32Array(src.length);
  const deg = opts.degrees ?? 15;
  const px = opts.pixels ?? 2;
  for (let i = 0; i < n; i++) {
    const rand = mulberry32(mixSeed(opts.seed ?? 7, i));
    const p = {
      ...NO_TRANSFORM,
      theta: (2 * rand() - 1) * deg,
      tx: (2 * rand() - 1) * px,
      ty: (2 * rand() - 1) * px,
    };
    const size = h * w * c;
    warpImage(
      src,
      h,
      w,
      c,
      transformMatrix(p, h, w),
      { fillMode: 'constant', cval: opts.cval ?? 0, interpolation: 'bilinear' },
      out,
      i * size,
      i * size,
    );
  }
  return tf.tensor(out, x.shape);
}

/** Fraction of rows where argmax(model(x)) = argmax(y), in inference mode. */
export function accuracyOn(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, batchSize = 256): number {
  const n = x.shape[0];
  let correct = 0;
  for (let s = 0; s < n; s += batchSize) {
    const size = Math.min(batchSize, n - s);
    const k = tf.tidy(() => {
      const pred = model.predict(tf.slice(x, s, size)) as tf.Tensor;
      return pred
        .argMax(-1)
        .equal(tf.slice(y, s, size).argMax(-1))
        .sum();
    });
    correct += k.dataSync()[0];
    k.dispose();
  }
  return correct / n;
}

/**
 * Builds the augmentation technique. Its variant is trained from the baseline's
 * initial weights with the study's recipe; metrics add `shiftedAccuracy` (variant)
 * and `baselineShiftedAccuracy` on the same shifted/rotated test copy. On non-image
 * data (inputs not [n, h, w, c]) it returns the baseline with a note.
 */
export function augmentationTechnique(
  opts: Omit<AugmentOptions, 'rescale'> = DEFAULT_TECHNIQUE_AUGMENT,
): Technique {
  return {
    name: 'augmentation',
    description:
      'Random rotation/shift/zoom during training only (an ImageAugmentation layer, identity at inference)',
    skip: (data) =>
      data.train.x.rank === 4
        ? undefined
        : 'augmentation needs image inputs [n, h, w, c]; this study is a table',
    async apply(ctx: TechniqueContext) {
      const model = withAugmentation(ctx.baseline, opts, ctx.seed);
      ctx.log('augmentation: training the augmented model');
      await ctx.train(model);
      const shifted = shiftedCopy(ctx.data.test.x, { seed: ctx.seed });
      const shiftedAccuracy = accuracyOn(model, shifted, ctx.data.test.y);
      const baselineShiftedAccuracy = accuracyOn(ctx.baseline, shifted, ctx.data.test.y);
      shifted.dispose();
      return {
        model,
        metrics: {
          shiftedAccuracy: { value: shiftedAccuracy, unit: 'ratio' },
          baselineShiftedAccuracy: { value: baselineShiftedAccuracy, unit: 'ratio' },
        },
        notes: [
          `shifted/rotated test copy (±15°, ±2 px): augmented ${(shiftedAccuracy * 100).toFixed(1)}% vs baseline ${(baselineShiftedAccuracy * 100).toFixed(1)}%`,
          `augmentation: ${JSON.stringify(opts)}`,
        ],
      };
    },
  };
}

/** `{ "kind": "augmentation", ...augmentation options }`: the defaults are DEFAULT_TECHNIQUE_AUGMENT. */
export const augmentationKind: TechniqueKind<typeof augmentSchema> = {
  kind: 'augmentation',
  summary: 'train with random rotation/shift/zoom (image data); compare on a shifted test copy',
  params: augmentSchema,
  create: (p, name) => {
    const opts = Object.keys(p).length ? (p as Omit<AugmentOptions, 'rescale'>) : DEFAULT_TECHNIQUE_AUGMENT;
    return { ...augmentationTechnique(opts), ...(name ? { name } : {}), trains: true };
  },
};
