import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FrontierError } from '../util/errors.ts';
import { sampleReport } from './sample-report.ts';
import { serializeReport, validateReport } from './validate.ts';

/** Runs validateReport and returns the FrontierError it must throw. */
function rejection(x: unknown): FrontierError {
  try {
    validateReport(x);
  } catch (e) {
    assert.ok(e instanceof FrontierError, `expected a FrontierError, got ${String(e)}`);
    assert.equal(e.code, 'REPORT_INVALID');
    assert.equal(e.where, 'report.json');
    return e;
  }
  assert.fail('validateReport accepted invalid data');
}

describe('validateReport', () => {
  it('round-trips report.json to an equal Report', () => {
    const report = sampleReport();
    report.sections = [{ title: 'Extra', html: '<p>x</p>' }];
    const back = validateReport(JSON.parse(serializeReport(report)));
    assert.deepEqual(back, report);
  });

  it('keeps a skipped row and its reason, and rejects a reason that is not text', () => {
    const report = sampleReport();
    report.matrix.push({ technique: 'augment', description: 'flips', metrics: {}, skipped: 'needs images' });
    assert.deepEqual(validateReport(JSON.parse(serializeReport(report))).matrix[5], {
      technique: 'augment',
      description: 'flips',
      metrics: {},
      skipped: 'needs images',
    });
    const bad = JSON.parse(JSON.stringify(report));
    bad.matrix[5].skipped = { reason: 'needs images' };
    assert.match(rejection(bad).message, /report\.matrix\[5\]\.skipped must be a string, got object/);
  });

  it('rejects a missing field with a message naming it', () => {
    const r = sampleReport() as unknown as Record<string, unknown>;
    delete r.runId;
    assert.match(rejection(r).message, /report\.runId is missing/);
    const d = sampleReport();
    delete (d.dataset as Partial<typeof d.dataset>).train;
    assert.match(rejection(d).message, /report\.dataset\.train is missing/);
  });

  it('names nested problems by path, all at once', () => {
    const r = JSON.parse(JSON.stringify(sampleReport()));
    r.history[2].split = 'val';
    r.matrix[1].metrics.accuracy.value = '0.9';
    r.confusion.matrix[3].pop();
    const msg = rejection(r).message;
    assert.match(msg, /report\.history\[2\]\.split must be "train" or "validation", got the string "val"/);
    assert.match(
      msg,
      /report\.matrix\[1\]\.metrics\.accuracy\.value must be a number, got the string "0\.9"/,
    );
    assert.match(msg, /report\.confusion\.matrix\[3\] has 9 columns but there are 10 labels/);
  });

  it('rejects values JSON cannot hold and counts that are not counts', () => {
    const r = sampleReport();
    r.matrix[0].metrics['latency p50'].value = Number.NaN;
    r.dataset.test = -1;
    r.confusion.matrix[0][0] = 2.5;
    const msg = rejection(r).message;
    assert.match(
      msg,
      /report\.matrix\[0\]\.metrics\["latency p50"\]\.value must be a finite number, got NaN/,
    );
    assert.match(msg, /report\.dataset\.test must be at least 0, got -1/);
    assert.match(msg, /report\.confusion\.matrix\[0\]\[0\] must be a whole number, got 2\.5/);
  });

  it('rejects a metric in two units, duplicate labels and a bad time', () => {
    const r = sampleReport();
    r.matrix[2].metrics.size = { value: 56.8, unit: 'KiB' };
    r.confusion.labels[9] = '0';
    r.createdAt = 'yesterday';
    const msg = rejection(r).message;
    assert.match(
      msg,
      /report\.matrix\[2\]\.metrics\.size\.unit is "KiB" but earlier rows measure it in "bytes"/,
    );
    assert.match(msg, /report\.confusion\.labels names "0" twice/);
    assert.match(msg, /report\.createdAt must be an ISO 8601 time/);
  });

  it('rejects what is not an object', () => {
    assert.match(rejection(null).message, /report must be an object, got null/);
    assert.match(rejection([]).message, /report must be an object, got an array/);
  });

  it('drops unknown keys and fixes key order', () => {
    const r = { extra: 1, ...sampleReport() };
    const v = validateReport(r) as unknown as Record<string, unknown>;
    assert.equal('extra' in v, false);
    assert.deepEqual(Object.keys(v), [
      'runId',
      'title',
      'createdAt',
      'dataset',
      'model',
      'environment',
      'history',
      'confusion',
      'matrix',
    ]);
  });
});

describe('serializeReport', () => {
  it('gives the same bytes whatever order the keys came in', () => {
    const a = sampleReport();
    const reversed = Object.fromEntries(Object.entries(sampleReport()).reverse()) as unknown as typeof a;
    reversed.model = { summary: a.model.summary, parameters: a.model.parameters, name: a.model.name };
    assert.equal(serializeReport(reversed), serializeReport(a));
    const text = serializeReport(a);
    assert.ok(text.endsWith('}\n'));
    assert.match(text, /^\{\n {2}"runId": "run-20261129-163000-7f3a",\n {2}"title"/);
  });
});
