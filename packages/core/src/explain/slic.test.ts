import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { expectError } from '../util/expect-error.ts';
import { slicSuperpixels, type SlicResult } from './slic.ts';
import { gridSuperpixels } from './superpixels.ts';

/** Pieces of a guillotine partition of an h×w image: [y0, x0, y1, x1) boxes, each side ≥ minSide. */
type Box = [number, number, number, number];

/** Well-separated RGB colours: any two differ by ≥ 0.5 in some channel. */
const PALETTE: [number, number, number][] = [
  [0, 0, 0],
  [1, 0, 0],
  [0, 1, 0],
  [0, 0, 1],
  [1, 1, 0],
  [0.5, 0.5, 0.5],
  [1, 1, 1],
];

function paint(h: number, w: number, boxes: Box[], colours: number[]): Float32Array {
  const img = new Float32Array(h * w * 3);
  boxes.forEach(([y0, x0, y1, x1], b) => {
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) img.set(PALETTE[colours[b] % PALETTE.length], (y * w + x) * 3);
  });
  return img;
}

/** Each label's pixels form one 4-connected piece. */
function assertConnected(r: SlicResult, h: number, w: number): void {
  const seen = new Uint8Array(h * w);
  const pieces = new Int32Array(r.count);
  for (let s = 0; s < h * w; s++) {
    if (seen[s]) continue;
    pieces[r.labels[s]]++;
    const stack = [s];
    seen[s] = 1;
    while (stack.length) {
      const p = stack.pop()!;
      const y = Math.floor(p / w);
      const x = p % w;
      for (const [yy, xx] of [
        [y, x - 1],
        [y, x + 1],
        [y - 1, x],
        [y + 1, x],
      ]) {
        const q = yy * w + xx;
        if (yy >= 0 && yy < h && xx >= 0 && xx < w && !seen[q] && r.labels[q] === r.labels[p]) {
          seen[q] = 1;
          stack.push(q);
        }
      }
    }
  }
  pieces.forEach((k, label) => assert.equal(k, 1, `segment ${label} is in ${k} pieces`));
}

function assertLabelsValid(r: SlicResult): void {
  for (const l of r.labels) assert.ok(l >= 0 && l < r.count, `label ${l} outside [0, ${r.count})`);
  const used = new Set(r.labels);
  assert.equal(used.size, r.count, 'every label in [0, count) is used');
}

/** Each segment holds a single colour. */
function assertPure(r: SlicResult, img: Float32Array, c: number): void {
  const first = new Map<number, string>();
  r.labels.forEach((l, p) => {
    const colour = Array.from(img.subarray(p * c, p * c + c)).join(',');
    const f = first.get(l) ?? colour;
    first.set(l, f);
    assert.equal(colour, f, `segment ${l} straddles colours ${f} and ${colour} (pixel ${p})`);
  });
}

test('a flat image gives exactly the square grid when S divides the sides (12×12, 9 segments → 4×4 tiles)', () => {
  const r = slicSuperpixels(new Float32Array(144).fill(0.3), 12, 12, 1, { nSegments: 9, compactness: 0.1 });
  assert.equal(r.count, 9);
  assert.deepEqual(Array.from(r.labels), Array.from(gridSuperpixels(12, 12, 1, 4).segment));
});

test('a flat 10×14 image with 6 segments: 2×3 rectangles of 5×4 or 5×5 pixels', () => {
  const h = 10;
  const w = 14;
  const r = slicSuperpixels(new Float32Array(h * w), h, w, 1, { nSegments: 6, compactness: 0.1 });
  assert.equal(r.count, 6);
  for (let s = 0; s < r.count; s++) {
    let [y0, x0, y1, x1, size] = [h, w, -1, -1, 0];
    r.labels.forEach((l, p) => {
      if (l !== s) return;
      const [y, x] = [Math.floor(p / w), p % w];
      [y0, x0, y1, x1] = [Math.min(y0, y), Math.min(x0, x), Math.max(y1, y), Math.max(x1, x)];
      size++;
    });
    assert.equal(size, (y1 - y0 + 1) * (x1 - x0 + 1), `segment ${s} is a full rectangle`);
    assert.equal(y1 - y0 + 1, 5);
    assert.ok([4, 5].includes(x1 - x0 + 1), `segment ${s} is ${x1 - x0 + 1} wide`);
  }
});

