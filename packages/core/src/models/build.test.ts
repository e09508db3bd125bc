import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { buildModel, briefCnn, mlp, summary, countParams } from './index.ts';
import { FrontierError } from '../util/errors.ts';

test('the brief CNN has the hand-computed parameter count', () => {
  const model = buildModel(briefCnn());
  // conv 3*3*1*32+32 = 320; dense 13*13*32*128+128 = 692,352; dense 128*10+10 = 1,290
  assert.equal(countParams(model), 320 + 692_352 + 1_290);
  assert.deepEqual(model.outputs[0].shape, [null, 10]);
  const text = summary(model);
  assert.match(text, /conv2d_1 \(Conv2D\).*\[null,26,26,32\]\s+320/);
  assert.match(text, /Total params: 693962/);
  model.dispose();
});

test('an MLP flattens images and stacks hidden layers', () => {
  const model = buildModel(mlp({ inputShape: [28, 28, 1], hidden: [64, 32] }));
  assert.equal(countParams(model), 784 * 64 + 64 + 64 * 32 + 32 + 32 * 10 + 10);
  model.dispose();
});

test('the same seed gives the same weights; another seed does not', () => {
  const a = buildModel(briefCnn(), 7);
  const b = buildModel(briefCnn(), 7);
  const c = buildModel(briefCnn(), 8);
  const wa = a.getWeights()[0].dataSync();
  assert.deepEqual(wa, b.getWeights()[0].dataSync());
  assert.notDeepEqual(wa, c.getWeights()[0].dataSync());
  tf.dispose([a, b, c].flatMap((m) => m.getWeights()));
});

test('invalid configs name the offending key', () => {
  const bad = { name: 'x', inputShape: [4], layers: [{ type: 'dense', units: 0 }] } as never;
  assert.throws(
    () => buildModel(bad),
    (e: unknown) => e instanceof FrontierError && e.where === 'model.layers[0].units',
  );
  const unknown = { name: 'x', inputShape: [4], layers: [{ type: 'capsule' }] } as never;
  assert.throws(
    () => buildModel(unknown),
    (e: unknown) =>
      e instanceof FrontierError && e.where === 'model.layers[0].type' && /dense, conv2d/.test(e.hint ?? ''),
  );
  assert.throws(() => buildModel({ name: 'x', inputShape: [0], layers: [] }), /inputShape/);
  const lstm = { name: 'x', inputShape: [4, 2], layers: [{ type: 'lstm' }] } as never;
  assert.throws(
    () => buildModel(lstm),
    (e: unknown) => e instanceof FrontierError && e.where === 'model.layers[0].units',
  );
});
