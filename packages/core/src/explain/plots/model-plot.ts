/**
 * The model structure diagram (like Keras `plot_model` with shapes): a box per layer,
 * top to bottom, naming the layer, its class, output shape and parameter count, with
 * arrows between consecutive layers. Works from a plain description, so the dashboard
 * can draw it from model.json too.
 */
import type * as tf from '@tensorflow/tfjs';
import type { VegaLiteSpec } from '../../report/index.ts';
import { CHART_CONFIG, SCHEMA } from './common.ts';

/** One box of the diagram. `outputShape` uses null for the batch axis. */
export interface LayerBox {
  name: string;
  className: string;
  outputShape: (number | null)[];
  params: number;
}

const shapeText = (s: (number | null)[]): string => `[${s.map((d) => (d === null ? '?' : d)).join(', ')}]`;

/** The boxes of a tfjs model in layer order, an InputLayer box first. */
export function modelStructure(model: tf.LayersModel): LayerBox[] {
  const boxes: LayerBox[] = [];
  if (!model.layers.some((l) => l.getClassName() === 'InputLayer')) {
    boxes.push({ name: 'input', className: 'InputLayer', outputShape: model.inputs[0].shape, params: 0 });
  }
  for (const l of model.layers) {
    boxes.push({
      name: l.name,
      className: l.getClassName(),
      outputShape: l.outputShape as (number | null)[],
      params: l.countParams(),
    });
  }
  return boxes;
}

/** The diagram of `boxes`: rect + two text lines per layer, one arrow (rule + triangle) between each pair. */
export function modelDiagramSpec(boxes: readonly LayerBox[], opts: { title?: string } = {}): VegaLiteSpec {
  const gap = 1;
  const boxH = 2;
  const rows = boxes.map((b, i) => ({
    top: i * (boxH + gap),
    bottom: i * (boxH + gap) + boxH,
    mid: i * (boxH + gap) + boxH / 2,
    title: `${b.name} (${b.className})`,
    detail: `output ${shapeText(b.outputShape)} · ${b.params.toLocaleString('en-US')} params`,
  }));
  const arrows = rows.slice(1).map((r, i) => ({ from: rows[i].bottom, to: r.top }));
  const total = boxes.reduce((s, b) => s + b.params, 0);
  const span = boxes.length * (boxH + gap) - gap;
  const y = {
    type: 'quantitative' as const,
    scale: { domain: [span, 0], nice: false, zero: false },
    axis: null,
  };
  const x = { type: 'quantitative' as const, scale: { domain: [0, 10] }, axis: null };
  return {
    $schema: SCHEMA,
    description: opts.title ?? `model structure (${total.toLocaleString('en-US')} parameters)`,
    config: CHART_CONFIG,
    width: 360,
    height: 34 * span,
    layer: [
      {
        data: { values: rows },
        mark: { type: 'rect', fill: '#eef3fb', stroke: '#3b6fb6', cornerRadius: 0 },
        encoding: {
          y: { field: 'top', ...y },
          y2: { field: 'bottom' },
          x: { datum: 0.5, ...x },
          x2: { datum: 9.5 },
        },
      },
      {
        data: { values: rows },
        mark: { type: 'text', fontWeight: 600, fontSize: 12, dy: -8 },
        encoding: { y: { field: 'mid', ...y }, x: { datum: 5, ...x }, text: { field: 'title' } },
      },
      {
        data: { values: rows },
        mark: { type: 'text', fontSize: 11, dy: 8, color: '#4b5563' },
        encoding: { y: { field: 'mid', ...y }, x: { datum: 5, ...x }, text: { field: 'detail' } },
      },
      {
        data: { values: arrows },
        mark: { type: 'rule', color: '#6b7280', strokeWidth: 1.5 },
        encoding: { y: { field: 'from', ...y }, y2: { field: 'to' }, x: { datum: 5, ...x } },
      },
      {
        data: { values: arrows },
        mark: { type: 'point', shape: 'triangle-down', filled: true, size: 50, color: '#6b7280' },
        encoding: { y: { field: 'to', ...y }, x: { datum: 5, ...x } },
      },
    ],
  };
}
