import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backgroundOf } from './background.ts';
import { KernelShap } from './kernel-shap.ts';
import { fromFunction } from './model.ts';
import { expectError } from '../util/expect-error.ts';
import {
  gridSuperpixels,
  limeImage,
  segmentImage,
  superpixelModel,
  superpixelsToPixels,
} from './superpixels.ts';

test('gridSuperpixels numbers 2×2 tiles of a 4×5 image row by row, edge tiles narrower', () => {
  const sp = gridSuperpixels(4, 5, 1, 2);
  assert.equal(sp.count, 6);
  assert.deepEqual(Array.from(sp.segment), [0, 0, 1, 1, 2, 0, 0, 1, 1, 2, 3, 3, 4, 4, 5, 3, 3, 4, 4, 5]);
  assert.deepEqual(Array.from(superpixelsToPixels(sp, [9, 8, 7, 6, 5, 4])).slice(0, 5), [9, 9, 8, 8, 7]);
});

test('KernelSHAP over superpixels of a "sum of bright pixels" model gives each tile its own sum', async () => {
  // f(image) = Σ pixels: additive, so each tile's SHAP value is exactly its pixel sum (baseline black).
  const image = Float32Array.from({ length: 16 }, (_, i) => i / 16);
  const sp = gridSuperpixels(4, 4, 1, 2);
  const inner = fromFunction(16, 1, (r) => r.reduce((a, b) => a + b, 0));
  const model = superpixelModel(inner, sp, image);
  const a = await new KernelShap(model, { background: backgroundOf(new Float64Array(4), 1) }).explain(
    new Float64Array(4).fill(1),
    1,
  );
  const want = [0, 0, 0, 0];
  image.forEach((v, i) => (want[sp.segment[i]] += v));
  a.values.forEach((v, t) => assert.ok(Math.abs(v - want[t]) < 1e-6, `tile ${t}: ${v} vs ${want[t]}`));
});

test('limeImage weights the superpixel the model looks at, and only it', async () => {
  const image = new Float32Array(16).fill(1);
  const sp = gridSuperpixels(4, 4, 1, 2);
  // Class 1's probability rises with the top-right tile's brightness (pixels 2, 3, 6, 7).
  const inner = fromFunction(16, 2, (r) => {
    const p = (r[2] + r[3] + r[6] + r[7]) / 4;
    return [1 - p, p];
  });
  const { weights } = await limeImage(superpixelModel(inner, sp, image), { output: 1, numSamples: 400 });
  // The exact slope is 1; ridge (alpha 1) shrinks it a little (measured 0.976).
  assert.ok(Math.abs(weights[1] - 1) < 0.05, `top-right: ${weights[1]}`);
  for (const t of [0, 2, 3]) assert.ok(Math.abs(weights[t]) < 0.01, `tile ${t}: ${weights[t]}`);
});

/** A 12×12 black image with a bright 5×5 square at rows/columns 3–7, off the 4-pixel grid lines. */
function squareImage(): { image: Float32Array; inSquare: (p: number) => boolean } {
  const inSquare = (p: number): boolean => {
    const [y, x] = [Math.floor(p / 12), p % 12];
    return y >= 3 && y <= 7 && x >= 3 && x <= 7;
  };
  return { image: Float32Array.from({ length: 144 }, (_, p) => (inSquare(p) ? 1 : 0)), inSquare };
}

test('segmentImage defaults to SLIC: its superpixels follow the square, grid tiles straddle it', () => {
  const { image, inSquare } = squareImage();
  const straddling = (seg: Int32Array): number => {
    const kinds = new Map<number, Set<boolean>>();
    seg.forEach((s, p) => kinds.set(s, (kinds.get(s) ?? new Set()).add(inSquare(p))));
    return [...kinds.values()].filter((k) => k.size === 2).length;
  };
  const slic = segmentImage(image, 12, 12, 1);
  assert.equal(straddling(slic.segment), 0);
  assert.ok(slic.count >= 7 && slic.count <= 14, `${slic.count} SLIC superpixels for size 4 (9 asked)`);
  const grid = segmentImage(image, 12, 12, 1, { method: 'grid' });
  assert.deepEqual(grid, gridSuperpixels(12, 12, 1, 4));
  // Tiles are rows/columns 0–3, 4–7, 8–11: the square's row 3 and column 3 spill into three tiles.
  assert.equal(straddling(grid.segment), 3);
  expectError(
    () => segmentImage(image, 12, 12, 1, { method: 'watershed' as 'grid' }),
    'EXPLAIN_BAD_OPTION',
    'segmentImage method',
    /watershed/,
  );
});

test('limeImage over SLIC superpixels puts the weight on the square and none on the black around it', async () => {
  const { image, inSquare } = squareImage();
  // Class 1's probability is the square's mean brightness; black pixels cannot matter.
  const inner = fromFunction(144, 2, (r) => {
    let p = 0;
    r.forEach((v, i) => (p += inSquare(i) ? v / 25 : 0));
    return [1 - p, p];
  });
  const heat = async (method: 'slic' | 'grid'): Promise<Float32Array> => {
    const sp = segmentImage(image, 12, 12, 1, { method });
    const { weights } = await limeImage(superpixelModel(inner, sp, image), { output: 1, numSamples: 400 });
    return superpixelsToPixels(sp, weights);
  };
  const slic = await heat('slic');
  slic.forEach((v, p) => {
    if (inSquare(p)) assert.ok(v > 0.05, `square pixel ${p}: ${v}`);
    else assert.ok(Math.abs(v) < 0.01, `background pixel ${p}: ${v}`);
  });
  // Grid tiles that straddle the square carry its weight onto black pixels too.
  const grid = await heat('grid');
  assert.ok(grid[0] > 0.01, `pixel (0, 0) shares a tile with the square: ${grid[0]}`);
});
