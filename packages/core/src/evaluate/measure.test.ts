import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildModel } from '../models/index.ts';
import { saveQuantized } from '../compress/index.ts';
import { modelFileSize, modelFolderFormat } from '../io/index.ts';
import { classify, countNonzeros, measureModel, measureSpeed, percentile } from './measure.ts';

/** A 2-input, 2-class softmax model whose weights make class = (x0 > x1). */
function fixedModel(): tf.LayersModel {
  const m = buildModel({
    name: 'f',
    inputShape: [2],
    layers: [{ type: 'dense', units: 2, activation: 'softmax' }],
  });
  m.setWeights([
    tf.tensor2d([
      [0, 5],
      [5, 0],
    ]),
    tf.tensor1d([0, 0]),
  ]);
  return m;
}

test('percentile is nearest-rank', () => {
  const v = [5, 1, 4, 2, 3, 6, 7, 8, 9, 10];
  assert.equal(percentile(v, 0.5), 5);
  assert.equal(percentile(v, 0.99), 10);
  assert.equal(percentile(v, 0.1), 1);
  assert.equal(percentile([42], 0.99), 42);
});

test('classify gives the hand-computed accuracy, loss and confusion matrix', () => {
  // rows: (1,0)→ class 1? logits = x·W = [0·1+5·0, 5·1+0] → class 1 wins for x0 > x1
  const x = tf.tensor2d([
    [1, 0],
    [0, 1],
    [2, 0],
    [0, 2],
  ]);
  const y = tf.oneHot(tf.tensor1d([1, 0, 0, 0], 'int32'), 2).toFloat();
  const { accuracy, loss, confusion } = classify(fixedModel(), { x, y }, 3);
  // predictions: 1, 0, 1, 0 → truth 1,0,0,0
  assert.deepEqual(confusion, [
    [2, 1],
    [0, 1],
  ]);
  assert.equal(accuracy, 0.75);
  // p(true) per row: σ(5), σ(5), σ(-10), σ(10) in the two-class softmax
  const sig = (z: number) => 1 / (1 + Math.exp(-z));
  const expected = -(Math.log(sig(5)) * 2 + Math.log(sig(-10)) + Math.log(sig(10))) / 4;
  assert.ok(Math.abs(loss - expected) < 1e-5, `${loss} vs ${expected}`);
});

test('measureModel reports every column with its unit, sizes from the saved files', async () => {
  const model = fixedModel();
  const x = tf.tensor2d([
    [1, 0],
    [0, 1],
  ]);
  const y = tf.oneHot(tf.tensor1d([1, 0], 'int32'), 2).toFloat();
  const dir = join(await mkdtemp(join(tmpdir(), 'frontier-measure-')), 'm');
  const m = await measureModel(model, { x, y }, dir);
  assert.equal(m.metrics.accuracy.value, 1);
  assert.equal(m.metrics.parameters.value, 6);
  assert.equal(m.metrics.nonzeros.value, 2);
  assert.equal(countNonzeros(model), 2);
  // weights.bin holds 6 float32 = 24 bytes; model.json is the rest
  assert.ok(m.metrics.bytes.value > 24);
  assert.deepEqual(Object.fromEntries(Object.entries(m.metrics).map(([k, v]) => [k, v.unit])), {
    accuracy: 'ratio',
    loss: 'nats',
    parameters: 'count',
    nonzeros: 'count',
    bytes: 'bytes',
    gzipBytes: 'bytes',
  });
});

test('measureSpeed reports latency percentiles and throughput for each model, in order', () => {
  const fast = fixedModel();
  // The same function behind 40 extra dense layers: slower per call, same answers.
  const slow = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [2], units: 2, useBias: false, weights: [tf.eye(2)] }),
      ...Array.from({ length: 40 }, () =>
        tf.layers.dense({ units: 2, useBias: false, weights: [tf.eye(2)] }),
      ),
    ],
  });
  const x = tf.tensor2d([
    [1, 0],
    [0, 1],
  ]);
  const [a, b] = measureSpeed([fast, slow], x, {
    latencyRuns: 30,
    latencyRounds: 3,
    throughputRounds: 2,
    roundSeconds: 0.05,
  });
  for (const s of [a, b]) {
    assert.deepEqual([s.latencyP50.unit, s.latencyP99.unit, s.throughput.unit], ['ms', 'ms', 'samples/s']);
    assert.ok(s.latencyP99.value >= s.latencyP50.value && s.latencyP50.value > 0);
    assert.ok(s.throughput.value > 0);
  }
  tf.dispose([x]);
  slow.dispose();
});

test('measureModel with a save hook measures and keeps the artifact it writes (uint8 folder, not float32)', async () => {
  const model = fixedModel();
  const x = tf.tensor2d([
    [1, 0],
    [0, 1],
  ]);
  const y = tf.oneHot(tf.tensor1d([1, 0], 'int32'), 2).toFloat();
  const root = await mkdtemp(join(tmpdir(), 'frontier-measure-save-'));
  const plain = await measureModel(model, { x, y }, join(root, 'f32'));
  const dir = join(root, 'quant-uint8');
  const m = await measureModel(model, { x, y }, dir, (d) => saveQuantized(model, d, { dtype: 'uint8' }));
  assert.equal(await modelFolderFormat(dir), 'uint8');
  assert.equal(m.metrics.bytes.value, (await modelFileSize(dir)).rawBytes);
  // 6 weights: 24 bytes as float32, 6 as uint8; model.json grows by the scale/min fields
  assert.equal((await readFile(join(dir, 'weights.bin'))).byteLength, 6);
  assert.equal((await readFile(join(root, 'f32', 'weights.bin'))).byteLength, 24);
  assert.ok(m.metrics.bytes.value !== plain.metrics.bytes.value);
});
