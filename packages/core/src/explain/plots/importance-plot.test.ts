import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSvg } from '../../report/index.ts';
import { countMarks, markLabels } from '../../report/svg-test-util.ts';
import { importanceBarSpec } from './importance-plot.ts';

test('importance bars: sorted by mean, one whisker of ±std per bar', async () => {
  const svg = await renderSvg(
    importanceBarSpec(
      [
        { feature: 'x0', mean: 0.1, std: 0.02 },
        { feature: 'x1', mean: 0.5, std: 0.1 },
        { feature: 'x2', mean: 0, std: 0 },
      ],
      { axisTitle: 'accuracy drop' },
    ),
  );
  assert.equal(countMarks(svg, 'bar'), 3);
  assert.equal(countMarks(svg, 'rule mark'), 3);
  assert.deepEqual(
    markLabels(svg, 'bar').map((l) => /feature: (x\d)/.exec(l)?.[1]),
    ['x1', 'x0', 'x2'],
  );
  assert.ok(markLabels(svg, 'rule mark').some((l) => l.includes('lo: 0.4') && l.includes('hi: 0.6')));
});
