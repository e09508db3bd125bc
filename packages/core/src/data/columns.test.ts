import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closestName, column, editDistance, selectColumns } from './columns.ts';
import type { Table } from './table.ts';
import { FrontierError } from '../util/errors.ts';

const table: Table = {
  columns: ['Species', 'Island', 'Body Mass (g)'],
  rows: [
    { Species: 'Adelie', Island: 'Dream', 'Body Mass (g)': 3700 },
    { Species: 'Gentoo', Island: 'Biscoe', 'Body Mass (g)': null },
  ],
  source: 'p.json',
};

test('editDistance matches hand-computed values', () => {
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('flaw', 'lawn'), 2);
  assert.equal(editDistance('same', 'same'), 0);
});

test('closestName ignores case and gives up on far-off names', () => {
  assert.equal(closestName('species', table.columns), 'Species');
  assert.equal(closestName('Iland', table.columns), 'Island');
  assert.equal(closestName('zzz', table.columns), undefined);
});

test('column returns values in row order', () => {
  assert.deepEqual(column(table, 'Body Mass (g)'), [3700, null]);
});

test('selectColumns keeps the requested order and leaves the input alone', () => {
  const t = selectColumns(table, ['Island', 'Species']);
  assert.deepEqual(t.columns, ['Island', 'Species']);
  assert.deepEqual(t.rows, [
    { Island: 'Dream', Species: 'Adelie' },
    { Island: 'Biscoe', Species: 'Gentoo' },
  ]);
  assert.equal(t.source, 'p.json');
  assert.deepEqual(table.columns, ['Species', 'Island', 'Body Mass (g)']);
});

test('unknown column lists the available ones and suggests the closest', () => {
  for (const fn of [() => column(table, 'Islnd'), () => selectColumns(table, ['Species', 'Islnd'])]) {
    assert.throws(fn, (e: unknown) => {
      assert.ok(e instanceof FrontierError);
      assert.equal(e.code, 'TABLE_UNKNOWN_COLUMN');
      assert.equal(e.where, 'p.json');
      assert.equal(e.message, 'no column "Islnd"; available: "Species", "Island", "Body Mass (g)"');
      assert.equal(e.hint, 'did you mean "Island"?');
      return true;
    });
  }
});
