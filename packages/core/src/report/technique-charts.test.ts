import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrontierError } from '../util/errors.ts';
import { renderSvg } from './render-svg.ts';
import {
  paddedDomain,
  techniqueBarSpec,
  techniqueDotSpec,
  techniqueMetricSpec,
  wrapWords,
  zoomsBetter,
} from './technique-charts.ts';
import { axisTitles, countMarks, markLabels, markTexts } from './svg-test-util.ts';
import type { TechniqueRow } from './types.ts';

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
    assert.ok(axisTitles(svg).includes('Accuracy (%)'), `axis titles: ${axisTitles(svg).join(' | ')}`);
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

  it('leaves out rows without the metric, and skipped rows', async () => {
    const partial = [
      ...rows,
      { technique: 'distilled', description: '', metrics: {} },
      { ...rows[0], technique: 'tuned', skipped: 'no tune section' },
    ];
    const svg = await renderSvg(techniqueBarSpec(partial, 'accuracy'));
    assert.equal(countMarks(svg, 'bar'), 3);
    assert.ok(!svg.includes('tuned'));
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

describe('techniqueDotSpec', () => {
  it('puts a dot per technique on an axis zoomed to the data, value beside it', async () => {
    const spec = techniqueDotSpec(rows, 'accuracy');
    // 97.0–98.0 %, 15 % of the 1-point spread either side
    const [lo, hi] = (spec as unknown as { encoding: { x: { scale: { domain: number[] } } } }).encoding.x
      .scale.domain;
    assert.ok(Math.abs(lo - 96.85) < 1e-9 && Math.abs(hi - 98.15) < 1e-9, `${lo}–${hi}`);
    const svg = await renderSvg(spec);
    assert.equal(countMarks(svg, 'point'), 3);
    assert.equal(countMarks(svg, 'bar'), 0);
    assert.deepEqual(markTexts(svg).sort(), ['97.00', '97.50', '98.00']);
    assert.ok(axisTitles(svg).includes('Accuracy (%)'));
  });
});

describe('techniqueMetricSpec', () => {
  it('draws dots for ratios and close values, bars from zero for values that differ a lot', async () => {
    assert.equal(countMarks(await renderSvg(techniqueMetricSpec(rows, 'accuracy')), 'point'), 3);
    // 2, 1 and 0.5 MiB: bars make the factor of four visible
    assert.equal(countMarks(await renderSvg(techniqueMetricSpec(rows, 'size')), 'bar'), 3);
  });
});

describe('zoomsBetter', () => {
  it('zooms ratios, signed values and series within 80 % of their largest value', () => {
    assert.equal(zoomsBetter('ratio', [0.5, 0.9]), true);
    assert.equal(zoomsBetter('pp', [0.1, 0.2]), true);
    assert.equal(zoomsBetter('ms', [-1, 2]), true);
    assert.equal(zoomsBetter('ms', [0.9, 1.0, 0.85]), true);
    assert.equal(zoomsBetter('ms', [0.4, 1.0]), false);
    assert.equal(zoomsBetter('bytes', [1]), false);
  });
});

describe('paddedDomain', () => {
  it('pads by a share of the spread and keeps within the limits', () => {
    assert.deepEqual(paddedDomain([10, 20], 0.1), [9, 21]);
    assert.deepEqual(paddedDomain([95, 100], 0.2, [0, 100]), [94, 100]);
    // a flat series gets ± 2 % of its value, a flat zero ± 1
    assert.deepEqual(paddedDomain([50, 50], 0.1), [49, 51]);
    assert.deepEqual(paddedDomain([0, 0], 0.1), [-1, 1]);
  });
});

describe('wrapWords', () => {
  it('breaks after spaces within the width, keeping a long word whole', () => {
    assert.deepEqual(wrapWords('aa bb cc dd', 5), ['aa bb', 'cc dd']);
    assert.deepEqual(wrapWords('a verylongword b', 4), ['a', 'verylongword', 'b']);
  });
});
