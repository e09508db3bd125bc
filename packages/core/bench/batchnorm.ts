/**
 * Training-step time of the deeper CNN (2 × [Conv → BatchNorm → ReLU → MaxPool]) on
 * the onednn backend, against the brief CNN, with the backend's batch-norm work
 * switched off step by step: tfjs' own batch-norm gradient instead of the backend's,
 * then also the cpu `Tile` and `FusedBatchNorm` kernels (the state before they were
 * native). Batch 32, mean of 40 `Trainer.trainStep` calls after 5.
 *
 *   node --import tsx packages/core/bench/batchnorm.ts
 */
import * as tf from '@tensorflow/tfjs';

import { selectBackend } from '../src/backend.ts';
import { Trainer } from '../src/train/trainer.ts';
import { buildModel } from '../src/models/build.ts';
import type { ModelConfig } from '../src/models/config.ts';
import { briefCnn, deepCnn } from '../src/models/presets.ts';

// Taken before selectBackend, which registers the backend's own gradient over it.
const tfjsGradient = tf.getGradient('FusedBatchNorm');
if ((await selectBackend()) !== 'onednn' || !tfjsGradient) {
  throw new Error('this benchmark compares onednn kernels: build @frontier/backend-onednn first');
}
const x = tf.randomUniform([32, 28, 28, 1], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.randomUniform([32], 0, 10, 'int32', 2), 10).toFloat();

function msPerStep(config: ModelConfig): number {
  const trainer = new Trainer(buildModel(config, 1));
  for (let i = 0; i < 5; i++) trainer.trainStep(x, y, 0);
  const t0 = performance.now();
  for (let i = 0; i < 40; i++) trainer.trainStep(x, y, 0);
  return (performance.now() - t0) / 40;
}

const deep = deepCnn({ blocks: [16, 32] });
const rows: Array<[string, number]> = [
  ['brief CNN', msPerStep(briefCnn())],
  ['deep CNN, all native (Tile, FusedBatchNorm, batch-norm gradient)', msPerStep(deep)],
];
tf.registerGradient(tfjsGradient);
rows.push(["deep CNN, tfjs' batch-norm gradient", msPerStep(deep)]);
for (const name of ['Tile', 'FusedBatchNorm']) {
  tf.unregisterKernel(name, 'onednn');
  tf.registerKernel({ ...tf.getKernel(name, 'cpu')!, backendName: 'onednn' });
}
rows.push(["deep CNN, cpu Tile and FusedBatchNorm, tfjs' gradient (before)", msPerStep(deep)]);
console.log('| model | ms per training step (batch 32) |\n|---|---|');
for (const [name, ms] of rows) console.log(`| ${name} | ${ms.toFixed(1)} |`);
