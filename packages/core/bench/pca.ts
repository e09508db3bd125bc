// Benchmark: PCA features vs raw pixels for a linear probe on 100 labelled MNIST
// digits (10 per class, 5 disjoint labelled subsets), PCA fitted on 2,500 unlabelled
// training images, k = 32 or chosen by explained variance (80/90/95 %), with the
// probe standardizing each feature (= whitened scores) or keeping relative scales,
// and with a 1-nearest-neighbour classifier (no training) on the same features.
// Run: node --import tsx packages/core/bench/pca.ts  (cpu; ~5 min on 2 busy cores)
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../src/data/index.ts';
import { linearProbe, nearestNeighbourProbe } from '../src/preprocess/features.ts';
import { PCA } from '../src/preprocess/pca.ts';
import type { NDArray } from '../src/preprocess/step.ts';
await tf.setBackend('cpu');
const mn = await loadMnist({ trainLimit: 6000, testLimit: 1000 });
const d = 784;
const pool: NDArray = { data: mn.train.images.slice(0, 2500 * d), shape: [2500, d] };
const test: NDArray = { data: mn.test.images, shape: [mn.test.labels.length, d] };
const full = new PCA({ nComponents: 200 }).fit(pool);
const ratio = full.explainedVarianceRatio;
let acc = 0;
const kFor = (p: number) => {
  acc = 0;
  for (let i = 0; i < ratio.length; i++) {
    acc += ratio[i];
    if (acc >= p) return i + 1;
  }
  return ratio.length;
};
const ks = { 32: 32, ev80: kFor(0.8), ev90: kFor(0.9), ev95: kFor(0.95) };
console.log(
  'k by explained variance',
  JSON.stringify(ks),
  'top-32 ratio',
  ratio
    .slice(0, 32)
    .reduce((a, b) => a + b, 0)
    .toFixed(3),
);
const pcas = Object.fromEntries(
  Object.entries(ks).map(([n, k]) => [n, new PCA({ nComponents: k }).fit(pool)]),
);
console.log('fitted');
const results: Record<string, number[]> = {};
const add = (k: string, v: number) => (results[k] ??= []).push(v);
for (let s = 0; s < 5; s++) {
  // 10 labelled examples per class from a window the PCA never saw.
  const from = 2500 + s * 700;
  const pick: number[] = [];
  const per = new Array(10).fill(0);
  for (let i = from; i < from + 700; i++) {
    const l = mn.train.labels[i];
    if (per[l] < 10) {
      per[l]++;
      pick.push(i);
    }
  }
  const small: NDArray = { data: new Float32Array(pick.length * d), shape: [pick.length, d] };
  pick.forEach((i, j) => small.data.set(mn.train.images.subarray(i * d, (i + 1) * d), j * d));
  const yl = Int32Array.from(pick, (i) => mn.train.labels[i]);
  add('raw (z-scored pixels)', linearProbe(small, yl, test, mn.test.labels, 10));
  add('raw (global scale)', linearProbe(small, yl, test, mn.test.labels, 10, { standardize: false }));
  add('1-NN raw', nearestNeighbourProbe(small, yl, test, mn.test.labels));
  for (const [name, k] of Object.entries(ks)) {
    const p = pcas[name];
    add(
      `PCA-${name} k=${k} whitened`,
      linearProbe(p.transform(small), yl, p.transform(test), mn.test.labels, 10),
    );
    add(
      `PCA-${name} k=${k} unwhitened`,
      linearProbe(p.transform(small), yl, p.transform(test), mn.test.labels, 10, { standardize: false }),
    );
    add(
      `1-NN PCA-${name} k=${k}`,
      nearestNeighbourProbe(p.transform(small), yl, p.transform(test), mn.test.labels),
    );
  }
  console.log('subset', s, 'done');
}
for (const [k, v] of Object.entries(results)) {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  console.log(k.padEnd(34), m.toFixed(3), '[' + v.map((x) => x.toFixed(3)).join(' ') + ']');
}
