import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { jsonErrorOffset, lineAndColumn } from './json-error-position.ts';

test('jsonErrorOffset points at the first bad character', () => {
  assert.equal(jsonErrorOffset('{"a": 1}'), -1);
  assert.equal(jsonErrorOffset('{"a": }'), 6);
  assert.equal(jsonErrorOffset('{"a" 1}'), 5);
  assert.equal(jsonErrorOffset('[1, 2,]'), 6);
  assert.equal(jsonErrorOffset('[1, 2'), 5);
  assert.equal(jsonErrorOffset('{"a": tru}'), 9);
  assert.equal(jsonErrorOffset('{"a": 01}'), 7);
  assert.equal(jsonErrorOffset('"bad \\x escape"'), 6);
  assert.equal(jsonErrorOffset('{} x'), 3);
  assert.equal(jsonErrorOffset(''), 0);
  assert.equal(jsonErrorOffset('-'), 1);
  assert.equal(jsonErrorOffset('1.'), 2);
  assert.equal(jsonErrorOffset('['.repeat(100_000)), 100_000);
});

test('lineAndColumn counts 1-based lines and columns', () => {
  assert.deepEqual(lineAndColumn('ab\ncd\nef', 0), { line: 1, column: 1 });
  assert.deepEqual(lineAndColumn('ab\ncd\nef', 4), { line: 2, column: 2 });
  assert.deepEqual(lineAndColumn('ab\ncd\nef', 6), { line: 3, column: 1 });
});

test('jsonErrorOffset agrees with JSON.parse on validity', () => {
  const parses = (s: string): boolean => {
    try {
      JSON.parse(s);
      return true;
    } catch {
      return false;
    }
  };
  fc.assert(
    fc.property(fc.json(), (s) => jsonErrorOffset(s) === -1),
    { numRuns: 300 },
  );
  // Mutations of valid JSON: one character replaced by a JSON-ish character.
  const mutated = fc
    .tuple(fc.json(), fc.nat(), fc.constantFrom(...'{}[],:"\\ -0123.eE tfnul'.split('')))
    .map(([s, i, c]) => s.slice(0, i % (s.length + 1)) + c + s.slice((i % (s.length + 1)) + 1));
  fc.assert(
    fc.property(mutated, (s) => {
      const offset = jsonErrorOffset(s);
      if (parses(s)) return offset === -1;
      // Where V8's message carries a position, ours must be the same.
      let v8: RegExpExecArray | null = null;
      try {
        JSON.parse(s);
      } catch (err) {
        v8 = /at position (\d+)/.exec((err as Error).message);
      }
      return offset >= 0 && offset <= s.length && (v8 === null || Number(v8[1]) === offset);
    }),
    { numRuns: 2000 },
  );
});
