import assert from 'node:assert/strict';
import { before, test } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { seededRandom, uniform } from '../random.ts';
import { registerOnednnBackend } from '../select-backend.ts';
import { OnednnAdamOptimizer } from './adam.ts';
import { OnednnMomentumOptimizer } from './momentum.ts';
import { OnednnRMSPropOptimizer } from './rmsprop.ts';

const registered = registerOnednnBackend();
const skip = registered.ok ? false : 'onednn addon unavailable';

before(async () => {
  if (registered.ok) await tf.setBackend('onednn');
});

const shapes = [[7, 5], [300], [3, 3, 2, 4], [1]];

/** Runs `steps` updates of `makeOptimizer()` on fresh seeded variables; returns their values. */
let lastFusedUpdates = 0;

function train(makeOptimizer: () => tf.Optimizer, steps: number): Float32Array[] {
  const rand = seededRandom(99);
  const vars = shapes.map((s, i) =>
    tf.variable(
      tf.tensor(
        uniform(
          rand,
          s.reduce((a, b) => a * b, 1),
        ),
        s,
      ),
      true,
      `w${i}_${Math.random()}`,
    ),
  );
  const optimizer = makeOptimizer();
  for (let step = 0; step < steps; step++) {
    const grads: tf.NamedTensorMap = {};
    vars.forEach((v) => (grads[v.name] = tf.tensor(uniform(rand, v.size, -2, 2), v.shape)));
    optimizer.applyGradients(grads);
    tf.dispose(Object.values(grads));
  }
  const out = vars.map((v) => v.dataSync().slice() as Float32Array);
  lastFusedUpdates = (optimizer as { fusedUpdates?: number }).fusedUpdates ?? 0;
  optimizer.dispose();
  tf.dispose(vars);
  return out;
}

function assertClose(got: Float32Array[], want: Float32Array[], rtol: number): void {
  got.forEach((g, i) => {
    for (let j = 0; j < g.length; j++) {
      // Centered RMSprop takes sqrt of a slightly negative number for tiny gradients in tfjs too.
      if (Number.isNaN(want[i][j]) && Number.isNaN(g[j])) continue;
      const tol = rtol * Math.abs(want[i][j]) + 1e-12;
      assert.ok(Math.abs(g[j] - want[i][j]) <= tol, `variable ${i}[${j}]: ${g[j]} vs ${want[i][j]}`);
    }
  });
}

test('fused Adam equals tf.train.adam within 1e-6 relative over 6 steps', { skip }, () => {
  const want = train(() => tf.train.adam(0.01, 0.9, 0.999), 6);
  const got = train(() => new OnednnAdamOptimizer(0.01, 0.9, 0.999), 6);
  assert.equal(lastFusedUpdates, 6 * shapes.length, 'every update must take the native path');
  assertClose(got, want, 1e-6);
  // The parameters actually moved (a no-op optimizer would not pass this).
  const initial = train(() => new OnednnAdamOptimizer(0, 0.9, 0.999), 1);
  assert.ok(Math.abs(got[0][0] - initial[0][0]) > 1e-3);
});

test('fused Adam with non-default betas and epsilon, and copy-on-write mode', { skip }, () => {
  const want = train(() => tf.train.adam(0.003, 0.8, 0.95, 1e-4), 4);
  assertClose(
    train(() => new OnednnAdamOptimizer(0.003, 0.8, 0.95, 1e-4), 4),
    want,
    1e-6,
  );
  assertClose(
    train(() => new OnednnAdamOptimizer(0.003, 0.8, 0.95, 1e-4, { inPlace: false }), 4),
    want,
    1e-6,
  );
});

test('fused momentum (plain and Nesterov) equals tf.train.momentum', { skip }, () => {
  for (const nesterov of [false, true]) {
    const want = train(() => tf.train.momentum(0.05, 0.9, nesterov), 5);
    assertClose(
      train(() => new OnednnMomentumOptimizer(0.05, 0.9, nesterov), 5),
      want,
      1e-6,
    );
    assert.equal(lastFusedUpdates, 5 * shapes.length);
  }
});

test('fused RMSprop (plain, momentum, centered) equals tf.train.rmsprop', { skip }, () => {
  for (const [momentum, centered] of [
    [0, false],
    [0.9, false],
    [0.5, true],
  ] as [number, boolean][]) {
    const want = train(() => tf.train.rmsprop(0.01, 0.9, momentum, 1e-6, centered), 5);
    assertClose(
      train(() => new OnednnRMSPropOptimizer(0.01, 0.9, momentum, 1e-6, centered), 5),
      want,
      1e-6,
    );
    assert.equal(lastFusedUpdates, 5 * shapes.length);
  }
});

test('in-place updates never change the initial tensor or a clone of the variable', { skip }, () => {
  const init = tf.tensor1d([1, 2, 3]);
  const v = tf.variable(init, true, `inplace_${Math.random()}`);
  const opt = new OnednnAdamOptimizer(0.1);
  const g = tf.tensor1d([1, -1, 1]);
  opt.applyGradients({ [v.name]: g });
  const snapshot = v.clone();
  const before = snapshot.dataSync().slice();
  opt.applyGradients({ [v.name]: g });
  opt.applyGradients({ [v.name]: g });
  assert.deepEqual(Array.from(init.dataSync()), [1, 2, 3]);
  assert.deepEqual(Array.from(snapshot.dataSync()), Array.from(before));
  // First step of Adam moves each weight by lr against the gradient sign.
  assert.ok(Math.abs(before[0] - 0.9) < 1e-5 && Math.abs(before[1] - 2.1) < 1e-5);
  assert.ok(v.dataSync()[0] < before[0]);
  tf.dispose([init, v, g, snapshot]);
  opt.dispose();
});

test('getWeights/setWeights round-trip keeps the fused optimizer state', { skip }, async () => {
  const v = tf.variable(tf.tensor1d([0.5, -0.5]), true, `state_${Math.random()}`);
  const opt = new OnednnAdamOptimizer(0.01);
  opt.applyGradients({ [v.name]: tf.tensor1d([0.2, 0.4]) });
  const weights = await opt.getWeights();
  assert.equal(weights.length, 3);
  assert.deepEqual(
    Array.from(weights[1].tensor.dataSync()).map((x) => Number(x.toFixed(6))),
    [0.02, 0.04],
  );
  opt.dispose();
  v.dispose();
});

test(
  'fused updates flush denormal state to zero and leave JavaScript arithmetic alone',
  { skip },
  async () => {
    const v = tf.variable(tf.tensor1d([1, 1]), true, `denormal_${Math.random()}`);
    const opt = new OnednnAdamOptimizer(0.01);
    const zero = tf.tensor1d([0, 0]);
    opt.applyGradients({ [v.name]: zero });
    // Seed the first moment with a tiny normal value and a zero gradient: m ← 0.9·m.
    const [iterations, m, second] = await opt.getWeights();
    await opt.setWeights([iterations, { name: m.name, tensor: tf.tensor1d([1e-38, 1e-30]) }, second]);
    opt.applyGradients({ [v.name]: zero });
    const [, mAfter] = await opt.getWeights();
    const got = mAfter.tensor.dataSync();
    assert.equal(got[0], 0, '0.9e-38 is denormal in float32 and flushes to zero');
    assert.equal(got[1], Math.fround(Math.fround(1e-30) * Math.fround(0.9)));
    // The caller's floating-point mode is restored: float32 denormals still exist in JS.
    assert.notEqual(Math.fround(1e-39), 0);
    tf.dispose([v, zero]);
    opt.dispose();
  },
);
