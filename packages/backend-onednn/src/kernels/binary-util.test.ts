/**
 * Property: for any pair of broadcast-compatible shapes (rank 0-5), every native
 * binary op equals the cpu kernel, and so does a batched matMul on random shapes.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';

import { OnednnBackend } from '../backend.ts';
import { seededRandom, uniform } from '../random.ts';
import { registerOnednnBackend } from '../select-backend.ts';

const registered = registerOnednnBackend();
const skip = registered.ok ? false : 'onednn addon unavailable';

/** Output shape plus two operand shapes derived from it by dropping leading dims and setting dims to 1. */
const broadcastShapes = fc
  .array(fc.integer({ min: 1, max: 5 }), { minLength: 0, maxLength: 5 })
  .chain((out) =>
    fc.tuple(
      fc.constant(out),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      fc.array(fc.boolean(), { minLength: out.length, maxLength: out.length }),
      fc.nat({ max: out.length }),
      fc.nat({ max: out.length }),
    ),
  )
  .map(([out, onesA, onesB, dropA, dropB]) => ({
    a: out.map((d, i) => (onesA[i] ? 1 : d)).slice(dropA),
    b: out.map((d, i) => (onesB[i] ? 1 : d)).slice(dropB),
  }));

async function onBoth<T>(f: () => T): Promise<[T, T]> {
  await tf.setBackend('cpu');
  const want = f();
  await tf.setBackend('onednn');
  return [want, f()];
}

test('broadcasting binary ops equal the cpu kernels on random shapes', { skip }, async () => {
  const ops: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
    ['Add', tf.add],
    ['Sub', tf.sub],
    ['Multiply', tf.mul],
    ['RealDiv', tf.div],
    ['Maximum', tf.maximum],
    ['SquaredDifference', tf.squaredDifference],
  ];
  const backend = tf.findBackend('onednn') as OnednnBackend;
  backend.resetCounts();
  await fc.assert(
    fc.asyncProperty(broadcastShapes, fc.integer(), async ({ a, b }, seed) => {
      for (const [, op] of ops) {
        const [want, got] = await onBoth(() =>
          tf.tidy(() => {
            const rand = seededRandom(seed);
            const ta = tf.tensor(
              uniform(
                rand,
                a.reduce((x, y) => x * y, 1),
                0.5,
                2,
              ),
              a,
            );
            const tb = tf.tensor(
              uniform(
                rand,
                b.reduce((x, y) => x * y, 1),
                0.5,
                2,
              ),
              b,
            );
            const r = op(ta, tb);
            return { shape: r.shape, values: Array.from(r.dataSync()) };
          }),
        );
        assert.deepEqual(got.shape, want.shape);
        got.values.forEach((v, i) =>
          assert.ok(Math.abs(v - want.values[i]) <= 1e-6 * Math.abs(want.values[i]) + 1e-7),
        );
      }
    }),
    { numRuns: 40, seed: 42 },
  );
  for (const [name] of ops)
    assert.ok((backend.counts.native.get(name) ?? 0) > 0, `${name} never ran natively`);
});

test('batched matMul equals the cpu kernel on random shapes and transposes', { skip }, async () => {
  const dims = fc.integer({ min: 1, max: 9 });
  await fc.assert(
    fc.asyncProperty(
      dims,
      dims,
      dims,
      fc.integer({ min: 1, max: 3 }),
      fc.boolean(),
      fc.boolean(),
      fc.integer(),
      async (m, k, n, batch, ta, tb, seed) => {
        const [want, got] = await onBoth(() =>
          tf.tidy(() => {
            const rand = seededRandom(seed);
            const a = tf.tensor(uniform(rand, batch * m * k), ta ? [batch, k, m] : [batch, m, k]);
            const b = tf.tensor(uniform(rand, batch * k * n), tb ? [batch, n, k] : [batch, k, n]);
            return Array.from(tf.matMul(a, b, ta, tb).dataSync());
          }),
        );
        got.forEach((v, i) =>
          assert.ok(Math.abs(v - want[i]) <= 1e-4 * Math.abs(want[i]) + 1e-5, `${v} vs ${want[i]}`),
        );
      },
    ),
    { numRuns: 40, seed: 7 },
  );
});
