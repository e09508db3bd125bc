/**
 * Optimizer comparison curves for the evaluate report: the study's model, built from
 * the same seed, trained on the same training subset in the same data order by each
 * optimizer (SGD with momentum, RMSprop, AdamW, Adam by default), with validation loss
 * and accuracy sampled every few steps. Only the training and validation splits are
 * used; the test split is never seen.
 */
import * as tf from '@tensorflow/tfjs';
import { buildModel, type ModelConfig } from '../models/index.ts';
import {
  CHART_CONFIG,
  escapeHtml,
  renderSvg,
  scopeSvgIds,
  type ReportSection,
  type VegaLiteSpec,
} from '../report/index.ts';
import { Callback, Trainer, type OptimizerConfig } from '../train/index.ts';

/** One contender: a label for the chart and the optimizer config it trains with. */
export interface OptimizerContender {
  label: string;
  optimizer: OptimizerConfig;
}

/**
 * The default contenders, each at its customary learning rate with a constant rate:
 * SGD + momentum 0.9 at 0.01, RMSprop at 1e-3, AdamW (weight decay 0.01) at 1e-3 and
 * Adam at 1e-3.
 */
export const DEFAULT_OPTIMIZER_CONTENDERS: readonly OptimizerContender[] = [
  { label: 'SGD + momentum', optimizer: { name: 'momentum', learningRate: 0.01, momentum: 0.9 } },
  { label: 'RMSprop', optimizer: { name: 'rmsprop', learningRate: 1e-3 } },
  { label: 'AdamW', optimizer: { name: 'adamw', learningRate: 1e-3, weightDecay: 0.01 } },
  { label: 'Adam', optimizer: { name: 'adam', learningRate: 1e-3 } },
];

/**
 * Options of {@link compareOptimizers}. Defaults: the four default contenders, the
 * first 8,000 training examples, the first 500 validation examples, batch size 32,
 * a point every 50 steps, and enough epochs for at least 250 steps (1 epoch on 8,000
 * images; at most 100 epochs on small tables). On MNIST with the brief's CNN that is
 * about a third of the baseline's training time.
 */
export interface OptimizerComparisonOptions {
  contenders?: readonly OptimizerContender[];
  seed?: number;
  trainLimit?: number;
  validationLimit?: number;
  batchSize?: number;
  evalEvery?: number;
  /** Fixed epoch count (overrides the 250-step rule). */
  epochs?: number;
}

/** A sampled point of a curve: after `step` optimizer steps (0 = the shared initial model). */
export interface OptimizerCurvePoint {
  step: number;
  valLoss: number;
  valAccuracy: number;
}

/** One contender's curve and what it cost. */
export interface OptimizerCurve {
  label: string;
  optimizer: OptimizerConfig;
  points: OptimizerCurvePoint[];
  /**
   * Largest absolute change of any trainable weight in the first step. Adam's first
   * update is lr·ĝ/(|ĝ|+ε) ≈ lr for every weight with a gradient, whatever its scale;
   * SGD's is lr·|g|; RMSprop's lr/√(1−ρ).
   */
  firstStepMaxUpdate: number;
  seconds: number;
}

/** What {@link compareOptimizers} measured, and on what. */
export interface OptimizerComparison {
  curves: OptimizerCurve[];
  trainExamples: number;
  validationExamples: number;
  batchSize: number;
  epochs: number;
  steps: number;
  evalEvery: number;
}

/** Samples validation loss/accuracy every `every` steps and the first step's largest update. */
class CurveSampler extends Callback {
  readonly points: OptimizerCurvePoint[] = [];
  firstStepMaxUpdate = NaN;
  private initial: Float32Array[] = [];
  constructor(
    private readonly owner: Trainer,
    private readonly validation: { x: tf.Tensor; y: tf.Tensor },
    private readonly every: number,
    private readonly totalSteps: number,
  ) {
    super();
  }
  override onTrainBegin(): void {
    this.initial = this.owner.model.trainableWeights.map((w) => w.read().dataSync() as Float32Array);
    this.sample(0);
  }
  override onBatchEnd(step: number): void {
    if (step === 1) {
      let max = 0;
      this.owner.model.trainableWeights.forEach((w, i) => {
        const now = w.read().dataSync();
        const before = this.initial[i];
        for (let j = 0; j < now.length; j++) max = Math.max(max, Math.abs(now[j] - before[j]));
      });
      this.firstStepMaxUpdate = max;
      this.initial = [];
    }
    if (step % this.every === 0 || step === this.totalSteps) this.sample(step);
  }
  private sample(step: number): void {
    const r = this.owner.evaluate(this.validation.x, this.validation.y, 256);
    this.points.push({ step, valLoss: r.loss, valAccuracy: r.accuracy ?? NaN });
  }
}

/**
 * Trains a fresh `modelConfig` model (weights from `seed`) once per contender on the
 * first `trainLimit` training examples, in the same seeded order, with a constant
 * learning rate, and samples validation loss and accuracy on the first
 * `validationLimit` validation examples at step 0, every `evalEvery` steps and at the
 * last step. Uses categorical cross-entropy (labels one-hot). Never touches test data.
 */
