import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { tableToMatrix } from './matrix.ts';
import { parseTable, type Table } from './table.ts';
import { FrontierError } from '../util/errors.ts';
import { expectError } from '../util/expect-error.ts';

const csv = `mass,island,male,species
3750,Torgersen,true,Adelie
5000,Biscoe,false,Gentoo
NA,Dream,true,Chinstrap
3500,Dream,false,Adelie
`;
const penguinsLike = parseTable(csv, 'p.csv');

test('classification: one-hot strings, booleans as 0/1, sorted classes, missing rows dropped', () => {
  const m = tableToMatrix(penguinsLike, {
    features: ['mass', 'island', 'male'],
    label: 'species',
    task: 'classification',
  });
  assert.equal(m.droppedRows, 1);
  assert.deepEqual(m.shape, [3, 5]);
  assert.deepEqual(m.featureNames, ['mass', 'island=Biscoe', 'island=Dream', 'island=Torgersen', 'male']);
  // prettier-ignore
  assert.deepEqual(Array.from(m.x), [
    3750, 0, 0, 1, 1,
    5000, 1, 0, 0, 0,
    3500, 0, 1, 0, 0,
  ]);
  // Chinstrap's only row was dropped, so it is no class.
  assert.deepEqual(m.classes, ['Adelie', 'Gentoo']);
  assert.ok(m.y instanceof Int32Array);
  assert.deepEqual(Array.from(m.y), [0, 1, 0]);
});

test('explicit classes fix the order; a label outside them is an error', () => {
  const opts = { features: ['mass'], label: 'species', task: 'classification' as const };
  const m = tableToMatrix(penguinsLike, { ...opts, classes: ['Gentoo', 'Adelie', 'Chinstrap'] });
  assert.deepEqual(Array.from(m.y), [1, 0, 1]);
  assert.deepEqual(m.classes, ['Gentoo', 'Adelie', 'Chinstrap']);
  expectError(
    () => tableToMatrix(penguinsLike, { ...opts, classes: ['Adelie'] }),
    'TABLE_UNKNOWN_CLASS',
    'p.csv row 2, column "species"',
  );
});

test('numeric class labels sort numerically', () => {
  const t = parseTable('x,digit\n1,10\n2,9\n3,10\n', 'd.csv');
  const m = tableToMatrix(t, { features: ['x'], label: 'digit', task: 'classification' });
  assert.deepEqual(m.classes, ['9', '10']);
  assert.deepEqual(Array.from(m.y), [1, 0, 1]);
});

test('regression: Float32 targets; string label is an error', () => {
  const t = parseTable('a,b,y\n1,2,0.5\n3,,1.5\n5,6,-2\n', 'r.csv');
  const m = tableToMatrix(t, { features: ['a', 'b'], label: 'y', task: 'regression' });
  assert.ok(m.y instanceof Float32Array);
  assert.deepEqual(Array.from(m.y), [0.5, -2]);
  assert.deepEqual(Array.from(m.x), [1, 2, 5, 6]);
  assert.equal(m.classes, undefined);
  assert.equal(m.droppedRows, 1);
  expectError(
    () => tableToMatrix(penguinsLike, { features: ['mass'], label: 'species', task: 'regression' }),
    'TABLE_MIXED_COLUMN',
    'p.csv row 1, column "species"',
  );
});

test('dropMissing false makes a missing value an error naming row and column', () => {
  expectError(
    () =>
      tableToMatrix(penguinsLike, {
        features: ['mass'],
        label: 'species',
        task: 'classification',
        dropMissing: false,
      }),
    'TABLE_MISSING_VALUE',
    'p.csv row 3, column "mass"',
  );
});

test('a string in an otherwise numeric column names its row and column', () => {
  const t = parseTable('a,y\n1,0\n2,1\nabout 3,0\n4,1\n', 's.csv');
  expectError(
    () => tableToMatrix(t, { features: ['a'], label: 'y', task: 'regression' }),
    'TABLE_MIXED_COLUMN',
    's.csv row 3, column "a"',
    /numeric \(3 numbers\) but holds the string "about 3"/,
  );
});

test('non-scalar or non-finite values are errors, never silent NaN', () => {
  const t: Table = {
    columns: ['a', 'y'],
    rows: [
      { a: 1, y: 0 },
      { a: Number.NaN, y: 1 },
    ],
    source: 'mem',
  };
  expectError(
    () => tableToMatrix(t, { features: ['a'], label: 'y', task: 'regression' }),
    'TABLE_BAD_CELL',
    'mem row 2, column "a"',
  );
  const u = { columns: ['a', 'y'], rows: [{ a: [1], y: 0 }], source: 'mem' } as unknown as Table;
  expectError(
    () => tableToMatrix(u, { features: ['a'], label: 'y', task: 'regression' }),
    'TABLE_BAD_CELL',
    'mem row 1, column "a"',
  );
});

test('bad options: unknown column with suggestion, label among features', () => {
  assert.throws(
    () => tableToMatrix(penguinsLike, { features: ['Mass'], label: 'species', task: 'classification' }),
    (e: unknown) =>
      e instanceof FrontierError && e.code === 'TABLE_UNKNOWN_COLUMN' && e.hint === 'did you mean "mass"?',
  );
  expectError(
    () =>
      tableToMatrix(penguinsLike, {
        features: ['mass', 'species'],
        label: 'species',
        task: 'classification',
      }),
    'TABLE_BAD_OPTION',
    'p.csv',
  );
});

test('property: every one-hot block sums to 1 and numeric columns copy the table', () => {
  const row = fc.record({
    n: fc.integer({ min: -1000, max: 1000 }),
    c: fc.constantFrom('p', 'q', 'r'),
    y: fc.constantFrom('u', 'v'),
  });
  fc.assert(
    fc.property(fc.array(row, { minLength: 1, maxLength: 30 }), (rows) => {
      const t: Table = { columns: ['n', 'c', 'y'], rows, source: 'gen' };
      const m = tableToMatrix(t, { features: ['n', 'c'], label: 'y', task: 'classification' });
      const [n, d] = m.shape;
      assert.equal(n, rows.length);
      assert.equal(d, 1 + new Set(rows.map((r) => r.c)).size);
      for (let i = 0; i < n; i++) {
        assert.equal(m.x[i * d], rows[i].n);
        let sum = 0;
        for (let j = 1; j < d; j++) sum += m.x[i * d + j];
        assert.equal(sum, 1);
        assert.equal(m.featureNames[1 + m.x.subarray(i * d + 1, (i + 1) * d).indexOf(1)], `c=${rows[i].c}`);
        assert.equal(m.classes![m.y[i]], rows[i].y);
      }
    }),
    { numRuns: 100 },
  );
});
