import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeFloat16, encodeFloat16, fromFloat16Bits, toFloat16Bits, FLOAT16_MAX } from './float16.ts';

test('known binary16 bit patterns (IEEE 754 table values)', () => {
  const cases: Array<[number, number]> = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [65504, 0x7bff],
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -14, 0x0400], // smallest normal
    [0.333251953125, 0x3555], // nearest half to 1/3
    [Infinity, 0x7c00],
    [1e6, 0x7c00], // overflow
  ];
  for (const [x, bits] of cases) assert.equal(toFloat16Bits(x), bits, `encode ${x}`);
  assert.equal(toFloat16Bits(1 / 3), 0x3555);
  assert.equal(toFloat16Bits(0.1), 0x2e66);
  assert.equal(fromFloat16Bits(0x3555), 0.333251953125);
  assert.equal(fromFloat16Bits(0x7bff), FLOAT16_MAX);
  assert.ok(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN))));
});

test('ties round to even: 1 + 2^-11 → 1, 1 + 3·2^-11 → 1 + 2^-9', () => {
  assert.equal(fromFloat16Bits(toFloat16Bits(1 + 2 ** -11)), 1);
  assert.equal(fromFloat16Bits(toFloat16Bits(1 + 3 * 2 ** -11)), 1 + 2 ** -9);
  assert.equal(toFloat16Bits(2 ** -25), 0); // halfway to the smallest subnormal → even (0)
  assert.equal(toFloat16Bits(1.5 * 2 ** -25), 1);
});

test('every finite binary16 pattern round-trips exactly', () => {
  for (let b = 0; b < 0x10000; b++) {
    const v = fromFloat16Bits(b);
    if (Number.isNaN(v)) continue;
    assert.equal(toFloat16Bits(v), b, `pattern 0x${b.toString(16)}`);
  }
});

test('encode→decode error ≤ 2^-11·|x| in the normal range, ≤ 2^-25 below it', () => {
  fc.assert(
    fc.property(fc.float({ min: -60000, max: 60000, noNaN: true }), (x) => {
      const y = decodeFloat16(encodeFloat16([x]))[0];
      const bound = Math.abs(x) >= 2 ** -14 ? 2 ** -11 * Math.abs(x) : 2 ** -25;
      return Math.abs(x - y) <= bound;
    }),
    { numRuns: 2000, seed: 7 },
  );
});
