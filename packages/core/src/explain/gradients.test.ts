import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { expectError } from '../util/expect-error.ts';
import { buildModel } from '../models/index.ts';
import { runExplainerConformance } from './conformance.ts';
import { differentiable, type DifferentiableModel } from './differentiable.ts';
import { GradientExplainer } from './gradient-explainer.ts';
import { integratedGradients, resolveTargets, saliency, smoothGrad } from './gradients.ts';

await tf.setBackend('cpu');

const mean = (bg: { data: Float64Array; rows: number; features: number }): Float64Array =>
  Float64Array.from({ length: bg.features }, (_, j) => {
    let s = 0;
    for (let r = 0; r < bg.rows; r++) s += bg.data[r * bg.features + j];
    return s / bg.rows;
  });

// Integrated Gradients from the background mean: complete up to the Riemann error (float32 math).
runExplainerConformance('GradientExplainer integrated-gradients', {
  make: (model, bg) =>
    new GradientExplainer(model.differentiable, {
      method: 'integrated-gradients',
      baseline: mean(bg),
      steps: 256,
    }),
  localAccuracyTol: 1e-3,
  tol: 1e-5,
  exclude: {
    'matches-exact-shapley':
      'IG integrates along one path from one baseline; Shapley averages over coalitions',
    'multi-output': 'compares with Shapley values; IG per output is checked against closed forms below',
  },
});

runExplainerConformance('GradientExplainer saliency', {
  make: (model) => new GradientExplainer(model.differentiable, { method: 'saliency' }),
  tol: 1e-5,
  exclude: {
    'local-accuracy': 'a gradient is a slope, not a decomposition of f(x)',
    'matches-exact-shapley': 'a gradient is a slope, not a Shapley value',
    'multi-output': 'a gradient is a slope, not a Shapley value',
  },
});

runExplainerConformance('GradientExplainer smoothgrad', {
  make: (model) => new GradientExplainer(model.differentiable, { method: 'smoothgrad', samples: 16 }),
  tol: 1e-5,
  exclude: {
    'local-accuracy': 'an averaged gradient is a slope, not a decomposition of f(x)',
    symmetry: 'independent noise on x0 and x1 makes their averaged gradients differ',
    'matches-exact-shapley': 'an averaged gradient is not a Shapley value',
    'multi-output': 'an averaged gradient is not a Shapley value',
  },
});

/** f(x) = [x0·x1, 3·x0 − x1²]: IG from 0 is [x0x1/2, x0x1/2] and [3x0, −x1²] in closed form. */
const product: DifferentiableModel = {
  inputShape: [2],
  outputs: 2,
  apply: (x) => {
    const [a, b] = tf.split(x as tf.Tensor2D, 2, 1);
    return tf.concat([tf.mul(a, b), tf.sub(tf.mul(3, a), tf.square(b))], 1) as tf.Tensor2D;
  },
};

test('integratedGradients matches the closed form on f = x0·x1 and f = 3x0 − x1²', () => {
  const x = new Float32Array([2, 3, -1, 0.5]);
  const ig0 = integratedGradients(product, x, 2, { target: 0, steps: 16 });
  const want0 = [3, 3, -0.25, -0.25];
  ig0.values.forEach((v, i) => assert.ok(Math.abs(v - want0[i]) < 1e-5, `${v} vs ${want0[i]}`));
  const ig1 = integratedGradients(product, x, 2, { target: 1, steps: 16 });
  // ∫ −2αx1 dα · x1 = −x1² exactly by the midpoint rule (the integrand is linear in α).
  const want1 = [6, -9, -3, -0.25];
  ig1.values.forEach((v, i) => assert.ok(Math.abs(v - want1[i]) < 1e-4, `${v} vs ${want1[i]}`));
  assert.ok(ig1.completenessError.every((e) => e < 1e-5));
  assert.deepEqual(Array.from(ig1.outputsAtX), [-3, -3.25]);
});

test('Integrated Gradients on a small CNN: completeness error ≤ 1% with 128 steps', () => {
  const model = buildModel(
    {
      name: 'tiny-cnn',
      inputShape: [8, 8, 1],
      layers: [
        { type: 'conv2d', filters: 4, kernelSize: 3, activation: 'relu' },
        { type: 'maxPool2d', poolSize: 2 },
        { type: 'flatten' },
        { type: 'dense', units: 3, activation: 'softmax' },
      ],
    },
    7,
  );
  const dm = differentiable(model);
  const x = Float32Array.from({ length: 2 * 64 }, (_, i) => ((i * 37) % 64) / 64);
  const ig = integratedGradients(dm, x, 2, { steps: 128 });
  for (let r = 0; r < 2; r++) {
    assert.ok(ig.completenessError[r] <= 0.01, `row ${r}: completeness error ${ig.completenessError[r]}`);
    const sum = ig.values.slice(r * 64, (r + 1) * 64).reduce((a, b) => a + b, 0);
    const diff = ig.outputsAtX[r] - ig.outputsAtBaseline[r];
    assert.ok(Math.abs(sum - diff) <= 0.01 * Math.abs(diff));
  }
  // Few steps on a ReLU network leave a visible gap, which the check reports rather than hides.
  const coarse = integratedGradients(dm, x, 2, { steps: 1 });
  assert.ok(coarse.completenessError.some((e) => e > ig.completenessError[0]));
  model.dispose();
});

test('saliency of a linear model is |w| for every row; the top target follows the larger output', () => {
  const lin: DifferentiableModel = {
    inputShape: [3],
    outputs: 2,
    apply: (x) => tf.matMul(x as tf.Tensor2D, tf.tensor2d([2, 0, -3, 1, 0.5, 0], [3, 2])),
  };
  const x = new Float32Array([1, 0, 0, 0, 1, 0]);
  assert.deepEqual(Array.from(resolveTargets(lin, x, 2, 'top')), [0, 1]);
  const s = saliency(lin, x, 2);
  assert.deepEqual(Array.from(s.values), [2, 3, 0.5, 0, 1, 0]);
  const signed = saliency(lin, x, 2, { target: 0, absolute: false });
  assert.deepEqual(Array.from(signed.values), [2, -3, 0.5, 2, -3, 0.5]);
});

test('smoothGrad of f = Σ x² averages 2(x + noise) to about 2x; of a linear model it is exact', () => {
  const sq: DifferentiableModel = {
    inputShape: [2],
    outputs: 1,
    apply: (x) => tf.sum(tf.square(x), 1, true) as tf.Tensor2D,
  };
  const x = new Float32Array([1, -1]);
  const sg = smoothGrad(sq, x, 1, { samples: 400, noiseLevel: 0.1, seed: 3 });
  // σ = 0.1 · 2 = 0.2; the mean of 400 draws is within 3σ/√400 = 0.03 of 0, so 2x ± 0.06.
  assert.ok(Math.abs(sg.values[0] - 2) < 0.06 && Math.abs(sg.values[1] + 2) < 0.06, `${sg.values}`);
  assert.deepEqual(
    smoothGrad(sq, x, 1, { samples: 8, seed: 3 }),
    smoothGrad(sq, x, 1, { samples: 8, seed: 3 }),
  );
});

test('gradient methods reject bad targets and inputs', () => {
  expectError(() => saliency(product, new Float32Array(4), 2, { target: 5 }), 'EXPLAIN_BAD_TARGET', 'target');
  expectError(
    () => integratedGradients(product, new Float32Array(3), 2),
    'EXPLAIN_BAD_INPUT',
    'integratedGradients x',
  );
});
