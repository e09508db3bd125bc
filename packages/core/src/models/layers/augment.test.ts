import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel, saveModel } from '../../io/index.ts';
import {
  mapIndex,
  NO_TRANSFORM,
  shearMatrix,
  transformMatrix,
  warpImage,
  type FillMode,
  type Mat3,
} from './affine.ts';
import { ImageAugmentation } from './augment-layer.ts';
import { ImageAugmenter } from './augment.ts';
import { AugmentingTrainer } from '../../preprocess/augmenting-trainer.ts';

await tf.setBackend('cpu');

const warp = (img: number[], h: number, w: number, m: Mat3, fillMode: FillMode, cval = 0) => {
  const out = new Float32Array(h * w);
  warpImage(Float32Array.from(img), h, w, 1, m, { fillMode, cval, interpolation: 'bilinear' }, out);
  return [...out];
};
const MODES: FillMode[] = ['constant', 'nearest', 'reflect', 'wrap'];

test('fill modes map indices: reflect is half-sample symmetric, wrap periodic', () => {
  // n = 3, indices -4..6: reflect dcba|abc… → 2 1 0 0 | 0 1 2 | 2 1 0 0
  assert.deepEqual(
    [-4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6].map((i) => mapIndex(i, 3, 'reflect')),
    [2, 2, 1, 0, 0, 1, 2, 2, 1, 0, 0],
  );
  assert.deepEqual(
    [-4, -1, 3, 4].map((i) => mapIndex(i, 3, 'wrap')),
    [2, 2, 0, 1],
  );
  assert.deepEqual(
    [-4, -1, 3, 4].map((i) => mapIndex(i, 3, 'nearest')),
    [0, 0, 2, 2],
  );
  assert.deepEqual(
    [-1, 3].map((i) => mapIndex(i, 3, 'constant')),
    [-1, -1],
  );
});

test('one-pixel and two-pixel shifts of a 1×3 row under each fill mode (hand-computed)', () => {
  const row = [1, 2, 3];
  const one = transformMatrix({ ...NO_TRANSFORM, ty: 1 }, 1, 3); // output c samples input c + 1
  const expectOne = { constant: [2, 3, 9], nearest: [2, 3, 3], reflect: [2, 3, 3], wrap: [2, 3, 1] };
  const two = transformMatrix({ ...NO_TRANSFORM, ty: 2 }, 1, 3);
  const expectTwo = { constant: [3, 9, 9], nearest: [3, 3, 3], reflect: [3, 3, 2], wrap: [3, 1, 2] };
  for (const mode of MODES) {
    assert.deepEqual(warp(row, 1, 3, one, mode, 9), expectOne[mode], `${mode} one pixel`);
    assert.deepEqual(warp(row, 1, 3, two, mode, 9), expectTwo[mode], `${mode} two pixels`);
  }
  // Along rows: a 3×1 column shifted by tx = −1 samples row r − 1.
  const down = transformMatrix({ ...NO_TRANSFORM, tx: -1 }, 3, 1);
  assert.deepEqual(warp(row, 3, 1, down, 'wrap'), [3, 1, 2]);
});

test('a 90° rotation of a 2×4 image under each fill mode (hand-computed)', () => {
  // Center (0.5, 1.5); output (r, c) samples input (2 − c, r + 1).
  const img = [1, 2, 3, 4, 5, 6, 7, 8];
  const m = transformMatrix({ ...NO_TRANSFORM, theta: 90 }, 2, 4);
  assert.deepEqual(m, [0, -1, 2, 1, 0, 1, 0, 0, 1]);
  const expected = {
    constant: [0, 6, 2, 0, 0, 7, 3, 0],
    nearest: [6, 6, 2, 2, 7, 7, 3, 3],
    reflect: [6, 6, 2, 2, 7, 7, 3, 3],
    wrap: [2, 6, 2, 6, 3, 7, 3, 7],
  };
  for (const mode of MODES) assert.deepEqual(warp(img, 2, 4, m, mode), expected[mode], mode);
  // A 3×3 square rotates exactly: rows become columns, read bottom-up.
  const sq = warp(
    [0, 1, 2, 3, 4, 5, 6, 7, 8],
    3,
    3,
    transformMatrix({ ...NO_TRANSFORM, theta: 90 }, 3, 3),
    'constant',
  );
  assert.deepEqual(sq, [6, 3, 0, 7, 4, 1, 8, 5, 2]);
});

test('the shear matrix: 30° → [[1, −1/2, 0], [0, √3/2, 0], [0, 0, 1]]', () => {
  const m = shearMatrix(30);
  const want = [1, -0.5, 0, 0, Math.sqrt(3) / 2, 0, 0, 0, 1];
  m.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-12, `${i}: ${v}`));
  // Centered on a 3×3 image, shear keeps the center pixel and samples (r − (c−1)/2, …) on row 1.
  const c = transformMatrix({ ...NO_TRANSFORM, shear: 30 }, 3, 3);
  assert.ok(Math.abs(c[2] - 0.5) < 1e-12 && Math.abs(c[5] - (1 - Math.sqrt(3) / 2)) < 1e-12);
});