export async function compareOptimizers(
  modelConfig: ModelConfig,
  data: { train: { x: tf.Tensor; y: tf.Tensor }; validation: { x: tf.Tensor; y: tf.Tensor } },
  opts: OptimizerComparisonOptions = {},
): Promise<OptimizerComparison> {
  const seed = opts.seed ?? 42;
  const batchSize = opts.batchSize ?? 32;
  const every = Math.max(1, Math.floor(opts.evalEvery ?? 50));
  const nTrain = Math.min(opts.trainLimit ?? 8_000, data.train.x.shape[0]);
  const nVal = Math.min(opts.validationLimit ?? 500, data.validation.x.shape[0]);
  const train = { x: tf.slice(data.train.x, 0, nTrain), y: tf.slice(data.train.y, 0, nTrain) };
  const validation = { x: tf.slice(data.validation.x, 0, nVal), y: tf.slice(data.validation.y, 0, nVal) };
  const stepsPerEpoch = Math.ceil(nTrain / batchSize);
  const epochs = opts.epochs ?? Math.min(100, Math.max(1, Math.ceil(250 / stepsPerEpoch)));
  const curves: OptimizerCurve[] = [];
  try {
    for (const c of opts.contenders ?? DEFAULT_OPTIMIZER_CONTENDERS) {
      const start = performance.now();
      const model = buildModel(modelConfig, seed);
      const trainer = new Trainer(model, { optimizer: c.optimizer, loss: 'categoricalCrossentropy' });
      const sampler = new CurveSampler(trainer, validation, every, epochs * stepsPerEpoch);
      try {
        await trainer.fit(train.x, train.y, { epochs, batchSize, seed, callbacks: [sampler] });
      } finally {
        trainer.optimizer.dispose();
        model.dispose();
      }
      curves.push({
        label: c.label,
        optimizer: c.optimizer,
        points: sampler.points,
        firstStepMaxUpdate: sampler.firstStepMaxUpdate,
        seconds: (performance.now() - start) / 1000,
      });
    }
  } finally {
    tf.dispose([train.x, train.y, validation.x, validation.y]);
  }
  return {
    curves,
    trainExamples: nTrain,
    validationExamples: nVal,
    batchSize,
    epochs,
    steps: epochs * stepsPerEpoch,
    evalEvery: every,
  };
}

/** Two panels (validation accuracy, validation loss) over steps, one line per optimizer. */
export function optimizerComparisonSpec(result: OptimizerComparison): VegaLiteSpec {
  const labels = result.curves.map((c) => c.label);
  const values = result.curves.flatMap((c) =>
    c.points.flatMap((p) => [
      { optimizer: c.label, step: p.step, metric: 'validation accuracy', value: p.valAccuracy },
      { optimizer: c.label, step: p.step, metric: 'validation loss', value: p.valLoss },
    ]),
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: 'Optimizer comparison',
    config: CHART_CONFIG,
    data: { values },
    facet: {
      field: 'metric',
      type: 'nominal',
      sort: ['validation accuracy', 'validation loss'],
      header: { title: null },
    },
    columns: 2,
    spec: {
      width: 260,
      height: 170,
      encoding: {
        x: { field: 'step', type: 'quantitative', title: 'step' },
        y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
        color: { field: 'optimizer', type: 'nominal', title: null, sort: labels },
      },
      layer: [
        { mark: { type: 'line', strokeWidth: 2 } },
        { mark: { type: 'point', filled: true, size: 20 } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
  };
}

/** The report section: the chart (inline SVG) and a table of final values and first-step updates. */
export async function optimizerComparisonSection(result: OptimizerComparison): Promise<ReportSection> {
  const svg = scopeSvgIds((await renderSvg(optimizerComparisonSpec(result))).trim(), 'optimizers');
  const describe = (o: OptimizerConfig) =>
    Object.entries(o)
      .map(([k, v]) => `${k} ${String(v)}`)
      .join(', ');
  const rows = result.curves
    .map((c) => {
      const last = c.points[c.points.length - 1];
      return (
        `<tr><td>${escapeHtml(c.label)}</td><td>${escapeHtml(describe(c.optimizer))}</td>` +
        `<td>${(last.valAccuracy * 100).toFixed(2)}%</td><td>${last.valLoss.toFixed(4)}</td>` +
        `<td>${c.firstStepMaxUpdate.toExponential(2)}</td><td>${c.seconds.toFixed(1)}</td></tr>`
      );
    })
    .join('');
  const html =
    `<p>The study's model, built from the same seed, trained by each optimizer on the same ` +
    `${result.trainExamples} training examples in the same order (batch ${result.batchSize}, ` +
    `${result.epochs} epoch(s), ${result.steps} steps, constant learning rate); validation loss and accuracy on ` +
    `${result.validationExamples} validation examples every ${result.evalEvery} steps. The test split is not used.</p>` +
    `<figure>${svg}</figure>` +
    `<table><tr><th>optimizer</th><th>config</th><th>final val accuracy</th><th>final val loss</th>` +
    `<th>largest first-step update</th><th>seconds</th></tr>${rows}</table>`;
  return { title: 'Optimizer comparison', html };
}

/**
 * The section `frontier evaluate` adds: the comparison with default options on the
 * study's model and data. On the pure-JS `cpu` backend image data is skipped (four
 * trainings of a CNN there would take half an hour) and the section says so; tables
 * are cheap everywhere.
 */
export async function studyOptimizerSection(
  modelConfig: ModelConfig,
  data: { train: { x: tf.Tensor; y: tf.Tensor }; validation: { x: tf.Tensor; y: tf.Tensor } },
  seed: number,
  backend: string,
  log: (message: string) => void = () => undefined,
): Promise<ReportSection> {
  if (backend === 'cpu' && data.train.x.rank > 2) {
    return {
      title: 'Optimizer comparison',
      html: '<p>Skipped on the pure-JS <code>cpu</code> backend (image models train at about 20 samples/s there); run with the <code>onednn</code> backend to get the curves.</p>',
    };
  }
  const start = performance.now();
  const result = await compareOptimizers(modelConfig, data, { seed });
  log(
    `optimizer comparison: ${result.curves.length} optimizers × ${result.steps} steps in ${((performance.now() - start) / 1000).toFixed(1)} s`,
  );
  return optimizerComparisonSection(result);
}
