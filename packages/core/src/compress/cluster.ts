import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { isPrunableKernel } from './pruner.ts';
import { cloneModel } from './surgery.ts';

/** k-means result for one tensor: `values[i] ≈ centroids[assignments[i]]`. */
export interface Clustered {
  centroids: Float32Array;
  assignments: Uint16Array;
}

/**
 * 1-D k-means (Lloyd) over `values` with `k` centroids initialised evenly between
 * min and max (TF-MOT's `LINEAR` init). Assignment is to the nearest centroid; an
 * empty cluster keeps its centroid. Stops after `iterations` or when nothing moves.
 */
export function kmeans1d(values: Float32Array, k: number, iterations = 30): Clustered {
  if (!(Number.isInteger(k) && k >= 1 && k <= 65536)) {
    throw new FrontierError(
      'CLUSTER_K',
      `the number of clusters must be an integer in [1, 65536], got ${k}`,
      {
        where: 'clusters',
        hint: 'e.g. 16 clusters store each weight as a 4-bit index',
      },
    );
  }
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const centroids = new Float64Array(k);
  for (let j = 0; j < k; j++) centroids[j] = k === 1 ? (lo + hi) / 2 : lo + ((hi - lo) * j) / (k - 1);
  const assignments = new Uint16Array(values.length);
  const sums = new Float64Array(k);
  const counts = new Float64Array(k);
  for (let it = 0; it < iterations; it++) {
    // centroids stay sorted, so the nearest one is found by binary search on midpoints
    let changed = it === 0;
    sums.fill(0);
    counts.fill(0);
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      let a = 0;
      let b = k - 1;
      while (a < b) {
        const mid = (a + b) >> 1;
        if (v > (centroids[mid] + centroids[mid + 1]) / 2) a = mid + 1;
        else b = mid;
      }
      if (assignments[i] !== a) changed = true;
      assignments[i] = a;
      sums[a] += v;
      counts[a]++;
    }
    for (let j = 0; j < k; j++) if (counts[j] > 0) centroids[j] = sums[j] / counts[j];
    if (!changed) break;
  }
  return { centroids: Float32Array.from(centroids), assignments };
}

/** Options of {@link clusterWeights}. Defaults: 16 clusters, Dense/Conv kernels only. */
export interface ClusterOptions {
  clusters?: number;
  include?: (name: string, shape: number[]) => boolean;
}

/** What clustering did to one weight. */
export interface ClusterReport {
  weights: Array<{
    weight: string;
    parameters: number;
    clusters: number;
    distinctValues: number;
    mse: number;
  }>;
  /** Bytes of a palette encoding: ceil(log2 k)-bit indices + float32 centroids for clustered weights, float32 for the rest. */
  packedBytes: number;
}

/**
 * Weight clustering (Han et al. 2016; TF-MOT `cluster_weights`): every selected weight
 * is replaced by the nearest of `clusters` per-tensor k-means centroids. Returns a new
 * model and a report; the input model is untouched.
 */
export async function clusterWeights(
  model: tf.LayersModel,
  opts: ClusterOptions = {},
): Promise<{ model: tf.LayersModel; report: ClusterReport }> {
  const k = opts.clusters ?? 16;
  const include = opts.include ?? isPrunableKernel;
  const clone = await cloneModel(model);
  const report: ClusterReport = { weights: [], packedBytes: 0 };
  const bits = Math.max(1, Math.ceil(Math.log2(k)));
  const next = clone.getWeights().map((t, i) => {
    const name = clone.weights[i].originalName;
    if (!include(name, t.shape)) {
      report.packedBytes += 4 * t.size;
      return t.clone();
    }
    const values = t.dataSync() as Float32Array;
    const { centroids, assignments } = kmeans1d(values, k);
    const out = new Float32Array(values.length);
    let se = 0;
    for (let j = 0; j < values.length; j++) {
      out[j] = centroids[assignments[j]];
      se += (out[j] - values[j]) ** 2;
    }
    report.weights.push({
      weight: name,
      parameters: values.length,
      clusters: k,
      distinctValues: new Set(out).size,
      mse: se / values.length,
    });
    report.packedBytes += Math.ceil((values.length * bits) / 8) + 4 * k;
    return tf.tensor(out, t.shape);
  });
  clone.setWeights(next);
  tf.dispose(next);
  return { model: clone, report };
}
