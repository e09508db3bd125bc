import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { architectureComparison } from './architecture.ts';
import { countParams } from '../models/summary.ts';
import { Trainer } from '../train/trainer.ts';
import type { TechniqueContext } from '../study/technique.ts';

function context(shape: number[], classes: number): TechniqueContext {
  const n = 12;
  const x = tf.randomUniform([n, ...shape], 0, 1, 'float32', 1);
  const y = tf
    .oneHot(
      tf.tensor1d(
        Array.from({ length: n }, (_, i) => i % classes),
        'int32',
      ),
      classes,
    )
    .toFloat();
  const split = { x, y };
  const baseline = tf.sequential({
    layers: [
      tf.layers.reshape({ inputShape: shape, targetShape: [shape.reduce((a, b) => a * b, 1)] }),
      tf.layers.dense({ units: classes }),
    ],
  });
  return {
    baseline,
    data: {
      name: 'toy',
      classes: Array.from({ length: classes }, (_, i) => `c${i}`),
      train: split,
      validation: split,
      test: split,
    },
    seed: 7,
    workDir: '/nonexistent',
    train: (model, opts) =>
      new Trainer(model).fit(x, y, { epochs: opts?.epochs ?? 1, batchSize: 6, validationData: { x, y } }),
    log: () => {},
  };
}

test('architecture rows train the MLP and the deeper CNN with hand-computed parameter counts', async () => {
  const ctx = context([8, 8, 1], 3);
  const [mlpRow, cnnRow] = architectureComparison();
  const m = await mlpRow.apply(ctx);
  assert.equal(mlpRow.name, 'arch-mlp');
  assert.equal(countParams(m.model), 64 * 128 + 128 + 128 * 3 + 3);
  assert.equal(mlpRow.trains, true);
  assert.match(
    m.notes?.[0] ?? '',
    /^arch_mlp: flatten → dense → dropout → dense; 1 epochs, final val_accuracy [01]\.\d{4}$/,
  );
  assert.deepEqual(m.model.outputs[0].shape, [null, 3]);
  const c = await cnnRow.apply(ctx);
  // conv 9·16 + 16; BN 4·16; conv 9·16·32 + 32; BN 4·32; dense 32·3 + 3
  assert.equal(countParams(c.model), 160 + 64 + 4640 + 128 + 99);
  assert.notEqual(c.model, ctx.baseline);
});

test('on tabular data the CNN row is skipped with its reason, and the MLP row applies', () => {
  const ctx = context([4], 2);
  const [mlpRow, cnnRow] = architectureComparison();
  assert.match(cnnRow.skip?.(ctx.data) ?? '', /does not apply to inputs of shape \[4\]/);
  assert.equal(mlpRow.skip?.(ctx.data), undefined);
});
