import { test } from 'node:test';
import assert from 'node:assert/strict';
import { paretoFrontier } from './pareto.ts';
import type { TechniqueRow } from './types.ts';

const row = (technique: string, bytes: number, accuracy: number): TechniqueRow => ({
  technique,
  description: '',
  metrics: { bytes: { value: bytes, unit: 'bytes' }, accuracy: { value: accuracy, unit: 'ratio' } },
});

test('the Pareto frontier keeps exactly the non-dominated rows', () => {
  const rows = [
    row('baseline', 100, 0.99),
    row('pruned', 20, 0.985),
    row('bad', 50, 0.98),
    row('tiny', 5, 0.9),
    row('tie', 100, 0.99),
  ];
  // bad is dominated by pruned (smaller and more accurate); baseline and tie are equal, neither dominates
  assert.deepEqual(paretoFrontier(rows, 'bytes', 'accuracy'), ['baseline', 'pruned', 'tiny', 'tie']);
  assert.deepEqual(paretoFrontier([], 'bytes', 'accuracy'), []);
});
