import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel, saveModel } from '../../io/index.ts';
import type { FillMode } from './affine.ts';
import { Normalization } from './normalization-layer.ts';
import {
  RandomBrightness,
  RandomContrast,
  RandomFlip,
  RandomRotation,
  RandomTranslation,
  RandomZoom,
} from './random-layers.ts';

await tf.setBackend('cpu');

const MODES: FillMode[] = ['constant', 'nearest', 'reflect', 'wrap'];

/** Runs `layer` in training mode on one h×w×1 image (or a batch of them). */
function train(layer: tf.layers.Layer, img: number[], shape: number[]): number[] {
  const x = tf.tensor(img, shape);
  const y = layer.apply(x, { training: true }) as tf.Tensor;
  const out = [...y.dataSync()];
  tf.dispose([x, y]);
  return out;
}

test('RandomRotation by a quarter turn is a 90° counter-clockwise rotation under each fill mode', () => {
  // 3×3: [[0,1,2],[3,4,5],[6,7,8]] turned counter-clockwise → [[2,5,8],[1,4,7],[0,3,6]].
  const sq = train(new RandomRotation({ factor: [0.25, 0.25] }), [0, 1, 2, 3, 4, 5, 6, 7, 8], [1, 3, 3, 1]);
  assert.deepEqual(sq, [2, 5, 8, 1, 4, 7, 0, 3, 6]);
  // 2×4 [[1,2,3,4],[5,6,7,8]], center (0.5, 1.5): output (r, c) samples input (c − 1, 2 − r).
  const img = [1, 2, 3, 4, 5, 6, 7, 8];
  const want: Record<FillMode, number[]> = {
    constant: [9, 3, 7, 9, 9, 2, 6, 9],
    nearest: [3, 3, 7, 7, 2, 2, 6, 6],
    reflect: [3, 3, 7, 7, 2, 2, 6, 6],
    wrap: [7, 3, 7, 3, 6, 2, 6, 2],
  };
  for (const fillMode of MODES) {
    const layer = new RandomRotation({ factor: [0.25, 0.25], fillMode, fillValue: 9 });
    assert.deepEqual(train(layer, img, [1, 2, 4, 1]), want[fillMode], fillMode);
  }
});

test('RandomTranslation by one pixel under each fill mode (positive = right / down)', () => {
  const right: Record<FillMode, number[]> = {
    constant: [9, 1, 2],
    nearest: [1, 1, 2],
    reflect: [1, 1, 2],
    wrap: [3, 1, 2],
  };
  for (const fillMode of MODES) {
    const layer = new RandomTranslation({
      heightFactor: 0,
      widthFactor: [1 / 3, 1 / 3],
      fillMode,
      fillValue: 9,
    });
    assert.deepEqual(train(layer, [1, 2, 3], [1, 1, 3, 1]), right[fillMode], fillMode);
  }
  // Up by one pixel (−1/2 of a 2-row column): output row r reads row r + 1.
  const up = new RandomTranslation({ heightFactor: [-0.5, -0.5], widthFactor: 0, fillMode: 'constant' });
  assert.deepEqual(train(up, [4, 7], [1, 2, 1, 1]), [7, 0]);
});

test('RandomZoom: positive factors zoom out, negative zoom in, about the center', () => {
  // 1×5 row; zoom out 2× samples 2 + 2(c − 2) = −2, 0, 2, 4, 6.
  const out = (fillMode: FillMode) =>
    train(new RandomZoom({ heightFactor: 0, widthFactor: [1, 1], fillMode }), [1, 2, 3, 4, 5], [1, 1, 5, 1]);
  assert.deepEqual(out('constant'), [0, 1, 3, 5, 0]);
  assert.deepEqual(out('reflect'), [2, 1, 3, 5, 4]);
  // Zoom in 2× samples 2 + (c − 2)/2 = 1, 1.5, 2, 2.5, 3 (bilinear).
  const zin = new RandomZoom({ heightFactor: 0, widthFactor: [-0.5, -0.5] });
  assert.deepEqual(train(zin, [1, 2, 3, 4, 5], [1, 1, 5, 1]), [2, 2.5, 3, 3.5, 4]);
  // Without widthFactor both axes share the draw: 5×5 zoomed out 2× samples (2 + 2(r − 2), 2 + 2(c − 2)).
  const both = new RandomZoom({ heightFactor: [1, 1], fillMode: 'constant', fillValue: -1 });
  const grid = train(
    both,
    Array.from({ length: 25 }, (_, i) => i),
    [1, 5, 5, 1],
  );
  const o = -1;
  assert.deepEqual(grid, [o, o, o, o, o, o, 0, 2, 4, o, o, 10, 12, 14, o, o, 20, 22, 24, o, o, o, o, o, o]);
  assert.throws(() => new RandomZoom({ heightFactor: [-1, 0] }), { code: 'PREPROCESS_BAD_OPTION' });
  assert.throws(() => new RandomRotation({ factor: 0.1, fillMode: 'mirror' as FillMode }), {
    code: 'PREPROCESS_BAD_OPTION',
    where: 'FrontierRandomRotation.fillMode',
    message: /unknown fillMode "mirror"/,
  });
  assert.throws(() => new RandomRotation({ factor: 0.1, interpolation: 'cubic' as 'nearest' }), {
    where: 'FrontierRandomRotation.interpolation',
    message: /unknown interpolation "cubic"/,
  });
});

