import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSvg } from '../../report/index.ts';
import { axisTitles, countMarks, markLabels, markTexts } from '../../report/svg-test-util.ts';
import type { Attribution } from '../types.ts';
import {
  beeswarmOffsets,
  rowContributions,
  shapBarSpec,
  shapDependenceSpec,
  shapForceSpec,
  shapSummarySpec,
  shapWaterfallSpec,
} from './shap-plots.ts';

// 3 rows × 3 features; mean |φ|: a = 1.4, b = 1.0333…, c = 0.3.
const a: Attribution = {
  method: 'test',
  rows: 3,
  features: 3,
  outputs: 1,
  values: new Float64Array([1, -2, 0.5, 0.2, -1, 0, 3, 0.1, -0.4]),
  baseValues: new Float64Array([10]),
  outputsAtX: new Float64Array([9.5, 9.2, 12.7]),
  data: new Float64Array([1, 2, 3, 4, 5, 6, 7, 8, 9]),
  featureNames: ['a', 'b', 'c'],
};

test('bar plot: one bar per feature, largest mean |φ| first, values printed', async () => {
  const svg = await renderSvg(shapBarSpec(a));
  assert.equal(countMarks(svg, 'bar'), 3);
  assert.deepEqual(markTexts(svg), ['1.4', '1.03', '0.3']);
  assert.deepEqual(
    markLabels(svg, 'bar').map((l) => /feature: (\w)/.exec(l)?.[1]),
    ['a', 'b', 'c'],
  );
  assert.equal(countMarks(await renderSvg(shapBarSpec(a, { maxDisplay: 2 })), 'bar'), 2);
});

test('summary (beeswarm) plot: a dot per row and feature, at its φ, rows ordered by importance', async () => {
  const svg = await renderSvg(shapSummarySpec(a));
  assert.equal(countMarks(svg, 'circle'), 9);
  const labels = markLabels(svg, 'circle');
  assert.ok(
    labels.some((l) => l.endsWith('feature: c; value: 9; SHAP: −0.4')),
    labels.join('\n'),
  );
  assert.ok(axisTitles(svg).includes('SHAP value (impact on model output)'));
  // Rank 0 (drawn at the top: the y scale is reversed) is the most important feature, a.
  assert.ok(labels.filter((l) => l.includes('; y: 0;')).every((l) => l.includes('feature: a;')));
  assert.ok(labels.filter((l) => l.includes('; y: 2;')).every((l) => l.includes('feature: c;')));
  const ticks = [...svg.matchAll(/role-axis-label[^>]*>(.*?)<\/g>/g)].flatMap((m) =>
    [...m[1].matchAll(/>([abc])</g)].map((t) => t[1]),
  );
  assert.deepEqual(ticks.sort(), ['a', 'b', 'c']);
});

test('beeswarmOffsets spreads points in one bin alternately up and down, within ±max', () => {
  assert.deepEqual(beeswarmOffsets([0, 0, 0, 0, 1], 10, 0.1, 0.15), [0, -0.1, 0.1, -0.15, 0]);
});

test('waterfall: bars run from E[f(x)] to f(x), labelled with signed φ', async () => {
  const spec = shapWaterfallSpec(a, 0);
  const svg = await renderSvg(spec);
  assert.equal(countMarks(svg, 'bar'), 3);
  assert.equal(countMarks(svg, 'rule mark'), 2);
  assert.deepEqual(markTexts(svg).sort(), ['+0.5', '+1', '-2']);
  assert.ok(axisTitles(svg).includes('E[f(x)] = +10 → f(x) = +9.5'));
  // Bottom-up: c (+0.5) from 10 to 10.5, a (+1) to 11.5, b (−2) to 9.5 = f(x).
  const bars = (spec as { layer: { data: { values: { start: number; end: number }[] } }[] }).layer[0].data
    .values;
  assert.deepEqual(
    bars.map((b) => [b.start, b.end]),
    [
      [10, 10.5],
      [10.5, 11.5],
      [11.5, 9.5],
    ],
  );
});

test('rowContributions merges the tail into "N other features"', () => {
  assert.deepEqual(rowContributions(a, 0, 0, 2), [
    { label: 'b = 2', phi: -2 },
    { label: '2 other features', phi: 1.5 },
  ]);
});

test('force plot: red segments stack up from the base value, blue ones back down to f(x)', async () => {
  const spec = shapForceSpec(a, 2);
  const svg = await renderSvg(spec);
  // Row 2: φ = (3, 0.1, −0.4) → 10 → 13 → 13.1, then down to 12.7 = f(x).
  assert.equal(countMarks(svg, 'bar'), 3);
  assert.equal(countMarks(svg, 'rule mark'), 2);
  const segs = (spec as { layer: { data: { values: { start: number; end: number; lane: string }[] } }[] })
    .layer[0].data.values;
  const rounded = segs.map((s) => [s.lane, +s.start.toFixed(9), +s.end.toFixed(9)]);
  assert.deepEqual(rounded, [
    ['higher', 10, 13],
    ['higher', 13, 13.1],
    ['lower', 12.7, 13.1],
  ]);
  // Segments of ≥ 12% of the span 3.1 are named: a (3) and c (0.4, 12.9%), not b (0.1).
  assert.deepEqual(markTexts(svg), ['a = 7', 'c = 9']);
  assert.ok(
    markLabels(svg, 'bar').some((l) => l.endsWith('feature: a = 7; SHAP: +3')),
    markLabels(svg, 'bar').join('\n'),
  );
});

test('dependence plot: a dot per row at (value, φ), coloured by the strongest correlate', async () => {
  const svg = await renderSvg(shapDependenceSpec(a, 1));
  assert.equal(countMarks(svg, 'circle'), 3);
  assert.ok(axisTitles(svg).includes('SHAP value for b'));
  // a and c are both perfectly correlated with b's φ here; the first found, a, colours the dots.
  assert.ok(svg.includes('>a<'), 'legend titled with the colouring feature');
  const explicit = await renderSvg(shapDependenceSpec(a, 1, { colorBy: 2 }));
  assert.ok(explicit.includes('>c<'));
});
