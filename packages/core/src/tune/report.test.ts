import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bestSoFar, historySpec, parallelRows, trialValue } from './charts.ts';
import { renderTuneCharts, renderTuneHtml, type TuneReportInput } from './report.ts';
import type { TrialRecord } from './optimize.ts';
import type { SearchSpace } from './space.ts';
import { paramImportance } from './importance.ts';

const space: SearchSpace = {
  lr: { type: 'float', low: 1e-4, high: 1e-2, log: true },
  opt: { type: 'choice', values: ['adam', 'sgd', '<b>'] },
};
const t = (
  number: number,
  state: TrialRecord['state'],
  lr: number,
  opt: string,
  curve: number[],
  value?: number,
): TrialRecord => ({
  number,
  runId: `r${number}`,
  params: { lr, opt },
  state,
  value,
  intermediate: curve.map((v, i) => [i + 1, v]),
});
const trials = [
  t(0, 'finished', 1e-3, 'adam', [0.5, 0.7], 0.7),
  t(1, 'pruned', 1e-4, 'sgd', [0.2]),
  t(2, 'finished', 1e-2, '<b>', [0.6, 0.9], 0.9),
  t(3, 'finished', 1e-4, 'sgd', [0.4, 0.8], 0.8),
];

test('best-so-far and trial values follow the hand-made trials', () => {
  assert.deepEqual(bestSoFar(trials, 'maximize'), [
    [0, 0.7],
    [2, 0.9],
    [3, 0.9],
  ]);
  assert.deepEqual(bestSoFar(trials, 'minimize'), [
    [0, 0.7],
    [2, 0.7],
    [3, 0.7],
  ]);
  assert.equal(trialValue(trials[1]), 0.2);
  const spec = historySpec(trials, 'val_accuracy', 'maximize') as {
    layer: Array<{ data: { values: unknown[] } }>;
  };
  assert.equal(spec.layer[1].data.values.length, 4);
});

test('parallel coordinates scale log params in log space and choices by index', () => {
  const rows = parallelRows(trials, space, 'val_accuracy');
  const of = (trial: number, axis: string) => rows.find((r) => r.trial === trial && r.axis === axis)!.y;
  assert.ok(Math.abs(of(0, 'lr') - 0.5) < 1e-12); // 1e-3 is the log midpoint of [1e-4, 1e-2]
  assert.equal(of(2, 'lr'), 1);
  assert.equal(of(1, 'opt'), 0.5);
  assert.equal(of(2, 'val_accuracy'), 1);
  assert.equal(of(1, 'val_accuracy'), 0);
});

test('the tune page renders three SVG charts, escapes values and marks the best trial', async () => {
  const finished = trials
    .filter((x) => x.state === 'finished')
    .map((x) => ({ params: x.params, value: x.value! }));
  const input: TuneReportInput = {
    result: {
      study: 'demo<x>',
      direction: 'maximize',
      metric: 'val_accuracy',
      trials,
      best: trials[2],
      trialEpochs: 7,
      orphaned: [],
    },
    space,
    sampler: 'tpe',
    pruner: 'asha',
    importance: paramImportance(space, finished),
    bestConfig: { train: { optimizer: { learningRate: 0.01 } } },
  };
  const charts = await renderTuneCharts(input);
  assert.deepEqual(Object.keys(charts).length, 3);
  for (const svg of Object.values(charts)) assert.match(svg.trim(), /^<svg/);
  const html = renderTuneHtml(input, charts);
  assert.ok(html.includes('Study demo&lt;x&gt;'));
  assert.ok(!html.includes('<b>"') && html.includes('&quot;&lt;b&gt;&quot;'));
  assert.match(html, /<tr class="best"><td>2<\/td><td>finished<\/td><td>0\.9000<\/td><td>2<\/td>/);
  assert.match(html, /<b>3<\/b> finished, <b>1<\/b> pruned/);
});
