import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { gatherRows, gelu, layerNorm } from './ops.ts';

test('gatherRows: same value as tf.gather, same gradient (repeated ids accumulate)', () => {
  const table = tf.tensor2d([
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  const ids = tf.tensor2d(
    [
      [2, 0],
      [2, 2],
    ],
    undefined,
    'int32',
  );
  const weights = tf.tensor3d([
    [
      [1, 10],
      [100, 1000],
    ],
    [
      [2, 20],
      [3, 30],
    ],
  ]);
  assert.deepEqual(gatherRows(table, ids).arraySync(), tf.gather(table, ids).arraySync());
  const ours = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(gatherRows(t, ids), weights)))(table);
  const ref = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, ids), weights)))(table);
  // row 0 once: [100, 1000]; row 1 never; row 2 three times: [1 + 2 + 3, 10 + 20 + 30]
  assert.deepEqual(ours.arraySync(), [
    [100, 1000],
    [0, 0],
    [6, 60],
  ]);
  assert.deepEqual(ours.arraySync(), ref.arraySync());
});

test('layerNorm and gelu at hand-computed points', () => {
  const y = layerNorm(
    tf.tensor2d([[1, 3]]),
    tf.tensor1d([2, 2]),
    tf.tensor1d([1, 1]),
    0,
  ).arraySync() as number[][];
  assert.deepEqual(y, [[-1, 3]]); // (x − 2)/1 · 2 + 1
  const g = gelu(tf.tensor1d([0, 1, -1])).dataSync();
  // 0.5·1·(1 + tanh(√(2/π)·1.044715)) = 0.841192
  assert.ok(Math.abs(g[0]) < 1e-7 && Math.abs(g[1] - 0.841192) < 1e-5 && Math.abs(g[2] + 0.158808) < 1e-5);
});
