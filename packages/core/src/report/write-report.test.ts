import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FrontierError } from '../util/errors.ts';
import { sampleReport } from './sample-report.ts';
import { countMarks } from './svg-test-util.ts';
import { validateReport } from './validate.ts';
import { renderReportCharts, writeReport } from './write-report.ts';

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
    // 4 metrics × 5 techniques = 20 bars, a 10×10 confusion matrix, 2 metrics × 2 splits of curves.
    assert.equal(countMarks(html, 'bar'), 20);
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
  it('renders curves, confusion matrix, then a bar chart per metric, in that order', async () => {
    const charts = await renderReportCharts(sampleReport());
    assert.deepEqual(Object.keys(charts), [
      'Training curves',
      'Confusion matrix (test set)',
      'accuracy by technique',
      'size by technique',
      'latency p50 by technique',
      'latency p99 by technique',
    ]);
  });

  it('skips curves and the confusion matrix when there is nothing to draw', async () => {
    const r = { ...sampleReport(), history: [], confusion: { labels: [], matrix: [] } };
    assert.equal(Object.keys(await renderReportCharts(r))[0], 'accuracy by technique');
  });
});
