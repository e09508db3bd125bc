import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrontierError } from '../util/errors.ts';
import { renderReportHtml, scopeSvgIds } from './html.ts';
import { sampleReport } from './sample-report.ts';

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><rect width="1" height="1"/></svg>';

/** The text of every <th> in the matrix table's header row, tags stripped. */
function headers(html: string): string[] {
  const thead = /<thead>(.*?)<\/thead>/s.exec(html)?.[1] ?? '';
  return [...thead.matchAll(/<th[^>]*>(.*?)<\/th>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
}

/** The cells of the matrix row whose technique is `name`. */
function rowCells(html: string, name: string): string[] {
  const row = [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].find((m) =>
    m[1].includes(`<div class="name">${name}</div>`),
  );
  assert.ok(row, `no row for ${name}`);
  return [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
}

describe('renderReportHtml', () => {
  it('puts units in the column headers and formats each column on one scale', () => {
    const html = renderReportHtml(sampleReport(), {});
    assert.deepEqual(headers(html), [
      'Technique',
      'accuracy (%)',
      'size (KiB)',
      'latency p50 (ms)',
      'latency p99 (ms)',
    ]);
    assert.deepEqual(rowCells(html, 'baseline'), ['99.09', '221.5', '1.23', '3.90']);
    assert.deepEqual(rowCells(html, 'int8 quantization'), ['99.02', '56.8', '1.30', '4.12']);
  });

  it('shows a dash where a technique lacks a metric', () => {
    const r = sampleReport();
    delete r.matrix[3].metrics.size;
    assert.deepEqual(rowCells(renderReportHtml(r, {}), 'distillation'), ['98.51', '—', '0.51', '1.83']);
  });

  it('escapes everything the user provides', () => {
    const r = sampleReport();
    const evil = `<img src=x onerror="alert('x')">&`;
    r.title = evil;
    r.runId = evil;
    r.dataset.name = evil;
    r.dataset.classes = [evil];
    r.model.name = evil;
    r.model.summary = evil;
    r.environment = { [evil]: evil };
    r.matrix[0].technique = evil;
    r.matrix[0].description = evil;
    r.matrix[0].notes = [evil];
    r.matrix[0].metrics = { [evil]: { value: 1, unit: evil } };
    r.createdAt = evil;
    const html = renderReportHtml(r, { [evil]: SVG });
    assert.ok(!html.includes('<img'), 'raw tag leaked');
    const escaped = '&lt;img src=x onerror=&quot;alert(&#39;x&#39;)&quot;&gt;&amp;';
    // title ×2 (<title>, <h1>), run id ×2, time ×2, dataset, class, model name, summary,
    // env key + value, technique, description, note, metric header, its unit, chart caption.
    assert.equal(html.split(escaped).length - 1, 18);
  });

  it('is self-contained: no scripts, no external references', () => {
    const r = sampleReport();
    r.sections = [{ title: 'Explanations', html: '<p class="x">already <b>HTML</b></p>' }];
    const html = renderReportHtml(r, { 'Training curves': SVG });
    assert.ok(!/<script|<link|<iframe|\ssrc=|@import|url\(http/i.test(html));
    assert.match(html, /^<!doctype html>\n<html lang="en">/);
    assert.ok(
      html.includes('<h2>Explanations</h2>\n<div class="card"><p class="x">already <b>HTML</b></p></div>'),
    );
    assert.ok(html.includes('<figcaption>Training curves</figcaption>\n<svg'));
  });

  it('keeps the page order: facts, matrix, charts, summary, extra sections', () => {
    const r = sampleReport();
    r.sections = [{ title: 'Privacy', html: '<p>ε</p>' }];
    const html = renderReportHtml(r, { chart: SVG });
    const at = (s: string) => html.indexOf(s);
    const order = [
      '<h1>',
      'Dataset</h3>',
      'Technique matrix',
      '<h2>Charts',
      '<pre class="summary">',
      '<h2>Privacy',
    ].map(at);
    assert.ok(order.every((i) => i > 0));
    assert.deepEqual(
      [...order].sort((a, b) => a - b),
      order,
    );
  });

  it('formats the run time as UTC and counts techniques', () => {
    const html = renderReportHtml(sampleReport(), {});
    assert.ok(html.includes('<time datetime="2026-11-29T16:30:00.000Z">2026-11-29 16:30:00 UTC</time>'));
    assert.ok(html.includes('<b>5</b> techniques evaluated'));
    assert.ok(html.includes('<dt>train</dt><dd>60,000 examples</dd>'));
    assert.ok(html.includes('<dt>parameters</dt><dd>56,714</dd>'));
  });

  it('refuses a chart that is not SVG', () => {
    assert.throws(
      () => renderReportHtml(sampleReport(), { bad: '<div>not svg</div>' }),
      (e: unknown) =>
        e instanceof FrontierError && e.code === 'REPORT_CHART_NOT_SVG' && e.where === 'charts["bad"]',
    );
  });
});

describe('scopeSvgIds', () => {
  it('prefixes ids and the references to them, nothing else', () => {
    const svg =
      '<svg><clipPath id="clip1"><rect/></clipPath><g clip-path="url(#clip1)"><use href="#clip1"/><a href="#top"/></g></svg>';
    assert.equal(
      scopeSvgIds(svg, 'c0'),
      '<svg><clipPath id="c0-clip1"><rect/></clipPath><g clip-path="url(#c0-clip1)"><use href="#c0-clip1"/><a href="#top"/></g></svg>',
    );
  });
});