test('a centre that starts on a bright speck moves off it to the flat 3×3 neighbour (one round shows it)', () => {
  // 6×12, 2 segments: centres start at (3, 3) and (3, 9) (rounded). (3, 3) is in a 2×2 speck;
  // moved to (2, 2), its colour is the flat grey, so one round splits the image in halves.
  // Left on the speck, its colour would be white and it would keep only columns 0–2 and the speck.
  const [h, w] = [6, 12];
  const img = new Float32Array(h * w).fill(0.5);
  for (const [y, x] of [
    [3, 3],
    [3, 4],
    [4, 3],
    [4, 4],
  ])
    img[y * w + x] = 1;
  const r = slicSuperpixels(img, h, w, 1, { nSegments: 2, compactness: 0.05, iterations: 1 });
  assert.equal(r.count, 2);
  assert.deepEqual(
    Array.from(r.labels),
    Array.from({ length: h * w }, (_, p) => (p % w < 6 ? 0 : 1)),
  );
});

test('four flat grey rectangles off the grid lines: every segment is pure, 4-connected, about nSegments of them', () => {
  const [h, w] = [24, 24];
  const img = new Float32Array(h * w);
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) img[y * w + x] = y < 14 ? (x < 10 ? 0.1 : 0.5) : x < 17 ? 0.9 : 0.3;
  const r = slicSuperpixels(img, h, w, 1, { nSegments: 16, compactness: 0.05 });
  assertPure(r, img, 1);
  assertLabelsValid(r);
  assertConnected(r, h, w);
  assert.equal(r.count, 16);
  // The boundary at x = 10 cuts the second grid column (cells 6–11): SLIC moves the edge there.
  assert.notEqual(r.labels[0 * w + 9], r.labels[0 * w + 10]);
});

test('same input, same segmentation; a second call does not depend on the first', () => {
  const img = Float32Array.from({ length: 16 * 16 * 3 }, (_, i) => ((i * 7919) % 101) / 100);
  const opts = { nSegments: 10, compactness: 0.2, iterations: 5 };
  const a = slicSuperpixels(img, 16, 16, 3, opts);
  slicSuperpixels(new Float32Array(16 * 16 * 3), 16, 16, 3, opts);
  const b = slicSuperpixels(img, 16, 16, 3, opts);
  assert.equal(a.count, b.count);
  assert.deepEqual(a.labels, b.labels);
  assertLabelsValid(a);
  assertConnected(a, 16, 16);
});

test('noise with a tiny compactness fragments; connectivity enforcement leaves no piece under minSize', () => {
  const img = Float32Array.from({ length: 20 * 20 }, (_, i) => ((i * 2654435761) % 997) / 996);
  const r = slicSuperpixels(img, 20, 20, 1, { nSegments: 16, compactness: 0.001, minSize: 6 });
  assertLabelsValid(r);
  assertConnected(r, 20, 20);
  const sizes = new Int32Array(r.count);
  for (const l of r.labels) sizes[l]++;
  for (const s of sizes) assert.ok(s >= 6, `a segment of ${s} pixels survived`);
});

