import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatOf, loadTable, parseCell, parseTable } from './table.ts';
import { FrontierError } from '../util/errors.ts';
import { expectError } from '../util/expect-error.ts';

test('parseCell: numbers only when the whole field is numeric; missing tokens; booleans', () => {
  assert.equal(parseCell('42'), 42);
  assert.equal(parseCell(' -3.5e2 '), -350);
  assert.equal(parseCell('.5'), 0.5);
  assert.equal(parseCell('5.'), 5);
  assert.equal(parseCell('12abc'), '12abc');
  assert.equal(parseCell('1,000'), '1,000');
  assert.equal(parseCell('0x10'), '0x10');
  assert.equal(parseCell('Infinity'), 'Infinity');
  for (const m of ['', 'NA', 'N/A', 'null', 'NULL', 'NaN']) assert.equal(parseCell(m), null);
  assert.equal(parseCell('TRUE'), true);
  assert.equal(parseCell('false'), false);
  assert.equal(parseCell('.', ['.']), null);
  assert.equal(parseCell('NA', ['.']), 'NA');
});

test('formatOf picks the format from the extension', () => {
  assert.equal(formatOf('a/b.CSV'), 'csv');
  assert.equal(formatOf('b.tsv'), 'tsv');
  assert.equal(formatOf('b.json'), 'json');
  assert.equal(formatOf('b.ndjson'), 'jsonl');
  assert.equal(formatOf('b.jsonl'), 'jsonl');
  assert.equal(formatOf('b.txt'), 'csv');
});

test('CSV and TSV give typed rows', () => {
  const csv = parseTable('name,age,ok\r\n"Smith, J",41,true\r\nLee,NA,\r\n', 'p.csv');
  assert.deepEqual(csv.columns, ['name', 'age', 'ok']);
  assert.deepEqual(csv.rows, [
    { name: 'Smith, J', age: 41, ok: true },
    { name: 'Lee', age: null, ok: null },
  ]);
  assert.equal(csv.source, 'p.csv');
  const tsv = parseTable('x\ty\n1\t2.5\n', 'p.tsv');
  assert.deepEqual(tsv.rows, [{ x: 1, y: 2.5 }]);
  const semi = parseTable('x;y\n1;a\n', 'p.txt', { delimiter: ';' });
  assert.deepEqual(semi.rows, [{ x: 1, y: 'a' }]);
});

test('JSON: union of keys in first-seen order, absent keys and missing tokens are null', () => {
  const t = parseTable('[{"a":1,"b":"x"},{"b":"NA","c":false},{"a":null,"b":""}]', 'r.json');
  assert.deepEqual(t.columns, ['a', 'b', 'c']);
  assert.deepEqual(t.rows, [
    { a: 1, b: 'x', c: null },
    { a: null, b: null, c: false },
    { a: null, b: null, c: null },
  ]);
});

test('JSON Lines: one object per line, blank lines skipped, errors name the line', () => {
  const t = parseTable('{"a":1}\n\n{"a":2,"b":"y"}\n', 'r.jsonl');
  assert.deepEqual(t.rows, [
    { a: 1, b: null },
    { a: 2, b: 'y' },
  ]);
  expectError(
    () => parseTable('{"a":1}\n\n[1]\n', 'r.jsonl'),
    'JSON_NOT_RECORDS',
    'r.jsonl:3',
    /found an array/,
  );
  expectError(() => parseTable('{"a":1}\n{"a":\n', 'r.jsonl'), 'JSON_PARSE', 'r.jsonl:2');
  expectError(() => parseTable('{"a" 1}\n', 'r.jsonl'), 'JSON_PARSE', 'r.jsonl:1:6');
});

test('JSON that is not an array of flat objects is an error saying where', () => {
  expectError(() => parseTable('{"a":1}', 'o.json'), 'JSON_NOT_RECORDS', 'o.json', /found an object/);
  expectError(
    () => parseTable('[{"a":1}, 7]', 'o.json'),
    'JSON_NOT_RECORDS',
    'o.json [element 1]',
    /found a number/,
  );
  expectError(
    () => parseTable('[{"a":{"b":1}}]', 'o.json'),
    'JSON_NOT_SCALAR',
    'o.json [element 0]',
    /column "a" holds an object/,
  );
  expectError(() => parseTable('[\n{"a":1},\n{"a" 2}]', 'o.json'), 'JSON_PARSE', 'o.json:3:6');
});

test('loadTable reads files and errors carry the path', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'table-'));
  const path = join(dir, 'data.csv');
  await writeFile(path, 'a,b\n1,2\n3\n');
  await assert.rejects(
    loadTable(path),
    (e: unknown) => e instanceof FrontierError && e.code === 'CSV_RAGGED_ROW' && e.where === `${path}:3`,
  );
  const jsonPath = join(dir, 'data.txt');
  await writeFile(jsonPath, '[{"a":1}]');
  assert.deepEqual((await loadTable(jsonPath, { format: 'json' })).rows, [{ a: 1 }]);
  await assert.rejects(
    loadTable(join(dir, 'none.csv')),
    (e: unknown) => e instanceof FrontierError && e.code === 'TABLE_READ',
  );
});
