import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrontierError } from '../util/errors.ts';
import { renderReportHtml, scopeSvgIds } from './html.ts';
import { sampleReport } from './sample-report.ts';

const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100"><rect width="1" height="1"/></svg>';

/** The text of every <th> in the header row of the table with class `cls`, tags stripped. */
function headers(html: string, cls: 'glance' | 'matrix'): string[] {
  const table = new RegExp(
    `<table class="${cls === 'glance' ? 'matrix glance' : 'matrix'}">(.*?)</table>`,
    's',
  );
  const thead = /<thead>(.*?)<\/thead>/s.exec(table.exec(html)?.[1] ?? '')?.[1] ?? '';
  return [...thead.matchAll(/<th[^>]*>(.*?)<\/th>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
}

/** The cells of the full table's row whose technique is `name`. */
function rowCells(html: string, name: string): string[] {
  const row = [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].find((m) =>
    m[1].includes(`<div class="name">${name}</div>`),
  );
  assert.ok(row, `no row for ${name}`);
  return [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1]);
}

/** The cells of the summary table's row whose technique is `name`, tags stripped. */
function glanceCells(html: string, name: string): string[] {
  const row = [...html.matchAll(/<tr[^>]*>(.*?)<\/tr>/gs)].find((m) =>
    m[1].includes(`<span class="name">${name}</span>`),
  );
  assert.ok(row, `no summary row for ${name}`);
  return [...row[1].matchAll(/<td[^>]*>(.*?)<\/td>/g)].map((m) => m[1].replace(/<[^>]+>/g, ''));
}

describe('renderReportHtml', () => {
  it('leads with a summary table of the figures that matter', () => {
    const html = renderReportHtml(sampleReport(), {});
    // the sample has no throughput, so that column is left out
    assert.deepEqual(headers(html, 'glance'), [
      'Technique',
      'Accuracy (%)',
      'Δ accuracy (pp)',
      'Size (KiB)',
      'Compression',
      'p50 latency (ms)',
      'Key figure',
    ]);
    assert.deepEqual(glanceCells(html, 'baseline'), ['99.09', '0.00', '221.5', '1.0×', '1.23', '—']);
    // 226,856 / 121,344 = 1.87×; 98.93 − 99.09 = −0.16 pp
    assert.deepEqual(glanceCells(html, 'magnitude pruning 50%'), [
      '98.93',
      '−0.16',
      '118.5',
      '1.9×',
      '1.21',
      'sparsity 50.0 %',
    ]);
    assert.equal(glanceCells(html, 'DP-SGD (ε = 3)').at(-1), 'ε = 3.00');
    assert.ok(html.includes('<span class="name">baseline</span> <span class="tag">reference</span>'));
  });

  it('puts every metric, units in the headers, in the folded full table', () => {
    const html = renderReportHtml(sampleReport(), {});
    assert.ok(
      html.includes('<details class="card full-matrix">\n<summary>Every metric (6 columns)</summary>'),
    );
    assert.deepEqual(headers(html, 'matrix'), [
      'Technique',
      'accuracy (%)',
      'size (KiB)',
      'latency p50 (ms)',
      'latency p99 (ms)',
      'sparsity (%)',
      'epsilon (ε)',
    ]);
    assert.deepEqual(rowCells(html, 'baseline'), ['99.09', '221.5', '1.23', '3.90', '—', '—']);
    assert.deepEqual(rowCells(html, 'int8 quantization'), ['99.02', '56.8', '1.30', '4.12', '—', '—']);
  });

  it('shows a dash where a technique lacks a metric', () => {
    const r = sampleReport();
    delete r.matrix[3].metrics.size;
    const html = renderReportHtml(r, {});
    assert.deepEqual(rowCells(html, 'distillation'), ['98.51', '—', '0.51', '1.83', '—', '—']);
    assert.deepEqual(glanceCells(html, 'distillation'), ['98.51', '−0.58', '—', '—', '0.51', '—']);
  });

  it('greys a skipped technique and shows its reason instead of numbers', () => {
    const r = sampleReport();
    r.matrix.push({
      technique: 'augmentation',
      description: 'random flips and shifts while training',
      metrics: {},
      skipped: 'augmentation needs images; this study is a <table>',
    });
    const html = renderReportHtml(r, {});
    const reason = 'Skipped: augmentation needs images; this study is a &lt;table&gt;';
    assert.ok(
      html.includes(
        `<tr class="skipped"><th scope="row" class="technique" title="random flips and shifts while training"><span class="name">augmentation</span></th><td colspan="6" class="reason">${reason}</td></tr>`,
      ),
    );
    assert.deepEqual(rowCells(html, 'augmentation'), [reason]);
    assert.ok(html.includes(`<td colspan="6" class="reason">${reason}</td>`));
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
    // env key + value, technique ×2 (summary, full table), description ×2 (summary title,
    // full table), note, metric header, its unit, chart caption.
    assert.equal(html.split(escaped).length - 1, 20);
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
    assert.ok(html.includes('<p class="legend">Δ accuracy (percentage points) and compression'));
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
