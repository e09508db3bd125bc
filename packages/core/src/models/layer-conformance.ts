import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel, saveModel } from '../io/index.ts';
import { Trainer } from '../train/trainer.ts';
import { computeLoss, type LossName } from '../train/losses.ts';
import type { OptimizerConfig } from '../train/optimizers.ts';

/** One custom layer under test: a tiny model around it and a batch to call and train it on. */
export interface LayerConformanceCase {
  /** The layer's registered class name, e.g. 'FrontierTransformerEncoder'. */
  className: string;
  /** A fresh small model containing the layer (same weights on every call). */
  makeModel: () => tf.LayersModel;
  /** An input batch. */
  x: tf.Tensor;
  /** Targets for the train step. */
  y: tf.Tensor;
  /** The model's output shape for `x`. */
  outputShape: number[];
  /** Default 'meanSquaredError'. */
  loss?: LossName;
  /** Default SGD 0.05: small enough that one step on one batch lowers its loss. */
  optimizer?: OptimizerConfig;
  /**
   * Measure the before/after loss in training mode (default inference mode). Batch
   * norm needs it: one step lowers the loss under batch statistics, while its moving
   * averages have barely moved.
   */
  trainingModeLoss?: boolean;
  /** The layer has no weights of its own (e.g. pooling): skip the weights-changed check. */
  weightless?: boolean;
}

const predict = (m: tf.LayersModel, x: tf.Tensor) => (m.predict(x) as tf.Tensor).arraySync();

/**
 * The shared conformance check every custom layer's test runs:
 * 1. build: the model contains a layer of `className` and has the stated output shape;
 * 2. call: finite outputs of that shape, the same on a second call (inference is deterministic);
 * 3. serialize: toJSON → modelFromJSON and saveModel → loadModel give models whose
 *    layer config and predictions equal the original's;
 * 4. train: one Trainer step changes every trainable weight of the layer (none for
 *    `weightless` layers) and lowers the loss on the batch.
 * Throws an AssertionError naming the failed property.
 */
export async function checkLayerConformance(c: LayerConformanceCase): Promise<void> {
  const model = c.makeModel();
  const layer = model.layers.find((l) => l.getClassName() === c.className);
  assert.ok(
    layer,
    `build: no layer of class ${c.className} in ${model.layers.map((l) => l.getClassName()).join(', ')}`,
  );
  assert.ok(layer.built, 'build: the layer is built');

  const out = model.predict(c.x) as tf.Tensor;
  assert.deepEqual(out.shape, c.outputShape, 'call: output shape');
  assert.ok((out.dataSync() as Float32Array).every(Number.isFinite), 'call: outputs are finite');
  const expected = out.arraySync();
  out.dispose();
  assert.deepEqual(predict(model, c.x), expected, 'call: inference is deterministic');

  const json = model.toJSON(null, false) as unknown as tf.io.ModelJSON['modelTopology'];
  assert.match(
    JSON.stringify(json),
    new RegExp(`"class_name":"${c.className}"`),
    'serialize: class name in JSON',
  );
  const fromJson = await tf.models.modelFromJSON({ modelTopology: json } as tf.io.ModelJSON);
  fromJson.setWeights(model.getWeights());
  const again = fromJson.layers.find((l) => l.getClassName() === c.className)!;
  assert.deepEqual(
    withoutEmpty(again.getConfig()),
    withoutEmpty(layer.getConfig()),
    'serialize: config survives toJSON/modelFromJSON',
  );
  assertClose(predict(fromJson, c.x), expected, 'serialize: predictions after modelFromJSON');
  fromJson.dispose();

  const dir = await mkdtemp(join(tmpdir(), 'layer-conformance-'));
  try {
    await saveModel(model, dir);
    const loaded = await loadModel(dir);
    assertClose(predict(loaded, c.x), expected, 'serialize: predictions after saveModel/loadModel');
    loaded.dispose();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const trainer = new Trainer(model, {
    optimizer: c.optimizer ?? { name: 'sgd', learningRate: 0.05 },
    loss: c.loss ?? 'meanSquaredError',
  });
  const lossNow = () =>
    c.trainingModeLoss
      ? tf.tidy(
          () =>
            computeLoss(trainer.loss, c.y, model.apply(c.x, { training: true }) as tf.Tensor).dataSync()[0],
        )
      : trainer.evaluate(c.x, c.y).loss;
  const before = lossNow();
  const weightsBefore = layer.trainableWeights.map((w) => w.read().dataSync().slice());
  if (!c.weightless) assert.ok(weightsBefore.length > 0, 'train: the layer has trainable weights');
  else assert.equal(weightsBefore.length, 0, 'a weightless layer has no weights');
  trainer.trainStep(c.x, c.y, 0);
  layer.trainableWeights.forEach((w, i) => {
    const now = w.read().dataSync();
    assert.ok(
      now.some((v, j) => v !== weightsBefore[i][j]),
      `train: weight ${w.name} changed after one step`,
    );
  });
  const after = lossNow();
  assert.ok(after < before, `train: one step lowers the loss (${before} → ${after})`);
  trainer.optimizer.dispose();
  model.dispose();
}

function assertClose(actual: unknown, expected: unknown, what: string, tol = 1e-5): void {
  const a = [actual].flat(Infinity as 1) as number[];
  const e = [expected].flat(Infinity as 1) as number[];
  assert.equal(a.length, e.length, `${what}: size`);
  a.forEach((v, i) => assert.ok(Math.abs(v - e[i]) <= tol, `${what}: element ${i} ${v} vs ${e[i]}`));
}

/** A config with null and undefined fields dropped: JSON turns one into the other. */
function withoutEmpty(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutEmpty);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, withoutEmpty(v)]),
  );
}