test('RandomFlip mirrors some images of a batch and leaves the others; horizontal mode never flips rows', () => {
  // 8 images of 2×2 [[1,2],[3,4]] + 10·i; horizontal flip → [[2,1],[4,3]].
  const n = 8;
  const img = Array.from({ length: n * 4 }, (_, k) => [1, 2, 3, 4][k % 4] + 10 * Math.floor(k / 4));
  const out = train(new RandomFlip({ mode: 'horizontal', seed: 7 }), img, [n, 2, 2, 1]);
  let flipped = 0;
  for (let i = 0; i < n; i++) {
    const b = 10 * i;
    const got = out.slice(i * 4, i * 4 + 4);
    if (got[0] === b + 2) {
      assert.deepEqual(got, [b + 2, b + 1, b + 4, b + 3]);
      flipped++;
    } else assert.deepEqual(got, [b + 1, b + 2, b + 3, b + 4]);
  }
  assert.ok(flipped > 0 && flipped < n, `${flipped} of ${n} flipped`);
  const v = train(new RandomFlip({ mode: 'vertical', seed: 7 }), img, [n, 2, 2, 1]);
  for (let i = 0; i < n; i++) {
    const got = v.slice(i * 4, i * 4 + 4).map((x) => x - 10 * i);
    assert.ok([1, 2, 3, 4].join() === got.join() || [3, 4, 1, 2].join() === got.join(), got.join());
  }
});

test('RandomBrightness adds factor·range and clips; RandomContrast scales about each channel mean', () => {
  const b = new RandomBrightness({ factor: [0.1, 0.1], valueRange: [0, 1] });
  const got = train(b, [0, 0.5, 0.95], [1, 1, 3, 1]);
  [0.1, 0.6, 1].forEach((w, i) => assert.ok(Math.abs(got[i] - w) < 1e-6, `${got[i]} vs ${w}`));
  // Two channels, means 2 and 20: out = (x − mean)·a + mean with one a per image in [0.5, 1.5].
  const x = [1, 10, 3, 30];
  const c = train(new RandomContrast({ factor: 0.5, seed: 3 }), x, [1, 1, 2, 2]);
  const a = (c[0] - 2) / (1 - 2);
  assert.ok(a >= 0.5 && a <= 1.5 && Math.abs(a - 1) > 1e-6, `a = ${a}`);
  [2 - a, 20 - 10 * a, 2 + a, 20 + 10 * a].forEach((w, i) => assert.ok(Math.abs(c[i] - w) < 1e-5));
});

test('every random layer is the identity at inference', () => {
  const x = tf.tensor4d(
    Array.from({ length: 2 * 3 * 3 }, (_, i) => i),
    [2, 3, 3, 1],
  );
  for (const layer of [
    new RandomFlip(),
    new RandomRotation({ factor: 0.2 }),
    new RandomTranslation({ heightFactor: 0.3, widthFactor: 0.3 }),
    new RandomZoom({ heightFactor: 0.3 }),
    new RandomContrast({ factor: 0.5 }),
    new RandomBrightness({ factor: 0.5 }),
  ]) {
    for (const kw of [{}, { training: false }]) {
      const y = layer.apply(x, kw) as tf.Tensor;
      assert.deepEqual([...y.dataSync()], [...x.dataSync()], layer.getClassName());
      y.dispose();
    }
  }
  x.dispose();
});

