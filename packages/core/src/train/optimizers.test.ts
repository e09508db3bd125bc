import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { AdamW } from './adamw.ts';
import { makeOptimizer, registerOptimizerProvider, type OptimizerConfig } from './optimizers.ts';
import { expectError } from '../util/expect-error.ts';

/** Applies the constant gradient `g` to a scalar variable starting at `w0` for `steps` steps. */
function run(config: OptimizerConfig, steps: number, g = 0.5, w0 = 1): number[] {
  const opt = makeOptimizer(config);
  const w = tf.variable(tf.scalar(w0));
  const out: number[] = [];
  for (let i = 0; i < steps; i++) {
    const grad = tf.scalar(g);
    opt.applyGradients({ [w.name]: grad });
    grad.dispose();
    out.push(w.dataSync()[0]);
  }
  opt.dispose();
  w.dispose();
  return out;
}

const close = (actual: number[], expected: number[], tol = 1e-6) =>
  actual.forEach((a, i) =>
    assert.ok(Math.abs(a - expected[i]) < tol, `step ${i + 1}: ${a} vs ${expected[i]}`),
  );

test('SGD, momentum and Nesterov steps match hand computation', () => {
  // w − lr·g = 1 − 0.1·0.5
  close(run({ name: 'sgd', learningRate: 0.1 }, 2), [0.95, 0.9]);
  // v1 = 0.5, w = 0.95; v2 = 0.9·0.5 + 0.5 = 0.95, w = 0.95 − 0.095
  close(run({ name: 'sgd', learningRate: 0.1, momentum: 0.9 }, 2), [0.95, 0.855]);
  close(run({ name: 'momentum', learningRate: 0.1 }, 2), [0.95, 0.855]);
  // Nesterov: w −= lr·(g + m·v): 1 − 0.1·(0.5 + 0.45) = 0.905; 0.905 − 0.1·(0.5 + 0.855) = 0.7695
  close(run({ name: 'sgd', learningRate: 0.1, momentum: 0.9, nesterov: true }, 2), [0.905, 0.7695]);
});

test('Adam and AdamW (decoupled weight decay) steps match hand computation', () => {
  // With a constant gradient the bias-corrected m̂/√v̂ is exactly 1 (up to ε = 1e-7): each step moves lr.
  // float32 bias corrections leave ~2e-6 of rounding, hence the 1e-5 tolerance.
  close(run({ name: 'adam', learningRate: 0.1 }, 2), [0.9, 0.8], 1e-5);
  // AdamW: w ← w·(1 − lr·wd) then the Adam step. 1·0.99 − 0.1 = 0.89; 0.89·0.99 − 0.1 = 0.7811
  close(run({ name: 'adamw', learningRate: 0.1, weightDecay: 0.1 }, 2), [0.89, 0.7811], 1e-5);
  // Decay is decoupled: a zero gradient still shrinks the weight by exactly lr·wd.
  close(run({ name: 'adamw', learningRate: 0.1, weightDecay: 0.1 }, 1, 0, 2), [1.98]);
});

test('AdamW skips excluded variables and serializes by name', () => {
  const opt = new AdamW(0.1, { weightDecay: 0.1, exclude: ['bias'] });
  const kernel = tf.variable(tf.scalar(1), true, 'dense/kernel');
  const bias = tf.variable(tf.scalar(1), true, 'dense/bias');
  const g = tf.scalar(0.5);
  opt.applyGradients({ [kernel.name]: g, [bias.name]: g });
  close([kernel.dataSync()[0], bias.dataSync()[0]], [0.89, 0.9]);
  const cls = tf.serialization.SerializationMap.getMap().classNameMap.AdamW;
  assert.ok(cls, 'AdamW is registered');
  const again = AdamW.fromConfig(AdamW, opt.getConfig()) as AdamW;
  assert.equal(again.weightDecay, 0.1);
  assert.deepEqual(again.exclude, ['bias']);
  assert.equal(again.getClassName(), 'AdamW');
  tf.dispose([kernel, bias, g]);
  opt.dispose();
  again.dispose();
});

test('RMSprop and Adagrad steps match hand computation', () => {
  // ms = 0.1·0.25 = 0.025; w = 1 − 0.1·0.5/√0.025
  close(run({ name: 'rmsprop', learningRate: 0.1 }, 1), [1 - 0.05 / Math.sqrt(0.025)], 1e-5);
  // acc = 0.1 + 0.25; w = 1 − 0.1·0.5/√0.35
  close(run({ name: 'adagrad', learningRate: 0.1 }, 1), [1 - 0.05 / Math.sqrt(0.35)], 1e-5);
  // second step: acc = 0.6; w −= 0.05/√0.6
  close(
    run({ name: 'adagrad', learningRate: 0.1 }, 2),
    [1 - 0.05 / Math.sqrt(0.35), 1 - 0.05 / Math.sqrt(0.35) - 0.05 / Math.sqrt(0.6)],
    1e-5,
  );
});

test('bad optimizer fields name the key', () => {
  expectError(
    () => makeOptimizer({ name: 'sgd', momentum: 1.5 }),
    'OPTIMIZER_CONFIG',
    'train.optimizer.momentum',
  );
  expectError(
    () => makeOptimizer({ name: 'adamw', weightDecay: -1 }),
    'OPTIMIZER_CONFIG',
    'train.optimizer.weightDecay',
  );
  expectError(
    () => makeOptimizer({ name: 'lion' as never }),
    'UNKNOWN_OPTIMIZER',
    'train.optimizer.name',
    /lion/,
  );
});

test("the active backend's optimizer provider is consulted with the resolved config", () => {
  const seen: unknown[] = [];
  const own = tf.train.sgd(0.5);
  registerOptimizerProvider(tf.getBackend(), (c) => {
    seen.push(c);
    return c.name === 'rmsprop' ? own : undefined;
  });
  try {
    assert.equal(makeOptimizer({ name: 'rmsprop', momentum: 0.5 }), own);
    assert.deepEqual(seen[0], {
      name: 'rmsprop',
      learningRate: 1e-3,
      momentum: 0.5,
      nesterov: false,
      beta1: 0.9,
      beta2: 0.999,
      epsilon: undefined,
      weightDecay: 0.01,
      weightDecayExclude: [],
      rho: 0.9,
      centered: false,
      initialAccumulatorValue: 0.1,
    });
    // Declined: the tfjs optimizer, still following the config (w − lr·g = 1 − 0.1·0.5).
    close(run({ name: 'sgd', learningRate: 0.1 }, 1), [0.95]);
    // Validation happens before any provider sees the config.
    expectError(() => makeOptimizer({ name: 'adam', beta1: 2 }), 'OPTIMIZER_CONFIG', 'train.optimizer.beta1');
    assert.equal(seen.length, 2);
  } finally {
    registerOptimizerProvider(tf.getBackend(), () => undefined);
    own.dispose();
  }
});
