import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrontierError } from '../util/errors.ts';
import { renderSvg, type VegaLiteSpec } from './render-svg.ts';
import { countMarks } from './svg-test-util.ts';

const isFrontier = (code: string, pattern: RegExp) => (e: unknown) =>
  e instanceof FrontierError && e.code === code && pattern.test(e.message);

describe('renderSvg', () => {
  it('renders a spec to a standalone SVG document of the spec size', async () => {
    const spec: VegaLiteSpec = {
      data: {
        values: [
          { x: 1, y: 2 },
          { x: 2, y: 4 },
        ],
      },
      mark: 'point',
      width: 200,
      height: 100,
      autosize: { type: 'none' },
      padding: 0,
      encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
    };
    const svg = await renderSvg(spec);
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /<\/svg>$/);
    assert.match(svg, /^<svg[^>]* width="200" height="100"/);
    assert.equal(countMarks(svg, 'point'), 2);
  });

  it('turns a spec that does not compile into a FrontierError naming the problem', async () => {
    const bad = { data: { values: [] }, encoding: { x: { field: 'a', type: 'nominal' } } };
    await assert.rejects(renderSvg(bad as unknown as VegaLiteSpec), (e: unknown) => {
      assert.ok(e instanceof FrontierError);
      assert.equal(e.code, 'REPORT_CHART_INVALID');
      assert.match(e.message, /does not compile: Invalid specification.*"mark"/);
      return true;
    });
  });

  it('turns a broken expression into a FrontierError quoting it', async () => {
    const spec: VegaLiteSpec = {
      title: 'broken',
      data: { values: [{ a: 1 }] },
      transform: [{ calculate: 'datum.a +* 2', as: 'b' }],
      mark: 'point',
      encoding: { x: { field: 'b', type: 'quantitative' } },
    };
    await assert.rejects(renderSvg(spec), (e: unknown) => {
      assert.ok(e instanceof FrontierError);
      assert.equal(e.code, 'REPORT_CHART_INVALID');
      assert.equal(e.where, 'chart "broken"');
      assert.match(e.message, /\+\*|Unexpected/);
      return true;
    });
  });

  it('refuses to load data from a URL or file', async () => {
    const spec: VegaLiteSpec = {
      data: { url: 'data/cars.json' },
      mark: 'point',
      encoding: { x: { field: 'a', type: 'quantitative' } },
    };
    await assert.rejects(renderSvg(spec), isFrontier('REPORT_CHART_EXTERNAL', /data\/cars\.json/));
  });
});
