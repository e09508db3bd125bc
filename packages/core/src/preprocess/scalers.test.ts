import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { expectError } from '../util/expect-error.ts';
import { MinMaxScaler, Rescale, RobustScaler, StandardScaler } from './scalers.ts';
import { loadSteps, saveSteps } from './steps-file.ts';
import type { NDArray } from './step.ts';

await tf.setBackend('cpu');

const arr = (data: number[], shape: number[]): NDArray => ({ data: Float32Array.from(data), shape });
const close = (a: ArrayLike<number>, b: number[], eps = 1e-5) => {
  assert.equal(a.length, b.length);
  for (let i = 0; i < b.length; i++) assert.ok(Math.abs(a[i] - b[i]) <= eps, `[${i}] ${a[i]} vs ${b[i]}`);
};

test('z-score of the textbook sample 2,4,4,4,5,5,7,9: mean 5, std 2', () => {
  const s = new StandardScaler().fit(arr([2, 4, 4, 4, 5, 5, 7, 9], [8, 1]));
  assert.deepEqual(s.center, [5]);
  assert.deepEqual(s.scale, [2]);
  close(s.transform(arr([2, 4, 5, 7, 9, 11], [6, 1])).data, [-1.5, -0.5, 0, 1, 2, 3]);
});

test('per feature statistics are per column; constant columns get scale 1', () => {
  // columns: [1, 3] → mean 2, std 1;  [10, 10] → mean 10, std 0 → scale 1
  const s = new StandardScaler().fit(arr([1, 10, 3, 10], [2, 2]));
  assert.deepEqual(s.center, [2, 10]);
  assert.deepEqual(s.scale, [1, 1]);
  close(s.transform(arr([2, 11], [1, 2])).data, [0, 1]);
});

test('per channel statistics pool every pixel of one channel (NHWC)', () => {
  // 1 image 2x1 pixels, 2 channels: channel 0 = [0, 4], channel 1 = [1, 1]
  const x = arr([0, 1, 4, 1], [1, 2, 1, 2]);
  const s = new StandardScaler({ per: 'channel' }).fit(x);
  assert.deepEqual(s.center, [2, 1]);
  assert.deepEqual(s.scale, [2, 1]);
  close(s.transform(x).data, [-1, 0, 1, 0]);
  const f = new MinMaxScaler({ per: 'feature' }).fit(arr([0, 1, 4, 1, 2, 3, 8, 5], [2, 2, 1, 2]));
  assert.deepEqual(f.center, [0, 1, 4, 1]);
  assert.deepEqual(f.scale, [2, 2, 4, 4]);
});

test('min-max to [0, 1] and to [-1, 1]', () => {
  const x = arr([2, 4, 6], [3, 1]);
  close(new MinMaxScaler().fitTransform(x).data, [0, 0.5, 1]);
  close(new MinMaxScaler({ featureRange: [-1, 1] }).fitTransform(x).data, [-1, 0, 1]);
});

test('robust scaling uses the median and the interquartile range', () => {
  // 1..9, 100: median 5.5, Q1 3.25, Q3 7.75 (numpy linear) → IQR 4.5
  const x = arr([1, 2, 3, 4, 5, 6, 7, 8, 9, 100], [10, 1]);
  const s = new RobustScaler().fit(x);
  close(s.center, [5.5]);
  close(s.scale, [4.5]);
  close(s.transform(arr([10], [1, 1])).data, [1]);
});

test('rescale 1/255 needs no statistics but still demands fit', () => {
  const r = new Rescale();
  expectError(() => r.transform(arr([255], [1, 1])), 'PREPROCESS_NOT_FITTED', 'Rescale');
  close(r.fitTransform(arr([0, 51, 255], [3, 1])).data, [0, 0.2, 1]);
});

test('transform and inverse before fit are errors', () => {
  for (const s of [new StandardScaler(), new MinMaxScaler(), new RobustScaler()]) {
    expectError(() => s.transform(arr([1], [1, 1])), 'PREPROCESS_NOT_FITTED', s.className, /before fit/);
    expectError(() => s.inverseTransform(arr([1], [1, 1])), 'PREPROCESS_NOT_FITTED', s.className);
  }
});

test('NaN input and shape mismatches name where they are', () => {
  const s = new StandardScaler().fit(arr([1, 2, 3, 4], [2, 2]));
  expectError(
    () => s.transform(arr([1, NaN], [1, 2])),
    'PREPROCESS_NOT_FINITE',
    'StandardScaler: example 0, feature 1',
  );
  expectError(
    () => s.transform(arr([1, 2, 3], [1, 3])),
    'PREPROCESS_SHAPE_MISMATCH',
    'StandardScaler.transform',
  );
  expectError(
    () => new StandardScaler().fit(arr([1, Infinity], [2, 1])),
    'PREPROCESS_NOT_FINITE',
    'StandardScaler: example 1, feature 0',
  );
});

test('property: inverse(transform(x)) = x for every scaler and grouping', () => {
  fc.assert(
    fc.property(
      fc.array(fc.float({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true }), {
        minLength: 12,
        maxLength: 12,
      }),
      fc.constantFrom('feature', 'channel', 'global' as const),
      (values, per) => {
        const x = arr(values, [2, 3, 2]);
        for (const s of [new StandardScaler({ per }), new MinMaxScaler({ per }), new RobustScaler({ per })]) {
          const back = s.inverseTransform(s.fitTransform(x));
          for (let i = 0; i < values.length; i++) {
            assert.ok(Math.abs(back.data[i] - x.data[i]) <= 1e-3 * (1 + Math.abs(x.data[i])));
          }
        }
      },
    ),
    { numRuns: 300 },
  );
});

test('transformTensor matches transform for feature and channel scalers', () => {
  const x = arr([0, 1, 4, 1, 2, 3, 8, 5], [2, 2, 1, 2]);
  for (const s of [new StandardScaler({ per: 'channel' }), new RobustScaler({ per: 'feature' })]) {
    s.fit(x);
    const t = tf.tensor(x.data, x.shape);
    const y = s.transformTensor(t);
    close(y.dataSync(), [...s.transform(x).data]);
    tf.dispose([t, y]);
  }
});

test('saveSteps/loadSteps round-trips fitted scalers exactly', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-steps-'));
  const x = arr([1, 10, 3, 12, 8, 11], [3, 2]);
  const steps = [
    new StandardScaler().fit(x),
    new MinMaxScaler({ featureRange: [-1, 1] }).fit(x),
    new Rescale({ factor: 0.5, offset: 1 }).fit(x),
  ];
  await saveSteps(dir, steps);
  const loaded = await loadSteps(dir);
  assert.deepEqual(
    loaded.map((s) => s.className),
    ['StandardScaler', 'MinMaxScaler', 'Rescale'],
  );
  steps.forEach((s, i) => {
    assert.deepEqual(loaded[i].getConfig(), s.getConfig());
    assert.deepEqual([...loaded[i].transform(x).data], [...s.transform(x).data]);
  });
  await assert.rejects(loadSteps(join(dir, 'nope')), { code: 'PREPROCESS_READ' });
});
