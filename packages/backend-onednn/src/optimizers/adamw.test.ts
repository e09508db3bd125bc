import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import * as tf from '@tensorflow/tfjs';

import { seededRandom, uniform } from '../random.ts';
import { registerOnednnBackend } from '../select-backend.ts';
import { OnednnAdamOptimizer } from './adam.ts';
import { OnednnAdamWOptimizer } from './adamw.ts';

const registered = registerOnednnBackend();
const skip = registered.ok ? false : 'onednn addon unavailable';

after(async () => {
  await tf.setBackend(registered.ok ? 'onednn' : 'cpu');
});

const shapes = [[7, 5], [300], [3, 3, 2, 4], [1], [70001]];

interface Hyper {
  lr: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  wd: number;
}

/** Seeded initial weights and per-step gradients, the same for every run. */
function problem(steps: number): { init: Float32Array[]; grads: Float32Array[][] } {
  const rand = seededRandom(7);
  const size = (s: number[]) => s.reduce((a, b) => a * b, 1);
  const init = shapes.map((s) => uniform(rand, size(s), -1, 1));
  const grads = Array.from({ length: steps }, () => shapes.map((s) => uniform(rand, size(s), -2, 2)));
  return { init, grads };
}

/**
 * The PyTorch AdamW formula in plain tfjs ops, written out independently of any
 * optimizer class: w ← w·(1 − lr·wd); m, v moments; bias-corrected Adam step.
 * βᵗ is a float32 running product, as in tf.train.adam (and the fused Adam):
 * 1 − 0.999ᵗ from a float32 βᵗ is only ~3e-5 relative accurate for small t, so a
 * double-precision power would differ from every tfjs Adam by more than 1e-6.
 */
function referenceAdamW(h: Hyper, steps: number): Float32Array[] {
  const { init, grads } = problem(steps);
  return init.map((w0, k) =>
    tf.tidy(() => {
      let w = tf.tensor(w0, shapes[k]);
      let m = tf.zerosLike(w);
      let v = tf.zerosLike(w);
      let beta1Power = tf.scalar(1);
      let beta2Power = tf.scalar(1);
      for (let t = 1; t <= steps; t++) {
        const g = tf.tensor(grads[t - 1][k], shapes[k]);
        beta1Power = tf.mul(beta1Power, h.beta1);
        beta2Power = tf.mul(beta2Power, h.beta2);
        w = tf.mul(w, 1 - h.lr * h.wd);
        m = tf.add(tf.mul(m, h.beta1), tf.mul(g, 1 - h.beta1));
        v = tf.add(tf.mul(v, h.beta2), tf.mul(tf.square(g), 1 - h.beta2));
        const mHat = tf.div(m, tf.sub(1, beta1Power));
        const vHat = tf.div(v, tf.sub(1, beta2Power));
        w = tf.sub(w, tf.mul(h.lr, tf.div(mHat, tf.add(tf.sqrt(vHat), h.epsilon))));
      }
      return w.dataSync().slice() as Float32Array;
    }),
  );
}

let lastFusedUpdates = 0;

function runOptimizer(makeOptimizer: () => tf.Optimizer, steps: number): Float32Array[] {
  const { init, grads } = problem(steps);
  const vars = init.map((w, i) => tf.variable(tf.tensor(w, shapes[i]), true, `aw${i}_${Math.random()}`));
  const optimizer = makeOptimizer();
  for (let step = 0; step < steps; step++) {
    const map: tf.NamedTensorMap = {};
    vars.forEach((v, i) => (map[v.name] = tf.tensor(grads[step][i], v.shape)));
    optimizer.applyGradients(map);
    tf.dispose(Object.values(map));
  }
  const out = vars.map((v) => v.dataSync().slice() as Float32Array);
  lastFusedUpdates = (optimizer as { fusedUpdates?: number }).fusedUpdates ?? 0;
  optimizer.dispose();
  tf.dispose(vars);
  return out;
}

function assertClose(got: Float32Array[], want: Float32Array[], rtol: number, atol = 0): void {
  assert.equal(got.length, want.length);
  got.forEach((g, i) => {
    assert.equal(g.length, want[i].length);
    for (let j = 0; j < g.length; j++) {
      const tol = atol + rtol * Math.abs(want[i][j]) + 1e-12;
      if (!(Math.abs(g[j] - want[i][j]) <= tol))
        assert.fail(`variable ${i}[${j}]: ${g[j]} vs reference ${want[i][j]}`);
    }
  });
}

