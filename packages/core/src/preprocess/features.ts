// Feature extraction: a trained network's penultimate-layer embeddings, and a small
// downstream model (softmax regression) to measure how good a feature set is.
import * as tf from '@tensorflow/tfjs';
import { mulberry32 } from '../train/rng.ts';
import { FrontierError } from '../util/errors.ts';
import { StandardScaler } from './scalers.ts';
import type { NDArray } from './step.ts';

/** Options of {@link embed}: `layer` (index or name; default the penultimate layer), `batchSize` (default 256). */
export interface EmbedOptions {
  layer?: number | string;
  batchSize?: number;
}

/**
 * Runs `x` through `model` up to `layer` (inference mode) and returns that layer's
 * output flattened to [n, features]. Throws `FEATURES_BAD_LAYER` for an unknown layer.
 */
export function embed(model: tf.LayersModel, x: tf.Tensor, opts: EmbedOptions = {}): NDArray {
  const layers = model.layers;
  const layer =
    opts.layer === undefined
      ? layers[layers.length - 2]
      : typeof opts.layer === 'number'
        ? layers[opts.layer < 0 ? layers.length + opts.layer : opts.layer]
        : layers.find((l) => l.name === opts.layer);
  if (!layer || layers.length < 2) {
    throw new FrontierError(
      'FEATURES_BAD_LAYER',
      `no layer ${JSON.stringify(opts.layer ?? 'penultimate')} in a model of ${layers.length} layers`,
      {
        where: `model ${model.name}`,
        hint: `use one of: ${layers.map((l) => l.name).join(', ')}`,
      },
    );
  }
  const sub = tf.model({ inputs: model.inputs, outputs: layer.output as tf.SymbolicTensor });
  const n = x.shape[0];
  const bs = opts.batchSize ?? 256;
  const parts: Float32Array[] = [];
  let width = 0;
  for (let start = 0; start < n; start += bs) {
    const out = tf.tidy(() => {
      const y = sub.predict(tf.slice(x, start, Math.min(bs, n - start))) as tf.Tensor;
      return y.reshape([y.shape[0], -1]);
    });
    width = out.shape[1] as number;
    parts.push(out.dataSync() as Float32Array);
    out.dispose();
  }
  const data = new Float32Array(n * width);
  let o = 0;
  for (const p of parts) {
    data.set(p, o);
    o += p.length;
  }
  return { data, shape: [n, width] };
}

/**
 * Options of {@link linearProbe}: epochs (default 200, full batch), learningRate
 * (default 0.05, Adam), l2 (default 1e-3), seed (default 42), standardize (default
 * true: z-score each feature with training statistics; false: one global training mean
 * and standard deviation for all features, so relative scales — e.g. PCA scores'
 * variances — are kept).
 */
export interface ProbeOptions {
  standardize?: boolean;
  epochs?: number;
  learningRate?: number;
  l2?: number;
  seed?: number;
}

/**
 * Trains softmax regression on (xTrain, yTrain) — features standardized with
 * training statistics (see `standardize`) — and returns its accuracy on (xTest, yTest). The small,
 * fixed downstream model makes feature sets comparable.
 */
export function linearProbe(
  xTrain: NDArray,
  yTrain: Int32Array,
  xTest: NDArray,
  yTest: Int32Array,
  classes: number,
  opts: ProbeOptions = {},
): number {
  const flat = (a: NDArray): NDArray => ({
    data: a.data,
    shape: [a.shape[0], a.data.length / Math.max(1, a.shape[0])],
  });
  const scaler = new StandardScaler({ per: opts.standardize === false ? 'global' : 'feature' }).fit(
    flat(xTrain),
  );
  const tr = scaler.transform(flat(xTrain));
  const te = scaler.transform(flat(xTest));
  const d = tr.shape[1];
  const rand = mulberry32(opts.seed ?? 42);
  const w = tf.variable(
    tf.tensor2d(
      Float32Array.from({ length: d * classes }, () => (rand() - 0.5) * 0.01),
      [d, classes],
    ),
  );
  const b = tf.variable(tf.zeros([classes]));
  const x = tf.tensor2d(tr.data, [tr.shape[0], d]);
  const y = tf.oneHot(tf.tensor1d(yTrain, 'int32'), classes).toFloat();
  const opt = tf.train.adam(opts.learningRate ?? 0.05);
  const l2 = opts.l2 ?? 1e-3;
  for (let e = 0; e < (opts.epochs ?? 200); e++) {
    opt.minimize(
      () => tf.losses.softmaxCrossEntropy(y, x.matMul(w).add(b)).add(w.square().sum().mul(l2)) as tf.Scalar,
    );
  }
  const pred = tf.tidy(() => tf.tensor2d(te.data, [te.shape[0], d]).matMul(w).add(b).argMax(1));
  const p = pred.dataSync();
  let correct = 0;
  for (let i = 0; i < yTest.length; i++) if (p[i] === yTest[i]) correct++;
  tf.dispose([w, b, x, y, pred]);
  opt.dispose();
  return correct / yTest.length;
}

/**
 * Accuracy on (xTest, yTest) of k-nearest-neighbour classification (Euclidean distance,
 * majority vote of the `k` nearest training rows; a tie goes to the class whose votes
 * came first, i.e. from nearer rows)
 * against (xTrain, yTrain): a downstream model with no training, for which features
 * that drop noise (e.g. PCA) help directly.
 */
export function nearestNeighbourProbe(
  xTrain: NDArray,
  yTrain: Int32Array,
  xTest: NDArray,
  yTest: Int32Array,
  k = 1,
): number {
  const n = xTrain.shape[0];
  const m = xTest.shape[0];
  const d = xTrain.data.length / Math.max(1, n);
  if (n === 0 || yTrain.length !== n || yTest.length !== m) {
    throw new FrontierError(
      'FEATURES_SHAPE',
      `need at least one training row and one label per row: ${n} training rows with ${yTrain.length} labels, ${m} test rows with ${yTest.length} labels`,
      { where: 'nearestNeighbourProbe', hint: 'pass the labels of exactly the rows given' },
    );
  }
  if (xTest.data.length !== m * d) {
    throw new FrontierError(
      'FEATURES_SHAPE',
      `test rows have ${xTest.data.length / Math.max(1, m)} features, training rows ${d}`,
      {
        where: 'nearestNeighbourProbe',
        hint: 'transform the test data with the same feature extractor as the training data',
      },
    );
  }
  const kk = Math.min(Math.max(1, k), n);
  let correct = 0;
  const dist = new Float64Array(n);
  const order = Array.from({ length: n }, (_, j) => j);
  for (let i = 0; i < m; i++) {
    const row = xTest.data.subarray(i * d, (i + 1) * d);
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let q = 0; q < d; q++) {
        const z = row[q] - xTrain.data[j * d + q];
        sum += z * z;
      }
      dist[j] = sum;
    }
    order.sort((a, b) => dist[a] - dist[b] || a - b);
    const votes = new Map<number, number>();
    let best = yTrain[order[0]];
    for (let t = 0; t < kk; t++) {
      const label = yTrain[order[t]];
      const v = (votes.get(label) ?? 0) + 1;
      votes.set(label, v);
      if (v > (votes.get(best) ?? 0)) best = label;
    }
    if (best === yTest[i]) correct++;
  }
  return correct / Math.max(1, m);
}
