import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Cell, Table } from '../data/index.ts';
import { expectError } from '../util/expect-error.ts';
import { cleanTable, formatCleaningReport, cleaningReportSection } from './clean-report.ts';
import { Coerce } from './coerce.ts';
import { DropDuplicates, DropNa } from './drop.ts';
import { OneHotEncoder, OrdinalEncoder } from './encode.ts';
import { FillNa } from './fillna.ts';
import { Outliers } from './outliers.ts';
import { loadSteps, saveSteps, stepsFromJson } from './steps-file.ts';

const table = (columns: string[], data: Cell[][]): Table => ({
  columns,
  rows: data.map((r) => Object.fromEntries(columns.map((c, i) => [c, r[i]]))),
  source: 't.csv',
});
const col = (t: Table, c: string) => t.rows.map((r) => r[c]);

const T = table(
  ['a', 'b', 'c'],
  [
    [1, 'x', null],
    [null, null, null],
    [3, null, 5],
    [null, 'y', 6],
  ],
);

test('dropna any, all, subset and thresh follow pandas', () => {
  const run = (s: DropNa) => s.fitTransform(T).rows.length;
  assert.equal(run(new DropNa()), 0);
  assert.equal(run(new DropNa({ how: 'all' })), 3);
  assert.equal(run(new DropNa({ subset: ['a'] })), 2);
  assert.equal(run(new DropNa({ subset: ['a', 'b'], how: 'all' })), 3);
  assert.equal(run(new DropNa({ thresh: 2 })), 3);
  assert.equal(run(new DropNa({ thresh: 3 })), 0);
  assert.deepEqual(col(new DropNa({ subset: ['b'] }).fitTransform(T), 'b'), ['x', 'y']);
});

test('fillna per column: mean, median, most frequent, constant, ffill, with indicators', () => {
  const train = table(
    ['n', 'm', 's', 'k', 'f'],
    [
      [1, 1, 'u', null, 10],
      [2, 2, 'v', 1, null],
      [null, 10, 'v', null, 30],
      [6, null, null, 2, null],
    ],
  );
  const f = new FillNa({
    strategies: { n: 'mean', m: 'median', s: 'most_frequent', k: { constant: 0 }, f: 'ffill' },
    indicator: ['n'],
  });
  const { table: out, report } = cleanTable(train, [f], { fit: true });
  assert.deepEqual(f.fillValues, { n: 3, m: 2, s: 'v', k: 0, f: 30 });
  assert.deepEqual(col(out, 'n'), [1, 2, 3, 6]);
  assert.deepEqual(col(out, 'n_missing'), [0, 0, 1, 0]);
  assert.deepEqual(col(out, 'm'), [1, 2, 10, 2]);
  assert.deepEqual(col(out, 's'), ['u', 'v', 'v', 'v']);
  assert.deepEqual(col(out, 'k'), [0, 1, 0, 2]);
  assert.deepEqual(col(out, 'f'), [10, 10, 30, 30]);
  assert.deepEqual(out.columns, ['n', 'n_missing', 'm', 's', 'k', 'f']);
  const filled = Object.fromEntries(report.columns.map((c) => [c.column, c.filled]));
  assert.deepEqual(filled, { n: 1, m: 1, s: 1, k: 2, f: 2, n_missing: 0 });
  // A test table whose first row is missing: ffill falls back to the last training value.
  assert.deepEqual(col(f.transform(table(['n', 'm', 's', 'k', 'f'], [[1, 1, 'u', 1, null]])), 'f'), [30]);
});

test('fillna mean on text names the cell', () => {
  const t = table(['x'], [[1], ['oops'], [null]]);
  expectError(
    () => new FillNa({ strategies: { x: 'mean' } }).fit(t),
    'PREPROCESS_TEXT_IN_NUMERIC',
    't.csv row 2, column "x"',
    /"oops"/,
  );
});

