/**
 * Pixel-level charts (Vega-Lite, one rect per pixel): attribution heatmaps over an image
 * and a layer's feature maps for one input.
 */
import type { VegaLiteSpec } from '../../report/index.ts';
import { FrontierError } from '../../util/errors.ts';
import type { LayerActivation } from '../gradcam.ts';
import { CHART_CONFIG, SCHEMA } from './common.ts';

/**
 * Options of `attributionHeatmapSpec`: the image and the attribution (both H×W×C flat,
 * channels summed for the attribution and averaged for the image), `signed` (default: true
 * when the attribution has negative values) picks a diverging red/blue scale centred on 0,
 * else a sequential one; `pixel` is the drawn size of one pixel (default 8).
 */
export interface HeatmapOptions {
  image: Float32Array;
  attribution: Float32Array;
  height: number;
  width: number;
  channels?: number;
  signed?: boolean;
  pixel?: number;
  title?: string;
}

/** Collapses H×W×C to H×W by `mode` over channels. */
function toPlane(v: Float32Array, h: number, w: number, c: number, mode: 'sum' | 'mean'): Float32Array {
  const out = new Float32Array(h * w);
  for (let i = 0; i < h * w; i++) {
    let s = 0;
    for (let k = 0; k < c; k++) s += v[i * c + k];
    out[i] = mode === 'sum' ? s : s / c;
  }
  return out;
}

/** A grayscale image with the attribution drawn over it semi-transparently; one rect per pixel in each layer. */
export function attributionHeatmapSpec(opts: HeatmapOptions): VegaLiteSpec {
  const { height: h, width: w } = opts;
  const c = opts.channels ?? 1;
  if (opts.image.length !== h * w * c || opts.attribution.length !== h * w * c) {
    throw new FrontierError(
      'EXPLAIN_BAD_INPUT',
      `image (${opts.image.length}) and attribution (${opts.attribution.length}) must both hold ${h}×${w}×${c} values`,
      {
        where: 'attributionHeatmapSpec',
        hint: 'pass one image and its attribution in the same H×W×C layout',
      },
    );
  }
  const img = toPlane(opts.image, h, w, c, 'mean');
  const att = toPlane(opts.attribution, h, w, c, 'sum');
  const isSigned = opts.signed ?? att.some((v) => v < 0);
  let peak = 0;
  for (const v of att) peak = Math.max(peak, Math.abs(v));
  peak ||= 1;
  const values = Array.from(img, (v, i) => ({
    row: Math.floor(i / w),
    col: i % w,
    pixel: v,
    attribution: att[i],
  }));
  const px = opts.pixel ?? 8;
  const axis = null;
  return {
    $schema: SCHEMA,
    description: opts.title ?? 'attribution heatmap',
    config: CHART_CONFIG,
    data: { values },
    width: w * px,
    height: h * px,
    encoding: {
      x: { field: 'col', type: 'ordinal', axis, title: null },
      y: { field: 'row', type: 'ordinal', axis, title: null },
    },
    layer: [
      {
        mark: { type: 'rect' },
        encoding: {
          color: { field: 'pixel', type: 'quantitative', scale: { scheme: 'greys' }, legend: null },
        },
      },
      {
        mark: { type: 'rect', opacity: 0.65 },
        encoding: {
          color: {
            field: 'attribution',
            type: 'quantitative',
            title: 'attribution',
            scale: isSigned
              ? { scheme: 'redblue', reverse: true, domain: [-peak, peak] }
              : { scheme: 'reds', domain: [0, peak] },
          },
        },
      },
    ],
    resolve: { scale: { color: 'independent' } },
  };
}

/**
 * The first `maxChannels` (default 8) feature maps of one conv activation (h×w×k), as a
 * grid of small heatmaps (`columns`, default 4), one per channel, each with its own scale.
 */
export function featureMapsSpec(
  act: LayerActivation,
  opts: { maxChannels?: number; columns?: number; pixel?: number } = {},
): VegaLiteSpec {
  if (act.shape.length !== 3) {
    throw new FrontierError(
      'EXPLAIN_BAD_INPUT',
      `layer "${act.layer}" has shape [${act.shape.join(', ')}], not h×w×channels`,
      {
        where: 'featureMapsSpec',
        hint: "pick a conv or pooling layer's activation (layerActivations(model, x, { only: 'Conv2D' }))",
      },
    );
  }
  const [h, w, k] = act.shape;
  const shown = Math.min(k, opts.maxChannels ?? 8);
  const values: { channel: string; row: number; col: number; value: number }[] = [];
  for (let ch = 0; ch < shown; ch++) {
    let max = 0;
    for (let i = 0; i < h * w; i++) max = Math.max(max, Math.abs(act.values[i * k + ch]));
    for (let i = 0; i < h * w; i++) {
      values.push({
        channel: `channel ${ch}`,
        row: Math.floor(i / w),
        col: i % w,
        value: max > 0 ? act.values[i * k + ch] / max : 0,
      });
    }
  }
  const px = opts.pixel ?? 4;
  return {
    $schema: SCHEMA,
    description: `${act.layer} feature maps`,
    config: CHART_CONFIG,
    data: { values },
    facet: {
      field: 'channel',
      type: 'nominal',
      sort: Array.from({ length: shown }, (_, i) => `channel ${i}`),
      header: { title: null },
    },
    columns: opts.columns ?? 4,
    spec: {
      width: w * px,
      height: h * px,
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'col', type: 'ordinal', axis: null },
        y: { field: 'row', type: 'ordinal', axis: null },
        color: {
          field: 'value',
          type: 'quantitative',
          scale: { scheme: 'viridis', domain: [0, 1] },
          title: 'activation / max',
        },
      },
    },
  };
}
