import assert from 'node:assert/strict';
import { test } from 'node:test';
import { renderSvg } from '../../report/index.ts';
import { countMarks, markLabels } from '../../report/svg-test-util.ts';
import { expectError } from '../../util/expect-error.ts';
import { attributionHeatmapSpec, featureMapsSpec } from './image-plots.ts';

test('attribution heatmap: an image rect and an attribution rect per pixel, with the values', async () => {
  const svg = await renderSvg(
    attributionHeatmapSpec({
      image: new Float32Array([0, 0.5, 1, 0.25, 0.25, 0.25]),
      attribution: new Float32Array([1, -1, 0, 2, 0, -0.5]),
      height: 2,
      width: 3,
    }),
  );
  assert.equal(countMarks(svg, 'rect mark'), 12);
  const labels = markLabels(svg, 'rect mark');
  assert.ok(labels.includes('col: 0; row: 1; attribution: 2'), labels.join('\n'));
  assert.ok(labels.includes('col: 1; row: 0; pixel: 0.5'), labels.join('\n'));
});

test('attribution heatmap sums attribution channels and averages image channels', async () => {
  const svg = await renderSvg(
    attributionHeatmapSpec({
      image: new Float32Array([0, 1, 1, 1]),
      attribution: new Float32Array([1, 2, 3, 4]),
      height: 1,
      width: 2,
      channels: 2,
    }),
  );
  const labels = markLabels(svg, 'rect mark');
  assert.ok(
    labels.includes('col: 0; row: 0; attribution: 3') && labels.includes('col: 1; row: 0; attribution: 7'),
  );
  assert.ok(labels.includes('col: 0; row: 0; pixel: 0.5'));
  expectError(
    () =>
      attributionHeatmapSpec({
        image: new Float32Array(3),
        attribution: new Float32Array(4),
        height: 2,
        width: 2,
      }),
    'EXPLAIN_BAD_INPUT',
    'attributionHeatmapSpec',
  );
});

test('feature maps: one small heatmap per channel, each scaled to its own max', async () => {
  const values = Float32Array.from({ length: 12 }, (_, i) => i); // 2×2×3, channel c holds c, c+3, c+6, c+9
  const svg = await renderSvg(
    featureMapsSpec({ layer: 'conv', className: 'Conv2D', shape: [2, 2, 3], values }, { maxChannels: 2 }),
  );
  assert.equal(countMarks(svg, 'rect mark'), 8);
  const labels = markLabels(svg, 'rect mark');
  // Channel 1: 1, 4, 7, 10 over max 10.
  assert.ok(
    labels.includes('col: 0; row: 0; activation / max: 0.1') &&
      labels.includes('col: 1; row: 1; activation / max: 1'),
    labels.join('\n'),
  );
  expectError(
    () => featureMapsSpec({ layer: 'dense', className: 'Dense', shape: [4], values: new Float32Array(4) }),
    'EXPLAIN_BAD_INPUT',
    'featureMapsSpec',
  );
});