test('a segment under minSize joins the neighbour of closest colour, not just any neighbour', () => {
  // iterations 0 keeps the initial 1×3 grid cells of a 4×13 image: columns 0–4, 5–8, 9–12
  // (20, 16, 16 pixels), coloured 0, 0.8 and 1. With minSize 17 the middle cell (0.8) must
  // go, and it joins the right cell (1) rather than the left (0).
  const [h, w] = [4, 13];
  const img = Float32Array.from({ length: h * w }, (_, p) => (p % w < 5 ? 0 : p % w < 9 ? 0.8 : 1));
  const r = slicSuperpixels(img, h, w, 1, { nSegments: 3, compactness: 0.1, iterations: 0, minSize: 17 });
  assert.equal(r.count, 2);
  assert.deepEqual(
    Array.from(r.labels),
    Array.from({ length: h * w }, (_, p) => (p % w < 5 ? 0 : 1)),
  );
});

// SLIC cannot give a region narrower than about S a segment of its own (no centre lands in it),
// so the layouts keep every rectangle at least S = 6 pixels on a side.
test('property: random RGB rectangle layouts → pure, connected, valid segments, count within [0.75n, 1.5n]', () => {
  const h = 24;
  const w = 24;
  const nSegments = 16; // S = 6
  /** Guillotine cuts that leave every piece at least 6 pixels on each side. */
  const partition = (depth: number): fc.Arbitrary<Box[]> =>
    fc
      .array(fc.tuple(fc.boolean(), fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: depth })
      .map((cuts) => {
        let boxes: Box[] = [[0, 0, h, w]];
        for (const [vertical, t] of cuts) {
          const [biggest] = boxes.sort(
            (a, b) => (b[2] - b[0]) * (b[3] - b[1]) - (a[2] - a[0]) * (a[3] - a[1]),
          );
          const [y0, x0, y1, x1] = biggest;
          const len = vertical ? x1 - x0 : y1 - y0;
          if (len < 12) continue;
          const at = 6 + Math.floor(t * (len - 11));
          const rest = boxes.slice(1);
          boxes = vertical
            ? [...rest, [y0, x0, y1, x0 + at], [y0, x0 + at, y1, x1]]
            : [...rest, [y0, x0, y0 + at, x1], [y0 + at, x0, y1, x1]];
        }
        return boxes;
      });
  fc.assert(
    fc.property(
      partition(6),
      fc.array(fc.nat(PALETTE.length - 1), { minLength: 7, maxLength: 7 }),
      (boxes, colours) => {
        const img = paint(h, w, boxes, colours);
        const r = slicSuperpixels(img, h, w, 3, { nSegments, compactness: 0.05 });
        assertPure(r, img, 3);
        assertLabelsValid(r);
        assertConnected(r, h, w);
        assert.ok(r.count >= 0.75 * nSegments && r.count <= 1.5 * nSegments, `${r.count} segments`);
      },
    ),
    { numRuns: 60, seed: 7 },
  );
});

test('bad shapes and options are refused with the value and a hint', () => {
  const img = new Float32Array(16);
  expectError(
    () => slicSuperpixels(img, 4, 5, 1, { nSegments: 4, compactness: 0.1 }),
    'EXPLAIN_BAD_OPTION',
    'slicSuperpixels image',
    /16 values/,
  );
  expectError(
    () => slicSuperpixels(img, 4, 4, 1, { nSegments: 0, compactness: 0.1 }),
    'EXPLAIN_BAD_OPTION',
    'slicSuperpixels nSegments',
    /nSegments/,
  );
  expectError(
    () => slicSuperpixels(img, 4, 4, 1, { nSegments: 4, compactness: -1 }),
    'EXPLAIN_BAD_OPTION',
    'slicSuperpixels compactness',
    /compactness/,
  );
  expectError(
    () => slicSuperpixels(img, 4, 4, 1, { nSegments: 4, compactness: 0.1, minSize: 0 }),
    'EXPLAIN_BAD_OPTION',
    'slicSuperpixels minSize',
    /minSize/,
  );
  expectError(
    () => slicSuperpixels(Float32Array.of(0, NaN, 0, 0), 2, 2, 1, { nSegments: 1, compactness: 0.1 }),
    'EXPLAIN_BAD_OPTION',
    'slicSuperpixels image',
    /not finite/,
  );
});