test('IQR bounds by hand: 1..9 and 100 → Q1 3.25, Q3 7.75, bounds [-3.5, 14.5]', () => {
  const t = table(
    ['v'],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 100].map((v) => [v]),
  );
  const clip = new Outliers({ columns: ['v'] }).fit(t);
  assert.deepEqual(clip.bounds, { v: [-3.5, 14.5] });
  const { table: clipped, report } = cleanTable(t, [clip]);
  assert.deepEqual(col(clipped, 'v').slice(-2), [9, 14.5]);
  assert.equal(report.columns[0].clipped, 1);
  const dropped = cleanTable(t, [new Outliers({ columns: ['v'], action: 'drop' })], { fit: true });
  assert.equal(dropped.table.rows.length, 9);
  assert.equal(dropped.report.columns[0].rowsDropped, 1);
  const flagged = new Outliers({ columns: ['v'], action: 'flag' }).fitTransform(t);
  assert.deepEqual(col(flagged, 'v_outlier'), [0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
});

test('z-score bounds by hand: 2,4,4,4,5,5,7,9 with k=1 → [3, 7]', () => {
  const t = table(
    ['v'],
    [2, 4, 4, 4, 5, 5, 7, 9].map((v) => [v]),
  );
  const o = new Outliers({ columns: ['v'], method: 'zscore', factor: 1 }).fit(t);
  assert.deepEqual(o.bounds, { v: [3, 7] });
  assert.deepEqual(col(o.transform(t), 'v'), [3, 4, 4, 4, 5, 5, 7, 7]);
});

test('coerce numbers from strings; text in a numeric column names row and column', () => {
  const t = table(
    ['p', 'q', 'r'],
    [
      [' 3.5', 1, 'yes'],
      ['1e3', 2, 'No'],
      ['NA', 3, '0'],
    ],
  );
  const c = new Coerce({ types: { p: 'number', q: 'category', r: 'boolean' } });
  const { table: out, report } = cleanTable(t, [c], { fit: true });
  assert.deepEqual(col(out, 'p'), [3.5, 1000, null]);
  assert.deepEqual(col(out, 'q'), ['1', '2', '3']);
  assert.deepEqual(col(out, 'r'), [true, false, false]);
  assert.equal(report.columns.find((x) => x.column === 'p')?.coerced, 3);
  const bad = table(['p'], [['1'], ['12 kg']]);
  expectError(
    () => new Coerce({ types: { p: 'number' } }).fitTransform(bad),
    'PREPROCESS_TEXT_IN_NUMERIC',
    't.csv row 2, column "p"',
    /"12 kg"/,
  );
  assert.deepEqual(col(new Coerce({ types: { p: 'number' }, onError: 'null' }).fitTransform(bad), 'p'), [
    1,
    null,
  ]);
});

test('drop duplicates keeps the first or the last; 1 and "1" differ', () => {
  const t = table(
    ['k', 'v'],
    [
      [1, 'a'],
      ['1', 'a'],
      [1, 'a'],
      [2, 'b'],
      [1, 'c'],
    ],
  );
  assert.equal(new DropDuplicates().fitTransform(t).rows.length, 4);
  const last = cleanTable(t, [new DropDuplicates({ subset: ['k'], keep: 'last' })], { fit: true });
  assert.deepEqual(col(last.table, 'v'), ['a', 'b', 'c']);
  assert.equal(last.report.otherRowsDropped, 2);
});

test('one-hot: fitted categories, unknown error or zeros, inverse', () => {
  const train = table(
    ['isl', 'x'],
    [
      ['B', 1],
      ['A', 2],
      ['B', 3],
    ],
  );
  const enc = new OneHotEncoder({ columns: ['isl'] }).fit(train);
  assert.deepEqual(enc.categories, { isl: ['A', 'B'] });
  const out = enc.transform(train);
  assert.deepEqual(out.columns, ['isl=A', 'isl=B', 'x']);
  assert.deepEqual(out.rows[0], { 'isl=A': 0, 'isl=B': 1, x: 1 });
  assert.deepEqual(enc.inverseTransform(out), train);
  const test2 = table(['isl', 'x'], [['C', 4]]);
  expectError(() => enc.transform(test2), 'PREPROCESS_UNKNOWN_CATEGORY', 't.csv row 1, column "isl"', /"C"/);
  const ign = new OneHotEncoder({ columns: ['isl'], handleUnknown: 'ignore' }).fit(train);
  assert.deepEqual(ign.transform(test2).rows[0], { 'isl=A': 0, 'isl=B': 0, x: 4 });
});

test('ordinal: given order, unknown → unknownValue, inverse', () => {
  const t = table(['size'], [['small'], ['large'], ['medium']]);
  const enc = new OrdinalEncoder({
    columns: ['size'],
    categories: { size: ['small', 'medium', 'large'] },
    handleUnknown: 'use_encoded_value',
  }).fit(t);
  const out = enc.transform(table(['size'], [['small'], ['large'], ['huge']]));
  assert.deepEqual(col(out, 'size'), [0, 2, -1]);
  assert.deepEqual(col(enc.inverseTransform(out), 'size'), ['small', 'large', null]);
  expectError(
    () => new OrdinalEncoder({ columns: ['size'] }).fit(t).transform(table(['size'], [['huge']])),
    'PREPROCESS_UNKNOWN_CATEGORY',
    't.csv row 1, column "size"',
  );
});

test('every table step refuses transform before fit', () => {
  const steps = [
    new DropNa(),
    new DropDuplicates(),
    new FillNa({ strategies: { a: 'mean' } }),
    new Outliers({ columns: ['a'] }),
    new Coerce({ types: { a: 'number' } }),
    new OneHotEncoder({ columns: ['b'] }),
    new OrdinalEncoder({ columns: ['b'] }),
  ];
  for (const s of steps) expectError(() => s.transform(T), 'PREPROCESS_NOT_FITTED', s.className);
});

test('a fitted cleaning pipeline saves, loads and cleans test data identically; report is per column', async () => {
  const train = table(
    ['a', 'b', 'c'],
    [
      [1, 'x', 5],
      [null, 'y', 6],
      [3, null, 100],
      [3, 'x', 7],
      [3, 'x', 7],
    ],
  );
  const steps = () => [
    new DropDuplicates(),
    new FillNa({ strategies: { a: 'median', b: 'most_frequent' }, indicator: true }),
    new Outliers({ columns: ['c'], factor: 1 }),
    new OneHotEncoder({ columns: ['b'] }),
  ];
  const fitted = steps();
  const { table: cleaned, report } = cleanTable(train, fitted, { fit: true });
  assert.equal(report.rowsIn, 5);
  assert.equal(report.rowsOut, 4);
  assert.equal(report.otherRowsDropped, 1);
  const byCol = Object.fromEntries(report.columns.map((c) => [c.column, c]));
  assert.equal(byCol.a.missingBefore, 1);
  assert.equal(byCol.a.filled, 1);
  assert.equal(byCol.b.filled, 1);
  assert.equal(byCol.c.clipped, 1);
  assert.match(formatCleaningReport(report), /^column\s+missing before/);
  assert.match(cleaningReportSection(report).html, /<td>c<\/td><td>0<\/td><td>0<\/td><td>0<\/td><td>1<\/td>/);
  const dir = await mkdtemp(join(tmpdir(), 'frontier-clean-'));
  await saveSteps(dir, fitted);
  const loaded = await loadSteps(dir);
  const testTable = table(
    ['a', 'b', 'c'],
    [
      [null, null, 1000],
      [2, 'y', 6],
    ],
  );
  let a = testTable;
  let b = testTable;
  for (const s of fitted) a = s.transform(a);
  for (const s of loaded) b = s.transform(b);
  assert.deepEqual(b, a);
  assert.deepEqual(a.rows[0], { a: 3, a_missing: 1, 'b=x': 1, 'b=y': 0, b_missing: 1, c: 54.75 });
  // c after dedup: 5, 6, 100, 7 → Q1 5.75, Q3 30.25, IQR 24.5, upper bound (k=1) 54.75
  assert.equal(cleaned.rows.length, 4);
});

test('steps build from plain config JSON (as in a frontier config), unfitted until fit', () => {
  const config = JSON.parse(
    '{"format":"frontier-preprocess","version":1,"steps":[{"className":"FillNa","config":{"strategies":{"a":"mean"}}},{"className":"DropNa","config":{"how":"all"}}]}',
  );
  const steps = stepsFromJson(config, 'config.json preprocess');
  assert.deepEqual(
    steps.map((s) => [s.className, s.fitted]),
    [
      ['FillNa', false],
      ['DropNa', false],
    ],
  );
  let t = T;
  for (const s of steps) t = s.fitTransform(t);
  assert.deepEqual(col(t, 'a'), [1, 2, 3, 2]);
  assert.throws(
    () => stepsFromJson({ ...config, steps: [{ className: 'Nope', config: {} }] }, 'config.json preprocess'),
    {
      code: 'PREPROCESS_UNKNOWN_STEP',
      where: 'config.json preprocess steps[0]',
    },
  );
  assert.throws(() => stepsFromJson({ steps: [] }, 'x.json'), { code: 'PREPROCESS_BAD_FILE' });
});
