import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { TechniqueContext } from '../study/technique.ts';
import { resolveTechniques } from './index.ts';
import { modelFileSize, saveModel } from '../io/index.ts';
import { countParams } from '../models/index.ts';
import { Trainer } from '../train/index.ts';
import { fakeQuantWeights, sparsityReport } from '../compress/index.ts';

await tf.setBackend('cpu');

const compressionTechniques = resolveTechniques(
  [
    'prune-90',
    'prune-90+uint8',
    'quant-float16',
    'quant-uint8',
    'int8-per-channel',
    'cluster-16',
    'filters-50',
    'distill',
  ],
  'cpu',
);
const extraCompressionTechniques = resolveTechniques(['prune-2of4', 'prune-block4-90', 'qat-int8'], 'cpu');

const x = tf.randomNormal([96, 8], 0, 1, 'float32', 1);
const y = tf.oneHot(tf.argMax(tf.matMul(x, tf.randomNormal([8, 3], 0, 1, 'float32', 2)), 1), 3).toFloat();
const baseline = tf.sequential({
  layers: [
    tf.layers.dense({
      inputShape: [8],
      units: 64,
      activation: 'relu',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }),
    }),
    tf.layers.dense({
      units: 3,
      activation: 'softmax',
      kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }),
    }),
  ],
});
await new Trainer(baseline, { optimizer: { name: 'adam', learningRate: 0.01 } }).fit(x, y, {
  epochs: 5,
  batchSize: 32,
});
const root = await mkdtemp(join(tmpdir(), 'frontier-tech-'));
await saveModel(baseline, join(root, 'baseline'));
const baseSize = await modelFileSize(join(root, 'baseline'));
const before = baseline.getWeights().map((w) => [...w.dataSync()]);

function ctx(name: string, base: tf.LayersModel = baseline): TechniqueContext {
  return {
    baseline: base,
    data: {
      name: 'synthetic',
      classes: ['a', 'b', 'c'],
      train: { x, y },
      validation: { x, y },
      test: { x, y },
    },
    seed: 42,
    workDir: join(root, name),
    train: async (model, o = {}) =>
      new Trainer(model, { transforms: o.transforms }).fit(x, y, {
        epochs: o.epochs ?? 1,
        batchSize: 32,
        seed: 1,
        callbacks: o.callbacks,
      }),
    log: () => {},
  };
}

test('every compression technique yields a usable variant, measured honestly, without touching the baseline', async () => {
  const names = compressionTechniques.map((t) => t.name);
  assert.deepEqual(names, [
    'prune-90',
    'prune-90+uint8',
    'quant-float16',
    'quant-uint8',
    'int8-per-channel',
    'cluster-16',
    'filters-50',
    'distill',
  ]);
  const variants = new Map<string, tf.LayersModel>();
  for (const t of compressionTechniques) {
    const v = await t.apply(ctx(t.name, t.base ? variants.get(t.base) : undefined));
    variants.set(t.name, v.model);
    const out = v.model.predict(x) as tf.Tensor;
    assert.deepEqual(out.shape, [96, 3], t.name);
    // What the harness measures: the technique's own artifact when it has one.
    const saved = join(root, t.name, 'saved');
    if (v.save) await v.save(saved);
    const savedSize = v.save ? await modelFileSize(saved) : undefined;
    switch (t.name) {
      case 'prune-90':
        assert.ok(Math.abs(sparsityReport(v.model).kernelSparsity - 0.9) < 1e-3);
        break;
      case 'prune-90+uint8': {
        // Quantizing keeps the pruned zeros exactly zero (small weights may join them),
        // stores one byte per weight, and its weights compress to under half of the float32 pruned model's.
        assert.equal(t.base, 'prune-90');
        assert.ok(sparsityReport(v.model).kernelSparsity >= 0.9);
        const dir = join(root, t.name, 'uint8');
        assert.equal((await stat(join(dir, 'weights.bin'))).size, countParams(baseline));
        const pruned = join(root, 'pruned-float32');
        await saveModel(variants.get('prune-90')!, pruned);
        const packed = async (d: string) => gzipSync(await readFile(join(d, 'weights.bin'))).length;
        assert.ok((await packed(dir)) < (await packed(pruned)) / 2);
        break;
      }
      case 'quant-float16':
      case 'quant-uint8': {
        // the measured folder holds 2 (float16) or 1 (uint8) bytes per weight
        const dtype = t.name.slice(6);
        const dir = join(root, t.name, dtype);
        assert.equal(
          (await stat(join(dir, 'weights.bin'))).size,
          (dtype === 'uint8' ? 1 : 2) * countParams(baseline),
        );
        assert.equal(savedSize!.rawBytes, (await modelFileSize(dir)).rawBytes);
        assert.ok(savedSize!.rawBytes < baseSize.rawBytes);
        break;
      }
      case 'int8-per-channel':
        assert.ok(savedSize!.rawBytes < baseSize.rawBytes && savedSize!.gzipBytes < baseSize.gzipBytes);
        break;
      case 'cluster-16':
        assert.ok(new Set(v.model.getWeights()[0].dataSync()).size <= 16);
        break;
      case 'filters-50':
        assert.equal(countParams(v.model), 8 * 32 + 32 + 32 * 3 + 3);
        break;
      case 'distill':
        assert.ok(countParams(v.model) <= countParams(baseline) / 4);
        break;
    }
  }
  for (const model of new Set(variants.values())) if (model !== baseline) model.dispose();
  assert.deepEqual(
    baseline.getWeights().map((w) => [...w.dataSync()]),
    before,
  );
});

test('extra rows: 2:4 keeps exactly half, block pruning zeros whole 4×1 blocks, QAT stores int8', async () => {
  const [nm, block, qat] = extraCompressionTechniques;
  const a = await nm.apply(ctx(nm.name));
  const k = a.model.getWeights()[0].dataSync();
  assert.equal(sparsityReport(a.model).kernelSparsity, 0.5);
  for (let c = 0; c < 64; c++)
    for (let g = 0; g < 2; g++)
      assert.equal([0, 1, 2, 3].filter((j) => k[(g * 4 + j) * 64 + c] !== 0).length, 2);
  const b = await block.apply(ctx(block.name));
  const kb = b.model.getWeights()[0].dataSync();
  for (let c = 0; c < 64; c++)
    for (let g = 0; g < 2; g++) {
      const zeros = [0, 1, 2, 3].filter((j) => kb[(g * 4 + j) * 64 + c] === 0).length;
      assert.ok(zeros === 0 || zeros === 4, `block (${g}, ${c}) has ${zeros} zeros`);
    }
  assert.ok(Math.abs(sparsityReport(b.model).kernelSparsity - 0.9) < 0.02);
  const q = await qat.apply(ctx(qat.name));
  const kq = q.model.getWeights()[0];
  assert.deepEqual(
    [...kq.dataSync()],
    [...fakeQuantWeights(kq.dataSync() as Float32Array, kq.shape, 'int8-per-channel')],
  );
});