test('seeded: same seed → same first training batch; the next call and another seed differ', () => {
  const img = Array.from({ length: 4 * 5 * 5 }, (_, i) => (i * 7) % 13);
  const make = (seed: number) => new RandomRotation({ factor: 0.2, seed });
  const a = make(5);
  const first = train(a, img, [4, 5, 5, 1]);
  assert.deepEqual(train(make(5), img, [4, 5, 5, 1]), first);
  assert.notDeepEqual(train(a, img, [4, 5, 5, 1]), first);
  assert.notDeepEqual(train(make(6), img, [4, 5, 5, 1]), first);
});

test('Normalization: adapt fits per-feature mean and variance; invert undoes it; unfitted is an error', () => {
  const layer = new Normalization().adapt({ data: Float32Array.from([1, 2, 3, 4, 5, 6]), shape: [3, 2] });
  assert.deepEqual(layer.mean, [3, 4]);
  layer.variance!.forEach((v) => assert.ok(Math.abs(v - 8 / 3) < 1e-12));
  const y = layer.apply(tf.tensor2d([[3, 4 + Math.sqrt(8 / 3)]])) as tf.Tensor;
  [0, 1].forEach((w, i) => assert.ok(Math.abs(y.dataSync()[i] - w) < 1e-6));
  const inv = new Normalization({ mean: layer.mean, variance: layer.variance, invert: true });
  const back = inv.apply(y) as tf.Tensor;
  [3, 4 + Math.sqrt(8 / 3)].forEach((w, i) => assert.ok(Math.abs(back.dataSync()[i] - w) < 1e-5));
  assert.throws(() => new Normalization().apply(tf.tensor2d([[1]])), { code: 'PREPROCESS_NOT_FITTED' });
  assert.throws(() => new Normalization({ mean: [0] }), { code: 'PREPROCESS_BAD_OPTION' });
  assert.throws(() => new Normalization({ mean: [0, 1], variance: [1] }), { code: 'PREPROCESS_BAD_OPTION' });
});

test('a model of every preprocessing layer round-trips through saveModel/loadModel', async () => {
  const build = () => {
    const m = tf.sequential();
    m.add(new RandomFlip({ inputShape: [4, 4, 1], mode: 'horizontal', seed: 1 }));
    m.add(new RandomRotation({ factor: [-0.1, 0.2], fillMode: 'constant', fillValue: 0.5, seed: 2 }));
    m.add(new RandomTranslation({ heightFactor: 0.25, widthFactor: [0, 0.25], fillMode: 'wrap', seed: 3 }));
    m.add(new RandomZoom({ heightFactor: 0.2, widthFactor: [-0.1, 0.1], interpolation: 'nearest', seed: 4 }));
    m.add(new RandomContrast({ factor: [0.2, 0.3], seed: 5 }));
    m.add(new RandomBrightness({ factor: 0.1, valueRange: [0, 1], seed: 6 }));
    m.add(tf.layers.rescaling({ scale: 2, offset: -1 }));
    m.add(new Normalization({ mean: [0.5], variance: [4] }));
    m.add(tf.layers.flatten());
    return m;
  };
  const model = build();
  const x = tf.tensor4d(
    Array.from({ length: 2 * 16 }, (_, i) => (i % 16) / 16),
    [2, 4, 4, 1],
  );
  const infer = [...(model.predict(x) as tf.Tensor).dataSync()];
  // Inference: random layers pass through; rescaling and normalization apply: (2x − 1 − 0.5) / 2.
  [...x.dataSync()].forEach((v, i) => assert.ok(Math.abs(infer[i] - (2 * v - 1.5) / 2) < 1e-6));
  const dir = await mkdtemp(join(tmpdir(), 'frontier-pplayers-'));
  await saveModel(model, dir);
  const back = await loadModel(dir);
  assert.deepEqual(
    back.layers.map((l) => l.getClassName()),
    model.layers.map((l) => l.getClassName()),
  );
  back.layers.forEach((l, i) => {
    const { name: _a, ...want } = model.layers[i].getConfig();
    const { name: _b, ...got } = l.getConfig();
    assert.deepEqual(got, want, l.getClassName());
  });
  assert.deepEqual([...(back.predict(x) as tf.Tensor).dataSync()], infer);
  // Training randomness replays from the saved seeds: a fresh model and the loaded one agree.
  const t1 = back.apply(x, { training: true }) as tf.Tensor;
  const t2 = build().apply(x, { training: true }) as tf.Tensor;
  assert.deepEqual([...t1.dataSync()], [...t2.dataSync()]);
  assert.notDeepEqual([...t1.dataSync()], infer);
});
