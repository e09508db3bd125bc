import assert from 'node:assert/strict';
import { test } from 'node:test';

import { OnednnAdamOptimizer } from './adam.ts';
import { OnednnAdamWOptimizer } from './adamw.ts';
import { OnednnMomentumOptimizer } from './momentum.ts';
import { fusedOptimizer, type FusedOptimizerConfig } from './provider.ts';
import { OnednnRMSPropOptimizer } from './rmsprop.ts';

const base: FusedOptimizerConfig = {
  name: 'adam',
  learningRate: 0.01,
  momentum: 0,
  nesterov: false,
  beta1: 0.8,
  beta2: 0.95,
  weightDecay: 0.02,
  weightDecayExclude: [],
  rho: 0.7,
  centered: false,
};

test('each config maps to the fused optimizer with its hyperparameters, or to none', () => {
  const adam = fusedOptimizer(base);
  assert.ok(adam instanceof OnednnAdamOptimizer);
  assert.deepEqual(adam.getConfig(), { learningRate: 0.01, beta1: 0.8, beta2: 0.95, epsilon: 1e-7 });

  const adamw = fusedOptimizer({ ...base, name: 'adamw', epsilon: 1e-5 });
  assert.ok(adamw instanceof OnednnAdamWOptimizer);
  assert.equal(adamw.weightDecay, 0.02);
  assert.equal(adamw.getConfig().epsilon, 1e-5);
  // Per-name exclusions are not in the native kernel.
  assert.equal(fusedOptimizer({ ...base, name: 'adamw', weightDecayExclude: ['bias'] }), undefined);

  const nesterov = fusedOptimizer({ ...base, name: 'sgd', momentum: 0.9, nesterov: true });
  assert.ok(nesterov instanceof OnednnMomentumOptimizer);
  assert.deepEqual(nesterov.getConfig(), { learningRate: 0.01, momentum: 0.9, useNesterov: true });
  assert.equal(fusedOptimizer({ ...base, name: 'sgd' }), undefined, 'plain SGD has nothing to fuse');

  const rms = fusedOptimizer({ ...base, name: 'rmsprop', momentum: 0.5, centered: true });
  assert.ok(rms instanceof OnednnRMSPropOptimizer);
  assert.deepEqual(
    { ...rms.getConfig() },
    { learningRate: 0.01, decay: 0.7, momentum: 0.5, epsilon: 1e-7, centered: true },
  );
  assert.equal(fusedOptimizer({ ...base, name: 'adagrad' }), undefined);
});