const settings: Hyper[] = [
  { lr: 0.01, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, wd: 0.01 },
  { lr: 0.003, beta1: 0.8, beta2: 0.95, epsilon: 1e-4, wd: 0.3 },
];

for (const h of settings) {
  const label = `lr=${h.lr} betas=${h.beta1},${h.beta2} eps=${h.epsilon} wd=${h.wd}`;
  const make = (inPlace = true) =>
    new OnednnAdamWOptimizer(h.lr, h.beta1, h.beta2, h.epsilon, h.wd, { inPlace });

  test(
    `fused AdamW (onednn) equals the tfjs-ops reference within 1e-6 over 6 steps, ${label}`,
    { skip },
    async () => {
      await tf.setBackend('cpu');
      const want = referenceAdamW(h, 6);
      await tf.setBackend('onednn');
      assertClose(
        runOptimizer(() => make(), 6),
        want,
        1e-6,
      );
      assert.equal(lastFusedUpdates, 6 * shapes.length, 'every update must take the native path');
      assertClose(
        runOptimizer(() => make(false), 6),
        want,
        1e-6,
      );
    },
  );

  test(`AdamW on the cpu backend equals the same reference within 1e-6, ${label}`, async () => {
    await tf.setBackend('cpu');
    const want = referenceAdamW(h, 6);
    assertClose(
      runOptimizer(() => make(), 6),
      want,
      1e-6,
    );
    assert.equal(lastFusedUpdates, 0);
  });
}

test('AdamW differs from Adam by the decay, and equals Adam when weightDecay = 0', async () => {
  for (const backendName of registered.ok ? ['cpu', 'onednn'] : ['cpu']) {
    await tf.setBackend(backendName);
    const adam = runOptimizer(() => new OnednnAdamOptimizer(0.01, 0.9, 0.999, 1e-7), 4);
    assertClose(
      runOptimizer(() => new OnednnAdamWOptimizer(0.01, 0.9, 0.999, 1e-7, 0), 4),
      adam,
      1e-7,
    );
    const decayed = runOptimizer(() => new OnednnAdamWOptimizer(0.01, 0.9, 0.999, 1e-7, 0.5), 4);
    // Four steps of w·(1 − 0.005) move a weight of magnitude ~0.5 by ~0.01, far above float noise.
    const moved = Math.max(...decayed[2].map((x, j) => Math.abs(x - adam[2][j])));
    assert.ok(moved > 1e-3, `${backendName}: decay changed weights by only ${moved}`);
  }
});

test('one AdamW step on a 2-element vector matches hand-computed values', async () => {
  // lr = 0.1, wd = 0.5 -> decay factor 0.95; betas 0.9/0.999, eps 1e-7, t = 1.
  // w = [1, -2], g = [0.5, -1e-6]:
  //   decayed w = [0.95, -1.9]
  //   m = 0.1·g = [0.05, -1e-7],  v = 0.001·g² = [2.5e-4, 1e-15]
  //   m̂ = g, v̂ = g²,  step = g / (|g| + 1e-7) = [0.5/0.5000001, -1e-6/1.1e-6] = [0.9999998, -0.9090909]
  //   w = decayed − 0.1·step = [0.85000002, -1.80909091]
  const want = [0.85000002, -1.80909091];
  for (const backendName of registered.ok ? ['cpu', 'onednn'] : ['cpu']) {
    await tf.setBackend(backendName);
    const v = tf.variable(tf.tensor1d([1, -2]), true, `hand_${Math.random()}`);
    const opt = new OnednnAdamWOptimizer(0.1, 0.9, 0.999, 1e-7, 0.5);
    const g = tf.tensor1d([0.5, -1e-6]);
    opt.applyGradients({ [v.name]: g });
    const got = Array.from(v.dataSync());
    got.forEach((x, i) =>
      assert.ok(Math.abs(x - want[i]) <= 1e-6, `${backendName} w[${i}] = ${x}, want ${want[i]}`),
    );
    const weights = await opt.getWeights();
    assert.equal(weights.length, 3); // iterations, m, v
    const m = weights[1].tensor.dataSync();
    const second = weights[2].tensor.dataSync();
    assert.ok(Math.abs(m[0] - 0.05) < 1e-8 && Math.abs(m[1] + 1e-7) < 1e-13, `${backendName} m = ${m}`);
    assert.ok(Math.abs(second[0] - 2.5e-4) < 1e-10 && Math.abs(second[1] - 1e-15) < 1e-20, `v = ${second}`);
    assert.equal(opt.decayFactor(), Math.fround(0.95));
    tf.dispose([v, g]);
    opt.dispose();
  }
});

