import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { OnednnBackend } from './backend.ts';
import { conformanceCases, runConformance } from './conformance.ts';
import { nativeKernelConfigs } from './register-all-kernels.ts';
import { registerOnednnBackend } from './select-backend.ts';

const registered = registerOnednnBackend();
const skip = registered.ok ? false : `onednn addon unavailable: ${registered.ok ? '' : registered.reason}`;

before(async () => {
  if (registered.ok) await tf.setBackend('onednn');
});

test('every native kernel matches the cpu backend within its tolerance', { skip }, async () => {
  const backend = tf.findBackend('onednn') as OnednnBackend;
  backend.resetCounts();
  const results = await runConformance('onednn');
  const failures = results
    .filter((r) => !r.ok)
    .map((r) => `${r.name}: worst ${r.worst.toFixed(2)}x tolerance; ${r.detail}`);
  assert.deepEqual(failures, []);
  assert.equal(results.length, conformanceCases().length);

  // The suite must have exercised the native path of every overridden kernel,
  // otherwise a silent fallback to the cpu kernel would pass trivially.
  const notNative = nativeKernelConfigs
    .map((k) => k.kernelName)
    .filter((name) => !backend.counts.native.get(name));
  assert.deepEqual(notNative, []);
});

test('cases the native path declines fall back to the cpu kernel', { skip }, async () => {
  const backend = tf.findBackend('onednn') as OnednnBackend;
  await tf.setBackend('onednn');
  backend.resetCounts();
  const empty = tf.matMul(tf.zeros([0, 3]), tf.ones([3, 2]));
  assert.deepEqual(empty.shape, [0, 2]);
  const ints = tf.add(tf.tensor1d([1, 2], 'int32'), tf.tensor1d([3, 4], 'int32'));
  assert.deepEqual(Array.from(ints.dataSync()), [4, 6]);
  assert.equal(backend.counts.fallback.get('BatchMatMul'), 1);
  assert.equal(backend.counts.fallback.get('Add'), 1);
  // An out-of-range gather index gets the cpu kernel's error, not garbage rows.
  assert.throws(
    () => tf.gather(tf.ones([2, 2]), tf.tensor1d([5], 'int32')),
    /index value 5 is not in \[0, 1\]/,
  );
  assert.equal(backend.counts.fallback.get('GatherV2'), 1);
  // A mean shared by all channels is not per-channel: the cpu kernel broadcasts it.
  const shared = tf.batchNorm(
    tf.tensor2d([1, 2, 3, 4], [2, 2]),
    tf.tensor1d([1]),
    tf.tensor1d([4]),
    undefined,
    undefined,
    0,
  );
  assert.deepEqual(Array.from(shared.dataSync()), [0, 0.5, 1, 1.5]);
  assert.equal(backend.counts.fallback.get('FusedBatchNorm'), 1);
  tf.dispose([empty, ints, shared]);
});

test(
  'the batch-norm gradient takes the native path on onednn (tfjs’ own composition tiles)',
  { skip },
  async () => {
    const backend = tf.findBackend('onednn') as OnednnBackend;
    await tf.setBackend('onednn');
    backend.resetCounts();
    const [dx] = tf.grads((x: tf.Tensor) =>
      tf.sum(tf.batchNorm(x, tf.zeros([3]), tf.ones([3]), tf.zeros([3]), tf.ones([3]))),
    )([tf.ones([4, 3])]);
    // dx = dy·scale/√(1 + 0.001) with dy = 1.
    for (const v of dx.dataSync()) assert.ok(Math.abs(v - 1 / Math.sqrt(1.001)) < 1e-6);
    assert.equal(backend.counts.native.get('Tile') ?? 0, 0);
    assert.equal(backend.counts.fallback.get('Tile') ?? 0, 0);
  },
);

test(
  'float32 tensors cast from bool or int32 (shared storage) run the native kernels',
  { skip },
  async () => {
    const backend = tf.findBackend('onednn') as OnednnBackend;
    await tf.setBackend('onednn');
    backend.resetCounts();
    const mask = tf.cast(tf.tensor1d([true, false, true], 'bool'), 'float32');
    const ids = tf.cast(tf.tensor1d([3, -2, 7], 'int32'), 'float32');
    const y = tf.mul(tf.tensor1d([1.5, 2, 4]), mask);
    const z = tf.add(ids, tf.scalar(0.5));
    assert.deepEqual(Array.from(y.dataSync()), [1.5, 0, 4]);
    assert.deepEqual(Array.from(z.dataSync()), [3.5, -1.5, 7.5]);
    assert.equal(backend.counts.native.get('Multiply'), 1);
    assert.equal(backend.counts.native.get('Add'), 1);
    assert.equal(backend.counts.fallback.size, 0);
  },
);
