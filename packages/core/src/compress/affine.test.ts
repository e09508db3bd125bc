import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { dequantizeAffine, quantizeAffine } from './affine.ts';
import { expectError } from '../util/expect-error.ts';

test('uint8 on [0, 2.55]: scale 0.01, min 0, codes are value·100', () => {
  const q = quantizeAffine([0, 0.01, 1, 2.55], 'uint8');
  assert.ok(Math.abs(q.scale - 0.01) < 1e-12);
  assert.ok(q.min === 0);
  assert.deepEqual([...q.data], [0, 1, 100, 255]);
});

test('the range is widened to hold 0 and zero decodes exactly', () => {
  const q = quantizeAffine([0.5, 1.5, 0], 'uint8');
  assert.ok(Math.abs(q.scale - 1.5 / 255) < 1e-12);
  assert.equal(dequantizeAffine(q)[2], 0);
  const r = quantizeAffine([-0.3, 0, 0.7], 'uint16');
  assert.equal(dequantizeAffine(r)[1], 0);
});

for (const [dtype, levels] of [
  ['uint8', 255],
  ['uint16', 65535],
] as const) {
  test(`${dtype}: quantize→dequantize error ≤ scale/2, scale = range/${levels}`, () => {
    fc.assert(
      fc.property(
        fc.array(fc.float({ min: -100, max: 100, noNaN: true }), { minLength: 1, maxLength: 200 }),
        (xs) => {
          const q = quantizeAffine(xs, dtype);
          const lo = Math.min(0, ...xs);
          const hi = Math.max(0, ...xs);
          const scale = hi > lo ? (hi - lo) / levels : 1;
          assert.ok(Math.abs(q.scale - scale) <= 1e-12 * Math.max(1, scale));
          const back = dequantizeAffine(q);
          const tol = q.scale / 2 + 1e-6 * Math.max(1, hi - lo);
          xs.forEach((x, i) => {
            assert.ok(Math.abs(back[i] - x) <= tol, `${x} → ${back[i]} (scale ${q.scale})`);
            if (x === 0) assert.equal(back[i], 0);
          });
        },
      ),
      { numRuns: 300, seed: 11 },
    );
  });
}

test('non-finite weights are refused', () => {
  expectError(() => quantizeAffine([1, NaN], 'uint8'), 'QUANTIZE_NON_FINITE', 'element 1', /NaN/);
});
