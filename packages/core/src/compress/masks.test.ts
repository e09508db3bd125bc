import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { blockMask, magnitudeMasks, nmMask, smallestK } from './masks.ts';

const zeros = (m: Uint8Array) => m.reduce((n, v) => n + (v ? 0 : 1), 0);

test('smallestK marks exactly k, ties by lower index', () => {
  assert.deepEqual([...smallestK(Float32Array.from([3, 1, 1, 1, 2]), 2)], [0, 1, 1, 0, 0]);
  assert.deepEqual([...smallestK(Float32Array.from([0, 0, 0]), 0)], [0, 0, 0]);
  assert.deepEqual([...smallestK(Float32Array.from([5, 4]), 2)], [1, 1]);
});

test('layer-wise magnitude masks zero exactly round(s·n) smallest |w|, even with ties', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: -3, max: 3 }), { minLength: 1, maxLength: 60 }),
      fc.double({ min: 0, max: 0.99, noNaN: true }),
      (ints, s) => {
        const w = Float32Array.from(ints);
        const [mask] = magnitudeMasks([w], s);
        assert.equal(zeros(mask), Math.round(s * w.length));
        // every kept |w| ≥ every pruned |w|
        const kept = [...w].filter((_, i) => mask[i]).map(Math.abs);
        const pruned = [...w].filter((_, i) => !mask[i]).map(Math.abs);
        if (kept.length && pruned.length) assert.ok(Math.min(...kept) >= Math.max(...pruned));
      },
    ),
    { numRuns: 300, seed: 5 },
  );
});

test('global scope prunes the smallest weights across layers', () => {
  const a = Float32Array.from([0.1, 0.2, 5, 6]);
  const b = Float32Array.from([1, 2, 3, 4]);
  const [ma, mb] = magnitudeMasks([a, b], 0.5, 'global');
  assert.deepEqual([...ma], [0, 0, 1, 1]);
  assert.deepEqual([...mb], [0, 0, 1, 1]);
  // layer-wise would have pruned the same count in each
  const [la, lb] = magnitudeMasks([a, b], 0.25, 'global');
  assert.deepEqual([zeros(la), zeros(lb)], [2, 0]);
});

test('block mask zeros whole 2×2 blocks of least mean |w|', () => {
  // 4×4, block means: top-left 1, top-right 10, bottom-left 0.5, bottom-right 3
  const w = Float32Array.from([1, 1, 10, 10, 1, 1, 10, 10, 0.5, 0.5, 3, 3, 0.5, 0.5, 3, 3]);
  const mask = blockMask(w, [4, 4], 0.5, 2, 2);
  assert.deepEqual([...mask], [0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1]);
});

test('2:4 keeps the 2 largest of every 4 consecutive inputs per output: exactly 50%', () => {
  // shape [4, 2]: column 0 = [1, -4, 3, 2], column 1 = [0.1, 0.2, -0.3, 0.05]
  const w = Float32Array.from([1, 0.1, -4, 0.2, 3, -0.3, 2, 0.05]);
  const mask = nmMask(w, [4, 2], 2, 4);
  assert.deepEqual([...mask], [0, 0, 1, 1, 1, 1, 0, 0]);
  fc.assert(
    fc.property(
      fc.array(fc.float({ noNaN: true, min: -5, max: 5 }), { minLength: 32, maxLength: 32 }),
      (xs) => {
        const m = nmMask(Float32Array.from(xs), [8, 4], 2, 4);
        assert.equal(zeros(m), 16);
        for (let c = 0; c < 4; c++)
          for (let g = 0; g < 2; g++) {
            const kept = [0, 1, 2, 3].filter((j) => m[(g * 4 + j) * 4 + c]).length;
            assert.equal(kept, 2);
          }
      },
    ),
    { numRuns: 100, seed: 2 },
  );
});
