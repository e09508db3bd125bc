import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { confusionMatrixSpec, trainingCurvesSpec } from './charts.ts';
import { renderSvg } from './render-svg.ts';
import { axisTitles, countMarks, markLabels, markTexts } from './svg-test-util.ts';
import type { HistoryPoint } from './types.ts';

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

describe('confusionMatrixSpec labels', () => {
  const xAxis = (labels: string[]) =>
    (
      confusionMatrixSpec({ labels, matrix: labels.map(() => labels.map(() => 1)) }) as {
        encoding: { x: { axis: { labelAngle: number } } };
      }
    ).encoding.x.axis;

  it('keeps short class names level and tilts names wider than a cell', () => {
    assert.equal(xAxis(['0', '1', '2']).labelAngle, 0);
    // 'T-shirt/top' is about 73 px at 11 px, wider than a 40 px cell
    assert.equal(xAxis(['T-shirt/top', 'Trouser', 'Pullover']).labelAngle, -40);
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
