import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { countParams } from '../models/index.ts';
import { cloneModel, hiddenWidths, resizedModel } from './surgery.ts';
import { expectError } from '../util/expect-error.ts';

await tf.setBackend('cpu');

const model = tf.sequential({
  layers: [
    tf.layers.conv2d({ inputShape: [5, 5, 1], filters: 6, kernelSize: 3, name: 'c' }),
    tf.layers.flatten({ name: 'f' }),
    tf.layers.dense({ units: 7, name: 'h' }),
    tf.layers.dense({ units: 2, name: 'out' }),
  ],
});

test('hiddenWidths lists every sized layer but the output', () => {
  assert.deepEqual(hiddenWidths(model), [
    { name: 'c', kind: 'filters', width: 6 },
    { name: 'h', kind: 'units', width: 7 },
  ]);
});

test('resizedModel changes only the named widths', async () => {
  const small = await resizedModel(model, { c: 2, h: 3 });
  // conv 3·3·1·2 + 2, dense (3·3·2)·3 + 3, out 3·2 + 2
  assert.equal(countParams(small), 20 + 57 + 8);
});

test('cloneModel copies weights, and the copy is independent', async () => {
  const clone = await cloneModel(model);
  assert.deepEqual(clone.getWeights()[0].arraySync(), model.getWeights()[0].arraySync());
  clone.setWeights(clone.getWeights().map((w) => tf.zerosLike(w)));
  assert.notDeepEqual(clone.getWeights()[0].arraySync(), model.getWeights()[0].arraySync());
});

test('functional models are refused with a hint', () => {
  const input = tf.input({ shape: [2] });
  const fn = tf.model({
    inputs: input,
    outputs: tf.layers.dense({ units: 1 }).apply(input) as tf.SymbolicTensor,
  });
  expectError(() => hiddenWidths(fn), 'COMPRESS_NOT_SEQUENTIAL', fn.name);
});
