import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { modelFileSize, saveModel } from '../io/index.ts';
import { countParams, infer } from '../models/index.ts';
import type { Measure } from '../report/index.ts';

/** What measureModel reports for one model. */
export interface Measurement {
  metrics: Record<string, Measure>;
  /** Rows = true class, columns = predicted. */
  confusion: number[][];
}

/**
 * Measures a classifier on the test set the same way for every technique: accuracy,
 * loss, confusion matrix, parameters, non-zero weights and bytes on disk (raw and
 * gzipped, of the folder written to `dir`: the variant's own artifact when `save` is
 * given, e.g. a quantized folder, else `model` in float32 tfjs format). Speed is measured separately, for
 * all variants together, by {@link measureSpeed}.
 */
export async function measureModel(
  model: tf.LayersModel,
  test: { x: tf.Tensor; y: tf.Tensor },
  dir: string,
  save?: (dir: string) => Promise<void>,
): Promise<Measurement> {
  const { accuracy, loss, confusion } = classify(model, test);
  await (save ? save(dir) : saveModel(model, dir));
  const size = await modelFileSize(dir);
  return {
    confusion,
    metrics: {
      accuracy: { value: accuracy, unit: 'ratio' },
      loss: { value: loss, unit: 'nats' },
      parameters: { value: countParams(model), unit: 'count' },
      nonzeros: { value: countNonzeros(model), unit: 'count' },
      bytes: { value: size.rawBytes, unit: 'bytes' },
      gzipBytes: { value: size.gzipBytes, unit: 'bytes' },
    },
  };
}

/**
 * Options of measureSpeed. Defaults: 300 latency runs per model in 10 rounds (each
 * round: 2 warm-up calls, then 30 timed), throughput batch 256 in 3 rounds of ≥ 0.3 s.
 */
export interface SpeedOptions {
  latencyRuns?: number;
  latencyRounds?: number;
  throughputBatch?: number;
  throughputRounds?: number;
  roundSeconds?: number;
}

/**
 * Single-sample latency p50/p99 and batch throughput of every model, in interleaved
 * rounds: each round times a block of consecutive inferences of every model in turn
 * (consecutive, as a server answering steady traffic keeps its model warm in cache),
 * so that load from elsewhere on the machine falls on all of them alike and the ratios
 * between rows are fair. Throughput is the best round per model.
 */
export function measureSpeed(
  models: tf.LayersModel[],
  x: tf.Tensor,
  opts: SpeedOptions = {},
): Array<Record<'latencyP50' | 'latencyP99' | 'throughput', Measure>> {
  const rounds = Math.max(1, opts.latencyRounds ?? 10);
  const perRound = Math.max(1, Math.ceil((opts.latencyRuns ?? 300) / rounds));
  const latencies = models.map(() => [] as number[]);
  const n = x.shape[0];
  for (let r = 0; r < rounds; r++) {
    models.forEach((model, m) => {
      for (let i = -2; i < perRound; i++) {
        const input = tf.slice(x, (((r * perRound + i) % n) + n) % n, 1);
        const t0 = performance.now();
        const out = infer(model, input) as tf.Tensor;
        out.dataSync();
        const dt = performance.now() - t0;
        tf.dispose([input, out]);
        if (i >= 0) latencies[m].push(dt);
      }
    });
  }
  const best = models.map(() => 0);
  const batch = tf.slice(x, 0, Math.min(opts.throughputBatch ?? 256, n));
  for (let r = 0; r < (opts.throughputRounds ?? 3); r++) {
    models.forEach((model, m) => {
      best[m] = Math.max(best[m], measureThroughput(model, batch, opts.roundSeconds ?? 0.3));
    });
  }
  batch.dispose();
  return models.map((_, m) => ({
    latencyP50: { value: percentile(latencies[m], 0.5), unit: 'ms' },
    latencyP99: { value: percentile(latencies[m], 0.99), unit: 'ms' },
    throughput: { value: best[m], unit: 'samples/s' },
  }));
}

/** Accuracy, mean cross-entropy and the confusion matrix over (x, y one-hot). */
export function classify(model: tf.LayersModel, data: { x: tf.Tensor; y: tf.Tensor }, batchSize = 256) {
  const n = data.x.shape[0];
  const k = data.y.shape[1] as number;
  const confusion = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  let lossSum = 0;
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const [truth, pred, loss] = tf.tidy(() => {
      const p = infer(model, tf.slice(data.x, start, size)) as tf.Tensor;
      const y = tf.slice(data.y, start, size);
      const ce = tf.sum(tf.neg(tf.sum(tf.mul(y, tf.log(tf.clipByValue(p, 1e-7, 1))), -1)));
      return [tf.argMax(y, -1), tf.argMax(p, -1), ce];
    });
    const t = truth.dataSync();
    const p = pred.dataSync();
    for (let i = 0; i < size; i++) confusion[t[i]][p[i]]++;
    lossSum += loss.dataSync()[0];
    tf.dispose([truth, pred, loss]);
  }
  const correct = confusion.reduce((s, row, i) => s + row[i], 0);
  return { accuracy: correct / n, loss: lossSum / n, confusion };
}

/** Samples per second of inference ({@link infer}) on `batch`, over at least `seconds` and 3 batches (after one warm-up). */
export function measureThroughput(model: tf.LayersModel, batch: tf.Tensor, seconds = 1): number {
  tf.dispose(infer(model, batch));
  const size = batch.shape[0];
  let done = 0;
  const t0 = performance.now();
  while (done < 3 * size || performance.now() - t0 < seconds * 1000) {
    const out = infer(model, batch) as tf.Tensor;
    out.dataSync();
    out.dispose();
    done += size;
  }
  return done / ((performance.now() - t0) / 1000);
}

/** Nearest-rank percentile (q in [0, 1]) of a non-empty list. */
export function percentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[rank - 1];
}

/** Number of weight entries that are not exactly zero. */
export function countNonzeros(model: tf.LayersModel): number {
  return model
    .getWeights()
    .reduce((n, w) => n + (w.dataSync() as Float32Array).reduce((c, v) => c + (v !== 0 ? 1 : 0), 0), 0);
}

/** The folder a technique's model is saved to under a run folder. */
export function variantDir(runDir: string, technique: string): string {
  return join(runDir, 'models', technique.replace(/[^A-Za-z0-9._-]/g, '_'));
}
