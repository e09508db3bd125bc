import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import type { TechniqueContext } from '../study/technique.ts';
import { buildModel } from '../models/index.ts';
import { Trainer } from '../train/index.ts';
import { accuracyOn, augmentationTechnique, shiftedCopy, withAugmentation } from './augmentation.ts';

await tf.setBackend('cpu');

const tinyCnn = () =>
  buildModel(
    {
      name: 'tiny',
      inputShape: [6, 6, 1],
      layers: [
        { type: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' },
        { type: 'flatten' },
        { type: 'dense', units: 2, activation: 'softmax' },
      ],
    },
    3,
  );

test('withAugmentation copies the architecture and initial weights behind an augmentation layer', () => {
  const base = tinyCnn();
  const aug = withAugmentation(base, { rotationRange: 10 }, 1);
  assert.equal(aug.layers[0].getClassName(), 'FrontierImageAugmentation');
  assert.deepEqual(
    aug.layers.slice(1).map((l) => l.getClassName()),
    base.layers.map((l) => l.getClassName()),
  );
  const wa = aug.getWeights().map((w) => [...w.dataSync()]);
  const wb = base.getWeights().map((w) => [...w.dataSync()]);
  assert.deepEqual(wa, wb);
});

test('shiftedCopy is seeded; accuracyOn counts argmax matches', () => {
  const x = tf.tensor4d(
    Float32Array.from({ length: 2 * 36 }, (_, i) => i % 7),
    [2, 6, 6, 1],
  );
  const a = shiftedCopy(x, { seed: 1 });
  const b = shiftedCopy(x, { seed: 1 });
  assert.deepEqual([...a.dataSync()], [...b.dataSync()]);
  assert.notDeepEqual([...a.dataSync()], [...x.dataSync()]);
  const m = tf.sequential({
    layers: [
      tf.layers.flatten({ inputShape: [6, 6, 1] }),
      tf.layers.dense({
        units: 2,
        kernelInitializer: 'zeros',
        biasInitializer: tf.initializers.constant({ value: 0 }),
      }),
    ],
  });
  m.layers[1].setWeights([tf.zeros([36, 2]), tf.tensor1d([1, 0])]);
  assert.equal(
    accuracyOn(
      m,
      x,
      tf.tensor2d([
        [1, 0],
        [0, 1],
      ]),
    ),
    0.5,
  );
  tf.dispose([x, a, b]);
});

test('the augmentation technique trains a variant and reports shifted accuracy for both models', async () => {
  const n = 16;
  // Class = whether the bright blob is in the left or right half.
  const xs = new Float32Array(n * 36);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const right = i % 2;
    labels.push(right);
    for (let r = 1; r < 5; r++) xs[i * 36 + r * 6 + (right ? 4 : 1)] = 1;
  }
  const x = tf.tensor4d(xs, [n, 6, 6, 1]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), 2).toFloat();
  const baseline = tinyCnn();
  await new Trainer(baseline).fit(x, y, { epochs: 2, batchSize: 8 });
  const logs: string[] = [];
  const ctx: TechniqueContext = {
    baseline,
    data: { name: 'toy', classes: ['l', 'r'], train: { x, y }, validation: { x, y }, test: { x, y } },
    seed: 5,
    workDir: '/nonexistent',
    train: async (model, o) => new Trainer(model).fit(x, y, { epochs: o?.epochs ?? 2, batchSize: 8 }),
    log: (m) => logs.push(m),
  };
  const v = await augmentationTechnique({ widthShiftRange: 1, fillMode: 'constant' }).apply(ctx);
  assert.notEqual(v.model, baseline);
  const shifted = v.metrics?.shiftedAccuracy.value as number;
  assert.ok(shifted >= 0 && shifted <= 1);
  assert.equal(
    v.metrics?.baselineShiftedAccuracy.value,
    accuracyOn(baseline, shiftedCopy(x, { seed: 5 }), y),
  );
  assert.match(v.notes?.[0] ?? '', /shifted\/rotated test copy/);
  // Tabular data: the row is skipped, with the reason; on images it applies.
  const flat = { ...ctx.data, train: { x: tf.zeros([2, 3]), y } };
  assert.match(augmentationTechnique().skip?.(flat) ?? '', /image inputs/);
  assert.equal(augmentationTechnique().skip?.(ctx.data), undefined);
});
