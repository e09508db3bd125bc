import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { decodeInt8Artifacts, hasInt8Weights } from './int8-weights.ts';
import { weightFormat } from './model-format.ts';
import { validateWeightsManifest } from './weights-manifest.ts';

const int8 = (scales: number[]) =>
  ({ dtype: 'int8', scales }) as unknown as tf.io.WeightsManifestEntry['quantization'];

test('decodeInt8Artifacts: q · scales[c] on the last axis, float32 weights copied byte for byte', () => {
  // kernel [2, 2] codes [1, -2; 3, 127], scales [0.5, 0.25]; then a float32 bias [2]
  const codes = new Int8Array([1, -2, 3, 127]);
  const bias = new Float32Array([1.5, -7]);
  const data = new Uint8Array(4 + 8);
  data.set(new Uint8Array(codes.buffer), 0);
  data.set(new Uint8Array(bias.buffer), 4);
  const out = decodeInt8Artifacts({
    weightSpecs: [
      { name: 'd/kernel', shape: [2, 2], dtype: 'float32', quantization: int8([0.5, 0.25]) },
      { name: 'd/bias', shape: [2], dtype: 'float32' },
    ],
    weightData: data.buffer,
  });
  assert.deepEqual([...new Float32Array(out.weightData as ArrayBuffer)], [0.5, -0.5, 1.5, 31.75, 1.5, -7]);
  assert.deepEqual(out.weightSpecs, [
    { name: 'd/kernel', shape: [2, 2], dtype: 'float32' },
    { name: 'd/bias', shape: [2], dtype: 'float32' },
  ]);
  assert.equal(hasInt8Weights(out.weightSpecs), false);
});

test('the manifest validator counts int8 as 1 byte and checks one positive scale per channel', () => {
  const group = (quantization: unknown, shape = [3, 2]) => [
    { paths: ['w.bin'], weights: [{ name: 'k', shape, dtype: 'float32', quantization }] },
  ];
  assert.equal(
    validateWeightsManifest(group({ dtype: 'int8', scales: [1, 2] }), 'm/model.json').totalBytes,
    6,
  );
  assert.equal(
    validateWeightsManifest(group({ dtype: 'int8', scales: [1] }, []), 'm/model.json').totalBytes,
    1,
  );
  for (const [q, code] of [
    [{ dtype: 'int8', scales: [1] }, 'MODEL_WEIGHT_SCALES_INVALID'],
    [{ dtype: 'int8', scales: [1, 0] }, 'MODEL_WEIGHT_SCALES_INVALID'],
    [{ dtype: 'int8', scales: [1, 'x'] }, 'MODEL_WEIGHT_SCALES_INVALID'],
    [{ dtype: 'int8' }, 'MODEL_WEIGHT_SCALES_INVALID'],
    [{ dtype: 'int8', scales: [1, 1], scale: 1, min: 0 }, 'MODEL_WEIGHT_QUANTIZATION_INVALID'],
  ] as const) {
    assert.throws(
      () => validateWeightsManifest(group(q), 'm/model.json'),
      (e: unknown) => e instanceof FrontierError && e.code === code && e.message.includes('m/model.json'),
      JSON.stringify(q),
    );
  }
});

test('weightFormat names the stored float format', () => {
  const w = (quantization?: unknown) =>
    ({ name: 'w', shape: [1], dtype: 'float32', quantization }) as tf.io.WeightsManifestEntry;
  assert.equal(weightFormat([w(), w()]), 'float32');
  assert.equal(weightFormat([w({ dtype: 'uint8', scale: 1, min: 0 }), w()]), 'uint8');
  assert.equal(weightFormat([w(int8([1])), w()]), 'int8');
  assert.equal(weightFormat([w({ dtype: 'float16' }), w({ dtype: 'uint16', scale: 1, min: 0 })]), 'mixed');
});
