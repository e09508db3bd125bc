import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareRuns } from './compare.ts';
import type { RunDetail } from './store.ts';

function run(id: string, params: Record<string, string>, metrics: Record<string, number>): RunDetail {
  return {
    id,
    experimentId: 1,
    experiment: 'e',
    name: id,
    status: 'finished',
    startTime: 0,
    endTime: 1,
    gitSha: null,
    config: {},
    seed: null,
    versions: {},
    host: null,
    heartbeatAt: null,
    lastStep: null,
    error: null,
    resumedFrom: null,
    params,
    metrics: Object.fromEntries(
      Object.entries(metrics).map(([key, value]) => [key, { key, step: 9, value, time: 1 }]),
    ),
  };
}

test('compareRuns builds sorted param rows then metric rows, marking differences and gaps', () => {
  const table = compareRuns([
    run('r1', { lr: '0.01', opt: 'adam' }, { acc: 0.9, loss: 0.3 }),
    run('r2', { lr: '0.001', opt: 'adam' }, { acc: 0.95 }),
  ]);
  assert.deepEqual(table, {
    runIds: ['r1', 'r2'],
    rows: [
      { kind: 'param', key: 'lr', values: ['0.01', '0.001'], differs: true },
      { kind: 'param', key: 'opt', values: ['adam', 'adam'], differs: false },
      { kind: 'metric', key: 'acc', values: [0.9, 0.95], differs: true },
      { kind: 'metric', key: 'loss', values: [0.3, null], differs: true },
    ],
  });
  assert.deepEqual(compareRuns([]), { runIds: [], rows: [] });
});
