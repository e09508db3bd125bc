import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  dequantizeInt8PerChannel,
  int8Dequantized,
  loadInt8,
  quantizeInt8PerChannel,
  saveInt8,
} from './int8.ts';

await tf.setBackend('cpu');

test('hand-computed per-channel codes and scales', () => {
  // shape [2, 2]: channel 0 = [1.27, -0.5], channel 1 = [0, 0.02]
  const q = quantizeInt8PerChannel([1.27, 0, -0.5, 0.02], [2, 2]);
  assert.deepEqual(
    [...q.scales].map((s) => +s.toFixed(6)),
    [0.01, +(0.02 / 127).toFixed(6)],
  );
  assert.deepEqual([...q.data], [127, 0, -50, 127]);
  assert.deepEqual([...quantizeInt8PerChannel([0, 0], [2, 1]).scales], [1]); // all-zero channel
});

test('int8 per-channel quantize→dequantize error ≤ scale_c/2, codes in [−127, 127]', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 8 }),
      fc.array(fc.float({ min: -50, max: 50, noNaN: true }), { minLength: 48, maxLength: 48 }),
      (rows, cols, pool) => {
        const values = pool.slice(0, rows * cols);
        const q = quantizeInt8PerChannel(values, [rows, cols]);
        const back = dequantizeInt8PerChannel(q);
        values.forEach((v, i) => {
          const s = q.scales[i % cols];
          assert.ok(Math.abs(back[i] - v) <= s / 2 + 1e-6 * Math.abs(v), `${v} → ${back[i]}`);
          assert.ok(q.data[i] >= -127 && q.data[i] <= 127);
          if (v === 0) assert.equal(back[i], 0);
        });
        // the channel maximum maps to ±127 exactly
        for (let c = 0; c < cols; c++) {
          const col = values.filter((_, i) => i % cols === c).map(Math.abs);
          if (Math.max(...col) > 1e-30)
            assert.ok(q.data.some((d, i) => i % cols === c && Math.abs(d) === 127));
        }
      },
    ),
    { numRuns: 300, seed: 3 },
  );
});

test('saveInt8 / loadInt8 round-trip: 1 byte per kernel element, same model as int8Dequantized', async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [5],
        units: 8,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  const dir = await mkdtemp(join(tmpdir(), 'frontier-int8-'));
  const size = await saveInt8(model, dir);
  assert.ok(size.rawBytes > 5 * 8 + 8 * 3 + 4 * 11);
  const loaded = await loadInt8(dir);
  const direct = await int8Dequantized(model);
  const x = tf.randomUniform([4, 5], -1, 1, 'float32', 1);
  const a = (loaded.predict(x) as tf.Tensor).dataSync();
  const b = (direct.predict(x) as tf.Tensor).dataSync();
  const f = (model.predict(x) as tf.Tensor).dataSync();
  assert.deepEqual([...a], [...b]);
  f.forEach((v, i) => assert.ok(Math.abs(v - a[i]) < 0.01));
  assert.deepEqual([...loaded.getWeights()[1].dataSync()], [...model.getWeights()[1].dataSync()]); // bias stays float32
});
