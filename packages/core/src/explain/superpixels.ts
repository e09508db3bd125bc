/**
 * Images as a few interpretable features: superpixels (SLIC segments by default, or a
 * grid of square tiles), each either kept from the image or replaced by a baseline
 * (black by default). Model-agnostic explainers (KernelSHAP, LIME) then explain
 * superpixels instead of 784+ pixels.
 */
import { FrontierError } from '../util/errors.ts';
import { weightedRidge } from './linalg.ts';
import { predictChecked } from './model.ts';
import { Rng } from './rng.ts';
import { slicSuperpixels } from './slic.ts';
import type { BlackBoxModel } from './types.ts';

/** A segmentation of an H×W×C image into `count` superpixels; `segment[y*W + x]` in [0, count) is a pixel's superpixel. */
export interface Superpixels {
  height: number;
  width: number;
  channels: number;
  count: number;
  segment: Int32Array;
}

/** Square `size`×`size` tiles (edge tiles may be smaller), numbered row by row. */
export function gridSuperpixels(height: number, width: number, channels: number, size: number): Superpixels {
  if (!(Number.isInteger(size) && size >= 1)) {
    throw new FrontierError('EXPLAIN_BAD_OPTION', `superpixel size must be a positive integer, got ${size}`, {
      where: 'gridSuperpixels size',
      hint: 'use e.g. 4 for 28×28 images (49 superpixels)',
    });
  }
  const cols = Math.ceil(width / size);
  const segment = new Int32Array(height * width);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      segment[y * width + x] = Math.floor(y / size) * cols + Math.floor(x / size);
  return { height, width, channels, count: cols * Math.ceil(height / size), segment };
}

/** How `segmentImage` cuts an image: `slic` (SLIC superpixels that follow edges) or `grid` (square tiles). */
export type SuperpixelMethod = 'slic' | 'grid';

/** The superpixel methods, for option parsing. */
export const SUPERPIXEL_METHODS: readonly SuperpixelMethod[] = ['slic', 'grid'];

/**
 * Options of `segmentImage`.
 * - `method`: `slic` (default) or `grid`.
 * - `size`: a superpixel's side in pixels (default 4): the grid's tile side, or SLIC's
 *   grid step S, asking for round(H·W / size²) segments (49 on 28×28).
 * - `compactness`: SLIC only (default 0.1, for pixel values in [0, 1]); see `SlicOptions`.
 */
export interface SegmentImageOptions {
  method?: SuperpixelMethod;
  size?: number;
  compactness?: number;
}

/**
 * Cuts one H×W×C image (HWC) into superpixels for `superpixelModel`: SLIC segments by
 * default, so LIME and KernelSHAP switch whole objects and strokes on and off rather
 * than tiles that straddle edges; `method: 'grid'` gives `gridSuperpixels(size)`.
 */
export function segmentImage(
  image: Float32Array,
  height: number,
  width: number,
  channels: number,
  opts: SegmentImageOptions = {},
): Superpixels {
  const method = opts.method ?? 'slic';
  const size = opts.size ?? 4;
  if (method === 'grid') return gridSuperpixels(height, width, channels, size);
  if (method !== 'slic') {
    throw new FrontierError('EXPLAIN_BAD_OPTION', `unknown superpixel method ${JSON.stringify(method)}`, {
      where: 'segmentImage method',
      hint: `use one of ${SUPERPIXEL_METHODS.join(', ')}`,
    });
  }
  if (!(Number.isFinite(size) && size > 0)) {
    throw new FrontierError('EXPLAIN_BAD_OPTION', `superpixel size must be a positive number, got ${size}`, {
      where: 'segmentImage size',
      hint: 'use e.g. 4 for 28×28 images (about 49 superpixels)',
    });
  }
  const nSegments = Math.max(1, Math.round((height * width) / (size * size)));
  const { labels, count } = slicSuperpixels(image, height, width, channels, {
    nSegments,
    compactness: opts.compactness ?? 0.1,
  });
  return { height, width, channels, count, segment: labels };
}

/**
 * A BlackBoxModel over superpixel switches: input z (count values in [0, 1]) blends each
 * superpixel between `baseline` (z = 0) and `image` (z = 1), then `imageModel` predicts.
 * Explaining the all-ones row against an all-zeros background attributes f(image) −
 * f(baseline) to superpixels.
 */
export function superpixelModel(
  imageModel: BlackBoxModel,
  sp: Superpixels,
  image: Float32Array,
  baseline?: Float32Array,
): BlackBoxModel {
  const size = sp.height * sp.width * sp.channels;
  if (image.length !== size || imageModel.inputs !== size) {
    throw new FrontierError(
      'EXPLAIN_BAD_INPUT',
      `image has ${image.length} values; the model takes ${imageModel.inputs}, the grid ${size}`,
      {
        where: 'superpixelModel',
        hint: 'segment the image the model takes (height × width × channels)',
      },
    );
  }
  const base = baseline ?? new Float32Array(size);
  return {
    inputs: sp.count,
    outputs: imageModel.outputs,
    predict(z: Float64Array, rows: number) {
      const x = new Float64Array(rows * size);
      for (let r = 0; r < rows; r++) {
        for (let p = 0; p < sp.height * sp.width; p++) {
          const t = z[r * sp.count + sp.segment[p]];
          for (let c = 0; c < sp.channels; c++) {
            const i = p * sp.channels + c;
            x[r * size + i] = base[i] + t * (image[i] - base[i]);
          }
        }
      }
      return imageModel.predict(x, rows);
    },
  };
}

/** Spreads per-superpixel values onto pixels (H×W), e.g. to draw SHAP or LIME weights as a heatmap. */
export function superpixelsToPixels(sp: Superpixels, values: ArrayLike<number>): Float32Array {
  return Float32Array.from(sp.segment, (s) => values[s]);
}

/**
 * LIME for images over superpixels (`model` from `superpixelModel`, whose segmentation
 * should come from `segmentImage`: SLIC by default, grid tiles on request): `numSamples` (default 1000) random on/off patterns
 * (the first all on), weighted by √exp(−d²/w²) with d the cosine distance to all-on and
 * w = `kernelWidth` (default 0.25), then a weighted ridge (alpha 1) of the `output`
 * probability on the patterns. Returns one weight per superpixel and the fit's intercept.
 */
export async function limeImage(
  model: BlackBoxModel,
  opts: { numSamples?: number; kernelWidth?: number; output: number; seed?: number },
): Promise<{ weights: Float64Array; intercept: number }> {
  const m = model.inputs;
  const n = opts.numSamples ?? 1000;
  const rng = new Rng(opts.seed ?? 0);
  const z = new Float64Array(n * m);
  z.fill(1, 0, m);
  for (let i = m; i < n * m; i++) z[i] = rng.uniform() < 0.5 ? 0 : 1;
  const y = await predictChecked(model, z, n, 'limeImage');
  const target = Float64Array.from({ length: n }, (_, s) => y[s * model.outputs + opts.output]);
  const width = opts.kernelWidth ?? 0.25;
  const w = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    let on = 0;
    for (let j = 0; j < m; j++) on += z[s * m + j];
    const cos = on === 0 ? 0 : on / Math.sqrt(on * m);
    w[s] = Math.sqrt(Math.exp(-((1 - cos) ** 2) / (width * width)));
  }
  const fit = weightedRidge(z, target, w, n, m, 1, 1, 'limeImage');
  return { weights: fit.coef, intercept: fit.intercept[0] };
}
