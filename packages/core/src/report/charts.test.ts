import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrontierError } from '../util/errors.ts';
import { confusionMatrixSpec, scatterSpec, techniqueBarSpec, trainingCurvesSpec } from './charts.ts';
import { renderSvg } from './render-svg.ts';
import { axisTitles, countMarks, markLabels, markTexts } from './svg-test-util.ts';
import type { HistoryPoint, TechniqueRow } from './types.ts';

const rows: TechniqueRow[] = [
  {
    technique: 'baseline',
    description: 'as trained',
    metrics: { accuracy: { value: 0.98, unit: 'ratio' }, size: { value: 2 * 1024 * 1024, unit: 'bytes' } },
  },
  {
    technique: 'pruned',
    description: '50 % sparsity',
    metrics: { accuracy: { value: 0.97, unit: 'ratio' }, size: { value: 1024 * 1024, unit: 'bytes' } },
  },
  {
    technique: 'int8',
    description: '8-bit weights',
    metrics: { accuracy: { value: 0.975, unit: 'ratio' }, size: { value: 512 * 1024, unit: 'bytes' } },
  },
];

describe('techniqueBarSpec', () => {
  it('draws one bar per technique, in row order, with the unit in the axis title', async () => {
    const svg = await renderSvg(techniqueBarSpec(rows, 'accuracy'));
    assert.equal(countMarks(svg, 'bar'), 3);
    assert.ok(axisTitles(svg).includes('accuracy (%)'), `axis titles: ${axisTitles(svg).join(' | ')}`);
    // Ratios are shown as percentages with two decimals.
    assert.deepEqual(markTexts(svg), ['98.00', '97.00', '97.50']);
    assert.deepEqual(
      markLabels(svg, 'bar').map((l) => /technique: (.*)$/.exec(l)?.[1]),
      ['baseline', 'pruned', 'int8'],
    );
  });

  it('scales bytes to one unit for the whole axis', async () => {
    const svg = await renderSvg(techniqueBarSpec(rows, 'size'));
    assert.ok(axisTitles(svg).includes('size (MiB)'));
    assert.deepEqual(markTexts(svg), ['2.00', '1.00', '0.50']);
  });

  it('leaves out rows without the metric', async () => {
    const partial = [...rows, { technique: 'distilled', description: '', metrics: {} }];
    const svg = await renderSvg(techniqueBarSpec(partial, 'accuracy'));
    assert.equal(countMarks(svg, 'bar'), 3);
  });

  it('escapes technique names inside the SVG', async () => {
    const hostile = [{ ...rows[0], technique: '<script>x</script>&' }];
    const svg = await renderSvg(techniqueBarSpec(hostile, 'accuracy'));
    assert.ok(!svg.includes('<script>'));
    assert.ok(svg.includes('&lt;script&gt;x&lt;/script&gt;&amp;'));
  });

  it('refuses a metric measured in two units', () => {
    const mixed = [rows[0], { ...rows[1], metrics: { accuracy: { value: 97, unit: 'percent' } } }];
    assert.throws(
      () => techniqueBarSpec(mixed, 'accuracy'),
      (e: unknown) =>
        e instanceof FrontierError && e.code === 'REPORT_UNIT_MISMATCH' && /pruned/.test(e.message),
    );
  });
});

describe('confusionMatrixSpec', () => {
  it('draws a cell per (true, predicted) pair with its count as text', async () => {
    const matrix = [
      [5, 1, 0],
      [2, 7, 1],
      [0, 3, 9],
    ];
    const svg = await renderSvg(confusionMatrixSpec({ labels: ['cat', 'dog', 'eel'], matrix }));
    assert.equal(countMarks(svg, 'rect mark'), 9);
    assert.deepEqual(
      markTexts(svg)
        .map(Number)
        .sort((a, b) => a - b),
      matrix.flat().sort((a, b) => a - b),
    );
    // Cell (true dog, predicted cat) holds matrix[1][0].
    assert.ok(markLabels(svg, 'rect mark').includes('predicted class: cat; true class: dog; count: 2'));
    assert.deepEqual(axisTitles(svg).sort(), ['predicted class', 'true class']);
    for (const label of ['cat', 'dog', 'eel'])
      assert.equal(svg.split(`>${label}</text>`).length - 1, 2, label);
  });
});

describe('trainingCurvesSpec', () => {
  it('draws one line per split per metric', async () => {
    const history: HistoryPoint[] = [];
    for (const metric of ['loss', 'accuracy', 'auc'])
      for (const split of ['train', 'validation'] as const)
        for (let epoch = 1; epoch <= 4; epoch++) history.push({ epoch, split, metric, value: 1 / epoch });
    const svg = await renderSvg(trainingCurvesSpec(history));
    const lines = markLabels(svg, 'line mark');
    assert.equal(lines.length, 6);
    assert.equal(lines.filter((l) => l.endsWith('split: train')).length, 3);
    assert.equal(lines.filter((l) => l.endsWith('split: validation')).length, 3);
    assert.equal(countMarks(svg, 'point'), 24);
    for (const metric of ['loss', 'accuracy', 'auc']) assert.ok(svg.includes(`>${metric}</text>`), metric);
  });
});

describe('scatterSpec', () => {
  it('puts a labelled point per technique and joins the frontier', async () => {
    const svg = await renderSvg(scatterSpec(rows, 'size', 'accuracy', { frontier: ['baseline', 'int8'] }));
    assert.equal(countMarks(svg, 'point'), 3);
    assert.deepEqual(markTexts(svg), ['baseline', 'pruned', 'int8']);
    assert.equal(countMarks(svg, 'line mark'), 1);
    assert.deepEqual(axisTitles(svg).sort(), ['accuracy (%)', 'size (MiB)']);
    const points = markLabels(svg, 'point');
    assert.ok(points.some((l) => l.includes('technique: int8')));
  });
});
