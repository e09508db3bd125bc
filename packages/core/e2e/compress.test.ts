// End to end: compression on real MNIST digits with an MLP (fast on the pure-JS
// backend): prune, quantize (loaded by stock tfjs over http), distill, measured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createServer } from 'node:http';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadMnist } from '../src/data/index.ts';
import { buildModel, countParams, mlp } from '../src/models/index.ts';
import { Trainer } from '../src/train/index.ts';
import { loadModel, modelFileSize, saveModel } from '../src/io/index.ts';
import {
  MagnitudePruner,
  distill,
  keepSparsity,
  makeStudent,
  polynomialDecay,
  saveQuantized,
  sparsityReport,
} from '../src/compress/index.ts';

await tf.setBackend('cpu');

const mnist = await loadMnist({ trainLimit: 3000, testLimit: 1000 });
const x = tf.tensor4d(mnist.train.images, mnist.train.shape);
const y = tf.oneHot(tf.tensor1d(mnist.train.labels, 'int32'), 10).toFloat();
const xt = tf.tensor4d(mnist.test.images, mnist.test.shape);
const yt = tf.oneHot(tf.tensor1d(mnist.test.labels, 'int32'), 10).toFloat();
const accuracy = (m: tf.LayersModel) => new Trainer(m).evaluate(xt, yt).accuracy!;

const teacher = buildModel(mlp({ inputShape: [28, 28, 1], hidden: [256] }), 7);
await new Trainer(teacher).fit(x, y, { epochs: 4, batchSize: 32, seed: 7 });
const base = accuracy(teacher);

test('baseline MLP learns MNIST', () => {
  assert.ok(base > 0.88, `baseline accuracy ${base}`);
});

test('gradual pruning to 90%: exact sparsity, small loss, survives fine-tuning and save/load, ≥ 4× smaller gzipped', async (t) => {
  const model = await tf.models.modelFromJSON({ modelTopology: teacher.toJSON(null, false) as never });
  model.setWeights(teacher.getWeights());
  const steps = 2 * Math.ceil(3000 / 32);
  const pruner = new MagnitudePruner(model, {
    schedule: polynomialDecay({ initialSparsity: 0, finalSparsity: 0.9, endStep: 120, frequency: 10 }),
    scope: 'global',
  });
  const trainer = new Trainer(model, { transforms: [pruner] });
  await trainer.fit(x, y, { epochs: 2, batchSize: 32, seed: 8, callbacks: [pruner] });
  assert.ok(steps > 120);
  const report = pruner.strip();
  // 784·256 + 256·10 kernels, pruned together (global magnitude)
  assert.equal(report.weights[0].zeros + report.weights[2].zeros, Math.round(0.9 * (784 * 256 + 256 * 10)));
  assert.equal(report.weights[1].zeros + report.weights[3].zeros, 0);
  const pruned = accuracy(model);
  t.diagnostic(`baseline ${base}, pruned 90% ${pruned}`);
  assert.ok(pruned >= base - 0.015, `pruned ${pruned} vs baseline ${base}`);

  const dir = await mkdtemp(join(tmpdir(), 'frontier-e2e-prune-'));
  const denseDir = join(dir, 'dense');
  const sparseDir = join(dir, 'sparse');
  await saveModel(teacher, denseDir);
  await saveModel(model, sparseDir);
  const dense = await modelFileSize(denseDir);
  const sparse = await modelFileSize(sparseDir);
  t.diagnostic(
    `gzip ${dense.gzipBytes} → ${sparse.gzipBytes} (${(dense.gzipBytes / sparse.gzipBytes).toFixed(2)}×)`,
  );
  assert.ok(dense.gzipBytes / sparse.gzipBytes >= 4, `gzip ${dense.gzipBytes} → ${sparse.gzipBytes}`);
  const loaded = await loadModel(sparseDir);
  assert.deepEqual(
    sparsityReport(loaded).weights.map((w) => w.zeros),
    report.weights.map((w) => w.zeros),
  );
  const keep = new MagnitudePruner(loaded, { schedule: keepSparsity() });
  await new Trainer(loaded, { transforms: [keep] }).fit(x, y, {
    epochs: 1,
    batchSize: 64,
    seed: 9,
    callbacks: [keep],
  });
  assert.deepEqual(
    sparsityReport(loaded).weights.map((w) => w.zeros),
    report.weights.map((w) => w.zeros),
  );
});

test('uint8 / float16 files load in stock tfjs over http with ≤ 0.3 pp accuracy change, 3.9× / 2× smaller', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'frontier-e2e-quant-'));
  await saveModel(teacher, join(root, 'float32'));
  const f32 = await modelFileSize(join(root, 'float32'));
  const server = createServer(async (req, res) => {
    const [, folder, file] = (req.url ?? '').split('/');
    try {
      res.writeHead(200).end(await readFile(join(root, basename(folder), basename(file))));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    for (const [dtype, ratio] of [
      ['uint8', 3.9],
      ['float16', 1.99],
    ] as const) {
      await saveQuantized(teacher, join(root, dtype), { dtype });
      const size = await modelFileSize(join(root, dtype));
      assert.ok(f32.rawBytes / size.rawBytes >= ratio, `${dtype}: ${f32.rawBytes} → ${size.rawBytes}`);
      const stock = await tf.loadLayersModel(`http://127.0.0.1:${port}/${dtype}/model.json`);
      const acc = accuracy(stock);
      t.diagnostic(
        `${dtype}: ${size.rawBytes} bytes (${(f32.rawBytes / size.rawBytes).toFixed(2)}× smaller), accuracy ${acc} vs ${base}`,
      );
      assert.ok(Math.abs(acc - base) <= 0.003, `${dtype}: accuracy ${acc} vs ${base}`);
    }
  } finally {
    server.close();
  }
});

test('a distilled student with ≤ ¼ of the parameters gets within 3 pp of the teacher', async (t) => {
  const student = await makeStudent(teacher, 0.25);
  assert.ok(countParams(student) <= countParams(teacher) / 4);
  await distill(teacher, student, x, y, { epochs: 6, temperature: 4, alpha: 0.1, seed: 7 });
  const acc = accuracy(student);
  t.diagnostic(
    `student (${countParams(student)} of ${countParams(teacher)} parameters) ${acc} vs teacher ${base}`,
  );
  assert.ok(acc >= base - 0.03, `student ${acc} vs teacher ${base}`);
});
