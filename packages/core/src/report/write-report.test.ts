import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FrontierError } from '../util/errors.ts';
import { sampleReport } from './sample-report.ts';
import { countMarks } from './svg-test-util.ts';
import type { TechniqueRow } from './types.ts';
import { validateReport } from './validate.ts';
import { chartedMetrics, renderReportCharts, writeReport } from './write-report.ts';

let root = '';
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'frontier-report-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('writeReport', () => {
  it('writes report.html and report.json into a new folder, leaving no temp files', async () => {
    const dir = join(root, 'reports', 'run-1');
    const report = sampleReport();
    const { htmlPath, jsonPath } = await writeReport(dir, report);
    assert.equal(htmlPath, join(dir, 'report.html'));
    assert.equal(jsonPath, join(dir, 'report.json'));
    assert.deepEqual((await readdir(dir)).sort(), ['report.html', 'report.json']);

    const json = await readFile(jsonPath, 'utf8');
    assert.deepEqual(validateReport(JSON.parse(json)), report);
    assert.match(json, /^\{\n {2}"runId"/);

    const html = await readFile(htmlPath, 'utf8');
    // accuracy as 5 dots on a zoomed axis; size and both latencies as 3 × 5 = 15 bars (sparsity
    // and epsilon are one row each: no chart); a 10×10 confusion matrix; 2 metrics × 2 splits of curves.
    assert.equal(countMarks(html, 'bar'), 15);
    assert.equal(countMarks(html, 'point'), 5 + 2 * 2 * 3);
    assert.equal(countMarks(html, 'rect mark'), 100);
    assert.equal(countMarks(html, 'line mark'), 4);
    assert.ok(html.includes('<h1>MNIST CNN: technique trade-offs</h1>'));
  });

  it('overwrites an earlier report in place', async () => {
    const dir = join(root, 'again');
    await writeReport(dir, sampleReport());
    const second = { ...sampleReport(), title: 'second' };
    await writeReport(dir, second);
    assert.deepEqual((await readdir(dir)).sort(), ['report.html', 'report.json']);
    assert.equal(JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')).title, 'second');
  });

  it('writes nothing for an invalid report', async () => {
    const dir = join(root, 'invalid');
    const bad = sampleReport() as unknown as Record<string, unknown>;
    delete bad.model;
    await assert.rejects(
      writeReport(dir, bad as never),
      (e: unknown) =>
        e instanceof FrontierError &&
        e.code === 'REPORT_INVALID' &&
        /report\.model is missing/.test(e.message),
    );
    await assert.rejects(readdir(dir), { code: 'ENOENT' });
  });
});

describe('renderReportCharts', () => {
  it('renders curves, confusion matrix, then a chart per metric two or more rows have', async () => {
    const charts = await renderReportCharts(sampleReport());
    assert.deepEqual(Object.keys(charts), [
      'Training curves',
      'Confusion matrix (test set)',
      'Accuracy by technique',
      'size by technique',
      'latency p50 by technique',
      'latency p99 by technique',
    ]);
  });

  it('skips curves and the confusion matrix when there is nothing to draw', async () => {
    const r = { ...sampleReport(), history: [], confusion: { labels: [], matrix: [] } };
    assert.equal(Object.keys(await renderReportCharts(r))[0], 'Accuracy by technique');
  });

  it('draws no technique chart for a single measured row (a skipped row does not count)', async () => {
    const r = sampleReport();
    r.matrix = [r.matrix[0], { ...r.matrix[1], metrics: {}, skipped: 'not applicable' }];
    assert.deepEqual(Object.keys(await renderReportCharts(r)), [
      'Training curves',
      'Confusion matrix (test set)',
    ]);
  });

  it('adds the accuracy-vs-cost scatters when two or more rows measure both', async () => {
    const r = sampleReport();
    r.matrix.forEach((row, i) => {
      row.metrics.gzipBytes = { value: 1000 * (i + 1), unit: 'bytes' };
    });
    r.matrix[4].metrics = {};
    r.matrix[4].skipped = 'not applicable';
    const charts = await renderReportCharts(r);
    assert.ok('Accuracy vs size (Pareto frontier dashed)' in charts);
    assert.ok(!('Accuracy vs latency (Pareto frontier dashed)' in charts));
    // four measured rows: four points, each named
    const svg = charts['Accuracy vs size (Pareto frontier dashed)'];
    assert.equal(countMarks(svg, 'point'), 4);
  });
});

describe('chartedMetrics', () => {
  it('keeps headline and extra metrics that two measured rows have', () => {
    const m = (v: number) => ({ value: v, unit: 'count' });
    const rows: TechniqueRow[] = [
      {
        technique: 'a',
        description: '',
        metrics: { accuracy: m(1), loss: m(1), sparsity: m(1), custom: m(1) },
      },
      { technique: 'b', description: '', metrics: { accuracy: m(1), loss: m(1), custom: m(2) } },
      { technique: 'c', description: '', metrics: { sparsity: m(1) }, skipped: 'n/a' },
    ];
    // loss is standard (table only); sparsity has one measured row
    assert.deepEqual(chartedMetrics(rows), ['accuracy', 'custom']);
  });
});
