import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { modelFileSize, saveModel } from '../io/index.ts';
import { countParams } from '../models/index.ts';
import type { Measure } from '../report/index.ts';

/** What measureModel reports for one model. */
export interface Measurement {
  metrics: Record<string, Measure>;
  /** Rows = true class, columns = predicted. */
  confusion: number[][];
}

/** Options of measureModel. Defaults: 200 latency runs after 20 warm-up runs, throughput batch 256. */
export interface MeasureOptions {
  latencyRuns?: number;
  throughputBatch?: number;
}

/**
 * Measures a classifier on the test set the same way for every technique:
 * accuracy, loss, confusion matrix, parameters, non-zero weights, bytes on disk
 * (raw and gzipped, after saving in tfjs format to `dir`), single-sample latency
 * p50/p99 and batch throughput.
 */
export async function measureModel(
  model: tf.LayersModel,
  test: { x: tf.Tensor; y: tf.Tensor },
  dir: string,
  opts: MeasureOptions = {},
): Promise<Measurement> {
  const { accuracy, loss, confusion } = classify(model, test);
  await saveModel(model, dir);
  const size = await modelFileSize(dir);
  const latency = measureLatency(model, test.x, opts.latencyRuns ?? 200);
  const throughput = measureThroughput(model, test.x, opts.throughputBatch ?? 256);
  return {
    confusion,
    metrics: {
      accuracy: { value: accuracy, unit: 'ratio' },
      loss: { value: loss, unit: 'nats' },
      parameters: { value: countParams(model), unit: 'count' },
      nonzeros: { value: countNonzeros(model), unit: 'count' },
      bytes: { value: size.rawBytes, unit: 'bytes' },
      gzipBytes: { value: size.gzipBytes, unit: 'bytes' },
      latencyP50: { value: latency.p50, unit: 'ms' },
      latencyP99: { value: latency.p99, unit: 'ms' },
      throughput: { value: throughput, unit: 'samples/s' },
    },
  };
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
      const p = model.predict(tf.slice(data.x, start, size)) as tf.Tensor;
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

/** p50 and p99 of single-sample predict latency in milliseconds. */
export function measureLatency(
  model: tf.LayersModel,
  x: tf.Tensor,
  runs: number,
): { p50: number; p99: number } {
  const samples: number[] = [];
  const n = x.shape[0];
  for (let i = -Math.min(20, runs); i < runs; i++) {
    const input = tf.slice(x, ((i % n) + n) % n, 1);
    const t0 = performance.now();
    const out = model.predict(input) as tf.Tensor;
    out.dataSync();
    const dt = performance.now() - t0;
    tf.dispose([input, out]);
    if (i >= 0) samples.push(dt);
  }
  return { p50: percentile(samples, 0.5), p99: percentile(samples, 0.99) };
}

/** Samples per second of batched predict, over at least ~1 s or 3 batches. */
export function measureThroughput(model: tf.LayersModel, x: tf.Tensor, batch: number): number {
  const size = Math.min(batch, x.shape[0]);
  const input = tf.slice(x, 0, size);
  tf.dispose(model.predict(input) as tf.Tensor); // warm-up
  let done = 0;
  const t0 = performance.now();
  while (done < 3 * size || performance.now() - t0 < 1000) {
    const out = model.predict(input) as tf.Tensor;
    out.dataSync();
    out.dispose();
    done += size;
  }
  const secs = (performance.now() - t0) / 1000;
  input.dispose();
  return done / secs;
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
