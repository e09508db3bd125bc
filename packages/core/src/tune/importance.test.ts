import { test } from 'node:test';
import assert from 'node:assert/strict';
import { correlationRatio, paramImportance } from './importance.ts';

test('correlation ratio matches a hand computation', () => {
  // groups a: [1, 3] (mean 2), b: [5, 7] (mean 6); grand mean 4
  // between = 2·(2−4)² + 2·(6−4)² = 16; total = 9 + 1 + 1 + 9 = 20 → 0.8
  assert.equal(correlationRatio(['a', 'a', 'b', 'b'], [1, 3, 5, 7]), 0.8);
  assert.equal(correlationRatio(['a', 'b', 'c'], [1, 1, 1]), 0);
  assert.equal(correlationRatio(['a', 'b'], [1, 2]), 1);
});

test('the parameter the objective depends on ranks first with η² = 1', () => {
  const trials = [];
  for (let i = 0; i < 12; i++) {
    const kind = ['x', 'y', 'z'][i % 3];
    const noise = (i * 7) % 5;
    trials.push({ params: { kind, noise }, value: kind === 'y' ? 1 : 0 });
  }
  const imp = paramImportance(
    { kind: { type: 'choice', values: ['x', 'y', 'z'] }, noise: { type: 'int', low: 0, high: 4 } },
    trials,
  );
  assert.equal(imp[0].param, 'kind');
  assert.ok(Math.abs(imp[0].eta2 - 1) < 1e-12);
  assert.ok(imp[1].eta2 < 0.3, `noise η² ${imp[1].eta2}`);
  assert.ok(Math.abs(imp[0].share + imp[1].share - 1) < 1e-12);
});

test('numeric parameters are binned by rank; inactive trials form their own group', () => {
  // 4 trials → 2 bins by rank: {0.1, 0.2} and {0.8, 0.9}; values follow the bins exactly
  const imp = paramImportance({ lr: { type: 'float', low: 0, high: 1 } }, [
    { params: { lr: 0.9 }, value: 5 },
    { params: { lr: 0.1 }, value: 1 },
    { params: { lr: 0.8 }, value: 5 },
    { params: { lr: 0.2 }, value: 1 },
  ]);
  assert.equal(imp[0].eta2, 1);
  const cond = paramImportance({ m: { type: 'float', low: 0, high: 1 } }, [
    { params: {}, value: 0 },
    { params: {}, value: 0 },
    { params: { m: 0.5 }, value: 1 },
  ]);
  assert.equal(cond[0].eta2, 1);
  assert.deepEqual(
    paramImportance({ a: { type: 'int', low: 0, high: 1 } }, [{ params: { a: 1 }, value: 1 }]),
    [{ param: 'a', eta2: 0, share: 0 }],
  );
});
