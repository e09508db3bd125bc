import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backgroundOf } from './background.ts';
import { KernelShap } from './kernel-shap.ts';
import { fromFunction } from './model.ts';
import { gridSuperpixels, limeImage, superpixelModel, superpixelsToPixels } from './superpixels.ts';

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
