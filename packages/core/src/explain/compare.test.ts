import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { buildModel, mlp } from '../models/index.ts';
import {
  agreementSection,
  compareExplanations,
  ExplanationComparison,
  ranks,
  spearman,
  topIndices,
} from './compare.ts';

await tf.setBackend('cpu');

test('ranks average ties; spearman matches hand-computed values', () => {
  assert.deepEqual(Array.from(ranks([10, 20, 20, 5])), [2, 3.5, 3.5, 1]);
  assert.equal(spearman([1, 2, 3, 4], [10, 20, 30, 40]), 1);
  assert.equal(spearman([1, 2, 3, 4], [4, 3, 2, 1]), -1);
  // Ranks (1,2,3,4) vs (2,1,4,3): d² = 1+1+1+1 = 4, ρ = 1 − 6·4/(4·15) = 0.6.
  assert.ok(Math.abs(spearman([1, 2, 3, 4], [2, 1, 4, 3]) - 0.6) < 1e-12);
  assert.equal(spearman([1, 1, 1], [1, 2, 3]), 0);
  assert.deepEqual([...topIndices([0.1, 0.9, 0.5, 0.9], 2)], [1, 3]);
});

test('compareExplanations on linear models: saliency is |w|, so ρ and overlap follow the weights', async () => {
  const make = (w: number[]): tf.LayersModel => {
    const m = buildModel(mlp({ inputShape: [4], hidden: [], classes: 2 }), 1);
    // Class 0 logit 0, class 1 logit w·x; x rows push class 1 on top.
    m.setWeights([
      tf.tensor2d(
        w.flatMap((v) => [0, v]),
        [4, 2],
      ),
      tf.zeros([2]),
    ]);
    return m;
  };
  const baseline = make([4, 3, 2, 1]);
  const same = make([8, 6, 4, 2]); // same order of |∂p/∂x| at every row
  const reversed = make([1, 2, 3, 4.5]);
  const x = tf.tensor2d([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5], [2, 4]);
  const { rows, section } = await compareExplanations(
    baseline,
    [
      { name: 'scaled', model: same },
      { name: 'rev<ersed>', model: reversed },
    ],
    x,
    { topK: 2 },
  );
  assert.equal(rows[0].rankCorrelation, 1);
  assert.equal(rows[0].topKOverlap, 1);
  assert.equal(rows[1].rankCorrelation, -1);
  assert.equal(rows[1].topKOverlap, 0);
  assert.match(section.html, /rev&lt;ersed&gt;/);
  assert.match(section.html, /<td class="num">-1\.000<\/td><td class="num">0\.0%<\/td>/);
  for (const m of [baseline, same, reversed]) m.dispose();
  x.dispose();
});

test('agreementSection states how agreement was measured', () => {
  const s = agreementSection([{ name: 'int8', rankCorrelation: 0.95, topKOverlap: 0.8 }], {
    method: 'saliency',
    rows: 16,
    k: 39,
  });
  assert.equal(s.title, 'Explanation agreement with the baseline');
  assert.match(s.html, /top 39 inputs/);
  assert.match(s.html, /<td>int8<\/td><td class="num">0\.950<\/td><td class="num">80\.0%<\/td>/);
});

test('ExplanationComparison.add compares variants one at a time, as the evaluate loop needs', async () => {
  const m = buildModel(mlp({ inputShape: [3], hidden: [], classes: 2 }), 1);
  m.setWeights([tf.tensor2d([0, 3, 0, 2, 0, 1], [3, 2]), tf.zeros([2])]);
  const v = buildModel(mlp({ inputShape: [3], hidden: [], classes: 2 }), 1);
  v.setWeights([tf.tensor2d([0, 1, 0, 2, 0, 3], [3, 2]), tf.zeros([2])]);
  const x = tf.tensor2d([1, 1, 1], [1, 3]);
  const cmp = await ExplanationComparison.create(m, x, { topK: 1 });
  assert.deepEqual(await cmp.add('reversed', v), { name: 'reversed', rankCorrelation: -1, topKOverlap: 0 });
  assert.equal((await cmp.add('self', m)).topKOverlap, 1);
  assert.equal(cmp.rows.length, 2);
  assert.match(cmp.section().html, /<td>self<\/td><td class="num">1\.000<\/td>/);
  for (const t of [m, v, x]) t.dispose();
});
