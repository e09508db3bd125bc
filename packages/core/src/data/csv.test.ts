import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDelimited } from './csv.ts';
import { expectError } from '../util/expect-error.ts';

test('RFC 4180: quotes, doubled quotes, delimiters and newlines inside quotes, CRLF', () => {
  const text = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",\r\n3,,"" \n';
  expectError(() => parseDelimited(text), 'CSV_BAD_QUOTE', '<text>:5:6'); // `"" ` has a space after the closing quote
  const ok = 'a,b,c\r\n1,"x, y","say ""hi"""\r\n2,"two\r\nlines",\r\n3,,""\n';
  const parsed = parseDelimited(ok);
  assert.deepEqual(parsed.header, ['a', 'b', 'c']);
  assert.deepEqual(parsed.records, [
    ['1', 'x, y', 'say "hi"'],
    ['2', 'two\r\nlines', ''],
    ['3', '', ''],
  ]);
  assert.deepEqual(parsed.lines, [2, 3, 5]);
});

test('BOM, blank lines, no final newline, TSV and a literal quote inside an unquoted field', () => {
  const parsed = parseDelimited('\uFEFFname\tsize\n\n5" disk\t3\n\nb\t4', { delimiter: '\t' });
  assert.deepEqual(parsed.header, ['name', 'size']);
  assert.deepEqual(parsed.records, [
    ['5" disk', '3'],
    ['b', '4'],
  ]);
  assert.deepEqual(parsed.lines, [3, 5]);
});

test('round trip: any grid of strings, written with quoting, parses back exactly', () => {
  const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r\n', ' ', 'é') });
  const grid = fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 6 }))
    .chain(([cols, rows]) =>
      fc.array(fc.array(cell, { minLength: cols, maxLength: cols }), { minLength: rows, maxLength: rows }),
    );
  fc.assert(
    fc.property(grid, fc.boolean(), (cells, crlf) => {
      // Header names must be distinct, so prefix each with its column number.
      const rows = cells.map((r, i) => (i === 0 ? r.map((c, j) => `${j}${c}`) : r));
      const quote = (s: string) => `"${s.replaceAll('"', '""')}"`;
      const text = rows.map((r) => r.map(quote).join(',')).join(crlf ? '\r\n' : '\n');
      const parsed = parseDelimited(text);
      assert.deepEqual([parsed.header, ...parsed.records], rows);
    }),
    { numRuns: 200 },
  );
});

test('ragged row names the line and the expected and found field counts', () => {
  expectError(
    () => parseDelimited('a,b\n1,2\n"x\ny",2,3\n', { source: 'f.csv' }),
    'CSV_RAGGED_ROW',
    'f.csv:3',
    /line 3 has 3 fields, expected 2/,
  );
  expectError(
    () => parseDelimited('a,b\n1\n', { source: 'f.csv' }),
    'CSV_RAGGED_ROW',
    'f.csv:2',
    /1 fields, expected 2/,
  );
});

test('unterminated quote names the line and column where it opened', () => {
  expectError(
    () => parseDelimited('a,b\n1,2\n3,"oops\n4,5\n', { source: 'f.csv' }),
    'CSV_UNTERMINATED_QUOTE',
    'f.csv:3:3',
    /line 3, column 3/,
  );
});

test('text after a closing quote is an error at its line and column', () => {
  expectError(() => parseDelimited('a,b\n"x"y,2\n', { source: 'f.csv' }), 'CSV_BAD_QUOTE', 'f.csv:2:4');
});

test('empty text, duplicate columns and bad delimiters are errors', () => {
  expectError(() => parseDelimited('\n\n', { source: 'e.csv' }), 'CSV_EMPTY', 'e.csv');
  expectError(
    () => parseDelimited('a,b,a\n', { source: 'd.csv' }),
    'CSV_DUPLICATE_COLUMN',
    'd.csv:1',
    /columns 1 and 3/,
  );
  expectError(() => parseDelimited('a\n', { delimiter: '"' }), 'CSV_BAD_OPTION', '<text>');
});