test("serialization: class name 'AdamW', getConfig/fromConfig round trip", () => {
  const opt = new OnednnAdamWOptimizer(0.002, 0.85, 0.99, 1e-6, 0.05);
  assert.equal(opt.getClassName(), 'AdamW');
  const config = opt.getConfig();
  assert.deepEqual(config, {
    learningRate: 0.002,
    beta1: 0.85,
    beta2: 0.99,
    epsilon: 1e-6,
    weightDecay: 0.05,
  });
  const entry = tf.serialization.SerializationMap.getMap().classNameMap.AdamW;
  assert.ok(entry, "'AdamW' must be registered with tf.serialization");
  const [cls, fromConfig] = entry;
  const copy = fromConfig(cls, config) as OnednnAdamWOptimizer;
  assert.ok(copy instanceof OnednnAdamWOptimizer);
  assert.deepEqual(copy.getConfig(), config);
  // Adam's own registration is untouched.
  assert.equal(tf.serialization.SerializationMap.getMap().classNameMap.Adam[0], tf.AdamOptimizer);
  opt.dispose();
  copy.dispose();
});

test('getWeights/setWeights: resuming from saved state continues identically; layout matches fused Adam', async () => {
  for (const backendName of registered.ok ? ['cpu', 'onednn'] : ['cpu']) {
    await tf.setBackend(backendName);
    const name = `resume_${Math.random()}`;
    const v = tf.variable(tf.tensor1d([0.5, -0.5, 2]), true, name);
    const grads = [
      [0.2, 0.4, -1],
      [-0.3, 0.1, 0.5],
      [0.7, -0.2, 0.05],
    ].map((g) => tf.tensor1d(g));
    const a = new OnednnAdamWOptimizer(0.05, 0.9, 0.999, 1e-7, 0.1);
    a.applyGradients({ [name]: grads[0] });
    a.applyGradients({ [name]: grads[1] });
    // getWeights hands out the live slot variables (tfjs semantics): snapshot them.
    const saved = (await a.getWeights()).map((w) => ({ name: w.name, tensor: w.tensor.clone() }));
    assert.deepEqual(
      saved.map((w) => w.name),
      ['iter', `${name}/m`, `${name}/v`],
    );
    const atSave = v.dataSync().slice();
    a.applyGradients({ [name]: grads[2] });
    const continued = v.dataSync().slice();

    v.assign(tf.tensor1d(atSave));
    const b = new OnednnAdamWOptimizer(0.05, 0.9, 0.999, 1e-7, 0.1);
    await b.setWeights(saved);
    b.applyGradients({ [name]: grads[2] });
    // tfjs' setWeights recomputes βᵗ with pow() instead of the running product: a few ulp apart.
    assertClose([v.dataSync().slice() as Float32Array], [continued as Float32Array], 1e-6);
    assert.ok(Math.abs(continued[0] - atSave[0]) > 1e-3, 'the third step must move the weights');

    // Fused Adam accepts the same weights (same names and order).
    const adam = new OnednnAdamOptimizer(0.05);
    await adam.setWeights(await b.getWeights());
    assert.equal((await adam.getWeights()).length, 3);
    tf.dispose([v, ...grads, ...saved.map((w) => w.tensor)]);
    [a, b, adam].forEach((o) => o.dispose());
  }
});

test('weightDecay must be finite and non-negative', () => {
  assert.throws(
    () => new OnednnAdamWOptimizer(0.01, 0.9, 0.999, 1e-7, -0.1),
    /weightDecay must be a finite number >= 0/,
  );
  assert.throws(() => new OnednnAdamWOptimizer(0.01, 0.9, 0.999, 1e-7, Number.NaN), RangeError);
});
