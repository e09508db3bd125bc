/**
 * Per-kernel time of the MNIST CNN training step on the active backend
 * (tf.profile's kernelMs, summed per kernel name, averaged over 5 steps).
 *   node --import tsx packages/backend-onednn/bench/profile.ts [batch] [cpu|onednn]
 */
import * as tf from '@tensorflow/tfjs';

import { OnednnAdamOptimizer, selectBackend } from '../src/index.ts';
import { mnistCnn, randomBatch, trainStep } from '../src/testing/models.ts';

const batch = Number(process.argv[2] ?? 32);
const backend = await selectBackend({ requested: process.argv[3] ?? 'onednn' });
const model = mnistCnn(1);
const optimizer = backend === 'onednn' ? new OnednnAdamOptimizer(1e-3) : tf.train.adam(1e-3);
const { x, y } = randomBatch(7, batch, [28, 28, 1]);
for (let i = 0; i < 5; i++) trainStep(model, optimizer, x, y);
const rounds: number[] = [];
for (let r = 0; r < 5; r++) {
  const steps = backend === 'cpu' ? 1 : 10;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) trainStep(model, optimizer, x, y);
  rounds.push((performance.now() - t0) / steps);
}
const ms = rounds.sort((a, b) => a - b)[2];
console.log(
  `${backend} batch ${batch}: ${ms.toFixed(2)} ms/step (median of 5 rounds), ${((batch * 1000) / ms).toFixed(0)} samples/s`,
);
const byKernel = new Map<string, { ms: number; n: number }>();
const profiled = 5;
for (let p = 0; p < profiled; p++) {
  const info = await tf.profile(() => {
    trainStep(model, optimizer, x, y);
  });
  for (const k of info.kernels) {
    const e = byKernel.get(k.name) ?? { ms: 0, n: 0 };
    e.ms += Number(k.kernelTimeMs) / profiled;
    e.n += 1 / profiled;
    byKernel.set(k.name, e);
  }
}
const total = [...byKernel.values()].reduce((a, b) => a + b.ms, 0);
const calls = [...byKernel.values()].reduce((a, b) => a + b.n, 0);
console.log(`${calls} kernel calls, kernel time ${total.toFixed(2)} ms of a ${ms.toFixed(2)} ms step`);
for (const [name, e] of [...byKernel].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
  console.log(`  ${name.padEnd(24)} ${e.ms.toFixed(3).padStart(8)} ms  x${e.n}`);
}
