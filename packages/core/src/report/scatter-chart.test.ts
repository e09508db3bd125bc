import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderSvg } from './render-svg.ts';
import { scatterSpec } from './scatter-chart.ts';
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

describe('scatterSpec', () => {
  it('puts a labelled point per technique and joins the frontier', async () => {
    const svg = await renderSvg(scatterSpec(rows, 'size', 'accuracy', { frontier: ['baseline', 'int8'] }));
    assert.equal(countMarks(svg, 'point'), 3);
    assert.deepEqual(markTexts(svg).sort(), ['baseline', 'int8', 'pruned']);
    assert.equal(countMarks(svg, 'line mark'), 1);
    assert.deepEqual(axisTitles(svg).sort(), ['Accuracy (%)', 'size (MiB)']);
    const points = markLabels(svg, 'point');
    assert.ok(points.some((l) => l.includes('technique: int8')));
  });

  it('keeps every label clear of the others and names the points it could not label', async () => {
    // 12 techniques at one spot and one far away: a few labels fit around the crowd.
    const crowd: TechniqueRow[] = Array.from({ length: 12 }, (_, i) => ({
      technique: `variant-${i}`,
      description: '',
      metrics: { accuracy: { value: 0.98, unit: 'ratio' }, size: { value: 1024 * 1024, unit: 'bytes' } },
    }));
    crowd.push({
      technique: 'far',
      description: '',
      metrics: { accuracy: { value: 0.9, unit: 'ratio' }, size: { value: 4 * 1024 * 1024, unit: 'bytes' } },
    });
    const spec = scatterSpec(crowd, 'size', 'accuracy');
    const svg = await renderSvg(spec);
    const labelled = markTexts(svg);
    assert.equal(countMarks(svg, 'point'), 13);
    assert.ok(labelled.includes('far'));
    const title = (spec as { title?: { text: string[] } }).title?.text.join(' ') ?? '';
    const unlabelled = /^Not labelled \(no room\): (.*)$/.exec(title)?.[1].split(', ') ?? [];
    assert.ok(unlabelled.length > 0, title);
    // every technique is either labelled on the chart or named in its title, once
    assert.deepEqual([...labelled, ...unlabelled].sort(), crowd.map((r) => r.technique).sort());
  });

  it('zooms both axes to the data with a 10 % margin, percentages within 0–100', () => {
    const spec = scatterSpec(rows, 'size', 'accuracy') as {
      encoding: { x: { scale: { domain: number[] } }; y: { scale: { domain: number[] } } };
    };
    // size 0.5–2 MiB: ± 0.15; accuracy 97–98 %: ± 0.1
    assert.deepEqual(spec.encoding.x.scale.domain, [0.35, 2.15]);
    const [lo, hi] = spec.encoding.y.scale.domain;
    assert.ok(Math.abs(lo - 96.9) < 1e-9 && Math.abs(hi - 98.1) < 1e-9, `${lo}–${hi}`);
  });
});
