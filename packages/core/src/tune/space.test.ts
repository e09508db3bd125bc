import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { expectError } from '../util/expect-error.ts';
import { mulberry32 } from '../train/rng.ts';
import { applyParams, isActive, sampleSpace, snap, validateSpace, type SearchSpace } from './space.ts';
import { gridPoints, paramGrid } from './grid.ts';

const space: SearchSpace = {
  'train.optimizer.name': { type: 'choice', values: ['adam', 'momentum'] },
  'train.optimizer.momentum': {
    type: 'float',
    low: 0.5,
    high: 0.99,
    when: { param: 'train.optimizer.name', in: ['momentum'] },
  },
  'train.optimizer.learningRate': { type: 'float', low: 1e-4, high: 1e-1, log: true },
  'train.batchSize': { type: 'int', low: 16, high: 64, step: 16 },
};

test('validateSpace orders parents before children and rejects bad specs with where', () => {
  const order = validateSpace({
    child: { type: 'int', low: 0, high: 1, when: { param: 'p', in: ['a'] } },
    p: { type: 'choice', values: ['a', 'b'] },
  });
  assert.deepEqual(order, ['p', 'child']);
  expectError(
    () => validateSpace({ lr: { type: 'float', low: 0, high: 1, log: true } }),
    'TUNE_BAD_SPACE',
    'search.lr',
    /low > 0/,
  );
  expectError(() => validateSpace({ n: { type: 'int', low: 5, high: 2 } }), 'TUNE_BAD_SPACE', 'search.n');
  expectError(() => validateSpace({ c: { type: 'choice', values: [] } }), 'TUNE_BAD_SPACE', 'search.c');
  expectError(
    () => validateSpace({ x: { type: 'int', low: 0, high: 1, when: { param: 'nope', in: [1] } } }),
    'TUNE_BAD_SPACE',
    'search.x.when',
  );
  expectError(
    () =>
      validateSpace({
        p: { type: 'choice', values: ['a'] },
        x: { type: 'int', low: 0, high: 1, when: { param: 'p', in: ['z'] } },
      }),
    'TUNE_BAD_SPACE',
    'search.x.when.in',
  );
});

test('snap puts values on the step grid inside the bounds', () => {
  assert.equal(snap({ type: 'int', low: 16, high: 64, step: 16 }, 41), 48);
  assert.equal(snap({ type: 'int', low: 16, high: 64, step: 16 }, 99), 64);
  assert.equal(snap({ type: 'float', low: 0, high: 1, step: 0.1 }, 0.34), 0.3);
  assert.equal(snap({ type: 'int', low: 1, high: 10 }, 3.6), 4);
});

test('sampled points stay in bounds, respect steps and carry conditional params only when active (property)', () => {
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 2 ** 31 }), (seed) => {
      const p = sampleSpace(space, mulberry32(seed));
      const lr = p['train.optimizer.learningRate'] as number;
      assert.ok(lr >= 1e-4 && lr <= 1e-1);
      assert.ok([16, 32, 48, 64].includes(p['train.batchSize'] as number));
      assert.equal('train.optimizer.momentum' in p, p['train.optimizer.name'] === 'momentum');
      if (p['train.optimizer.name'] === 'momentum') {
        const m = p['train.optimizer.momentum'] as number;
        assert.ok(m >= 0.5 && m <= 0.99);
      }
    }),
    { numRuns: 200 },
  );
});

test('log sampling is uniform in log space: about half the draws fall below the geometric midpoint', () => {
  const rand = mulberry32(7);
  let below = 0;
  for (let i = 0; i < 4000; i++)
    if (
      (sampleSpace({ lr: space['train.optimizer.learningRate'] }, rand).lr as number) < Math.sqrt(1e-4 * 1e-1)
    )
      below++;
  assert.ok(Math.abs(below / 4000 - 0.5) < 0.03, `fraction ${below / 4000}`);
});

test('grid enumerates exactly the product, expanding a conditional child only under its parent value', () => {
  assert.deepEqual(paramGrid({ type: 'float', low: 1e-3, high: 1e-1, log: true }, 3), [1e-3, 0.01, 1e-1]);
  assert.deepEqual(paramGrid({ type: 'int', low: 16, high: 64, step: 16 }), [16, 32, 48, 64]);
  const pts = gridPoints(space, { floatPoints: 3 });
  // adam: 3 lr × 4 batch = 12; momentum: 3 momenta × 12 = 36
  assert.equal(pts.length, 48);
  assert.equal(new Set(pts.map((p) => JSON.stringify(p))).size, 48);
  assert.deepEqual(pts[0], {
    'train.optimizer.name': 'adam',
    'train.optimizer.learningRate': 1e-4,
    'train.batchSize': 16,
  });
  assert.equal(pts.filter((p) => 'train.optimizer.momentum' in p).length, 36);
  assert.deepEqual(
    gridPoints({ a: { type: 'choice', values: [1, 2] }, b: { type: 'choice', values: ['x', 'y', 'z'] } }),
    [
      { a: 1, b: 'x' },
      { a: 1, b: 'y' },
      { a: 1, b: 'z' },
      { a: 2, b: 'x' },
      { a: 2, b: 'y' },
      { a: 2, b: 'z' },
    ],
  );
});

test('isActive follows the parent chain', () => {
  const s: SearchSpace = {
    a: { type: 'choice', values: ['on', 'off'] },
    b: { type: 'choice', values: [1, 2], when: { param: 'a', in: ['on'] } },
    c: { type: 'int', low: 0, high: 3, when: { param: 'b', in: [2] } },
  };
  assert.equal(isActive(s, 'c', { a: 'on', b: 2 }), true);
  assert.equal(isActive(s, 'c', { a: 'off', b: 2 }), false);
  assert.equal(isActive(s, 'c', { a: 'on', b: 1 }), false);
});

test('applyParams sets dot paths in a copy and explains paths through non-objects', () => {
  const config = { train: { epochs: 3 }, model: { layers: [{ type: 'dense', units: 8 }] } };
  const out = applyParams(config, { 'train.optimizer.learningRate': 0.01, 'model.layers.0.units': 32 });
  assert.deepEqual(out, {
    train: { epochs: 3, optimizer: { learningRate: 0.01 } },
    model: { layers: [{ type: 'dense', units: 32 }] },
  });
  assert.equal(config.model.layers[0].units, 8);
  expectError(
    () => applyParams({ model: 'mlp' }, { 'model.layers.0.units': 3 }),
    'TUNE_BAD_PATH',
    'search.model.layers.0.units',
    /model is "mlp"/,
  );
});