test('zoom and flips compose into the same matrix', () => {
  const flip = transformMatrix({ ...NO_TRANSFORM, flipHorizontal: true }, 2, 3);
  assert.deepEqual(warp([1, 2, 3, 4, 5, 6], 2, 3, flip, 'constant'), [3, 2, 1, 6, 5, 4]);
  const vflip = transformMatrix({ ...NO_TRANSFORM, flipVertical: true }, 2, 3);
  assert.deepEqual(warp([1, 2, 3, 4, 5, 6], 2, 3, vflip, 'constant'), [4, 5, 6, 1, 2, 3]);
  // zoom 2 on a 1×5 row about its center (2): output c samples 2 + 2(c − 2).
  const z = transformMatrix({ ...NO_TRANSFORM, zy: 2 }, 1, 5);
  assert.deepEqual(warp([1, 2, 3, 4, 5], 1, 5, z, 'constant'), [0, 1, 3, 5, 0]);
  // bilinear halfway: zoom 0.5 samples 2 + (c − 2)/2 → 2, 2.5, 3, 3.5, 4 for c = 2..4
  const h = transformMatrix({ ...NO_TRANSFORM, zy: 0.5 }, 1, 5);
  assert.deepEqual(warp([1, 2, 3, 4, 5], 1, 5, h, 'constant').slice(2), [3, 3.5, 4]);
});

test('channel shift clips to the image range; brightness and rescale multiply', () => {
  const aug = new ImageAugmenter({ rescale: 0.5 });
  const x = { data: Float32Array.from([0, 10, 20, 30]), shape: [1, 2, 1, 2] };
  const out = new Float32Array(4);
  aug.applyParams(x, 0, { ...NO_TRANSFORM, channelShift: 15, brightness: 2 }, out);
  // +15 → 15, 25, 35→30, 45→30; ×2 ×0.5
  assert.deepEqual([...out], [15, 25, 30, 30]);
});

test('augmentation is seeded: same seed and key → same batch; other key → different', () => {
  const opts = {
    rotationRange: 20,
    widthShiftRange: 0.1,
    heightShiftRange: 2,
    shearRange: 10,
    zoomRange: 0.1,
    horizontalFlip: true,
    seed: 5,
  };
  const x = { data: Float32Array.from({ length: 2 * 6 * 6 }, (_, i) => (i * 7) % 11), shape: [2, 6, 6, 1] };
  const a = new ImageAugmenter(opts).augment(x, 3);
  const b = new ImageAugmenter(opts).augment(x, 3);
  assert.deepEqual(a, b);
  assert.notDeepEqual(new ImageAugmenter(opts).augment(x, 4).data, a.data);
  assert.notDeepEqual(a.data, x.data);
  const p = new ImageAugmenter({ zoomRange: 0.2, widthShiftRange: 0.5, rotationRange: 10 }).randomParams(
    () => 0.75,
    10,
    8,
  );
  assert.ok(Math.abs(p.zx - 1.1) < 1e-12 && Math.abs(p.ty - 2) < 1e-12 && Math.abs(p.theta - 5) < 1e-12);
});

test('bad options are errors that name the option', () => {
  assert.throws(() => new ImageAugmenter({ zoomRange: 1.5 }), {
    code: 'PREPROCESS_BAD_OPTION',
    where: 'AugmentOptions.zoomRange',
  });
  assert.throws(() => new ImageAugmenter({ fillMode: 'mirror' as FillMode }), {
    where: 'AugmentOptions.fillMode',
  });
});

test('the layer augments only in training and survives saveModel/loadModel', async () => {
  const model = tf.sequential();
  model.add(
    new ImageAugmentation({ inputShape: [4, 4, 1], rotationRange: 30, fillMode: 'reflect', seed: 3 }),
  );
  model.add(tf.layers.flatten());
  const x = tf.tensor4d(
    Float32Array.from({ length: 16 }, (_, i) => i),
    [1, 4, 4, 1],
  );
  assert.deepEqual([...(model.predict(x) as tf.Tensor).dataSync()], [...x.dataSync()]);
  const trained = model.apply(x, { training: true }) as tf.Tensor;
  const want = new ImageAugmenter({ rotationRange: 30, fillMode: 'reflect', seed: 3 }).augment(
    { data: Float32Array.from(x.dataSync()), shape: [1, 4, 4, 1] },
    0,
  );
  assert.deepEqual([...trained.dataSync()], [...want.data]);
  const dir = await mkdtemp(join(tmpdir(), 'frontier-auglayer-'));
  await saveModel(model, dir);
  const back = await loadModel(dir);
  assert.equal(back.layers[0].getClassName(), 'FrontierImageAugmentation');
  assert.equal(back.layers[0].getConfig().rotationRange, 30);
  assert.deepEqual([...(back.predict(x) as tf.Tensor).dataSync()], [...x.dataSync()]);
  tf.dispose([x, trained]);
});

test('AugmentingTrainer augments training batches reproducibly and trains', async () => {
  const make = () => {
    const m = tf.sequential();
    m.add(tf.layers.flatten({ inputShape: [4, 4, 1] }));
    m.add(
      tf.layers.dense({
        units: 2,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
    );
    return m;
  };
  const x = tf.tensor4d(
    Float32Array.from({ length: 8 * 16 }, (_, i) => (i % 16 < 8 ? 1 : 0) * ((i >> 4) % 2)),
    [8, 4, 4, 1],
  );
  const y = tf.oneHot(tf.tensor1d([0, 1, 0, 1, 0, 1, 0, 1], 'int32'), 2).toFloat();
  const seen: number[] = [];
  const aug = new ImageAugmenter({ heightShiftRange: 1, fillMode: 'wrap', seed: 9 });
  const run = async () => {
    const t = new AugmentingTrainer(make(), { augment: (xb, k) => (seen.push(k), aug.augmentTensor(xb, k)) });
    await t.fit(x, y, { epochs: 2, batchSize: 4, seed: 1 });
    return t.model.getWeights().map((w) => [...w.dataSync()]);
  };
  const w1 = await run();
  assert.deepEqual(seen, [0, 1, 100003, 100004]);
  assert.deepEqual(await run(), w1);
  tf.dispose([x, y]);
});
