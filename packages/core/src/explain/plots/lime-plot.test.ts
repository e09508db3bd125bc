import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSvg } from '../../report/index.ts';
import { countMarks, markLabels, markTexts } from '../../report/svg-test-util.ts';
import { limeBarSpec } from './lime-plot.ts';

test('LIME bars: one per selected feature, by |weight|, coloured by sign, weight printed', async () => {
  const svg = await renderSvg(
    limeBarSpec({
      output: 1,
      intercept: 0.2,
      score: 0.91,
      localPrediction: 0.7,
      modelPrediction: 0.72,
      features: [
        { index: 0, name: 'age', description: 'age > 40', weight: 0.12, coefficient: 0.12 },
        { index: 2, name: 'income', description: 'income <= 3', weight: -0.3, coefficient: -0.3 },
      ],
    }),
  );
  assert.equal(countMarks(svg, 'bar'), 2);
  assert.deepEqual(markTexts(svg), ['-0.3', '+0.12']);
  const labels = markLabels(svg, 'bar');
  assert.match(labels[0], /feature: income &lt;= 3/);
  assert.ok(svg.includes('#1e88e5') && svg.includes('#ff0d57'), 'both sign colours used');
  assert.ok(svg.includes('local weight (R² 0.91)'));
});
