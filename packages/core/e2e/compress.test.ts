// End to end: compression on real MNIST digits with an MLP (fast on the pure-JS
// backend): prune, quantize (loaded by stock tfjs over http), distill, measured.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createServer } from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadMnist } from '../src/data/index.ts';
import { buildModel, countParams, mlp } from '../src/models/index.ts';
import { Trainer } from '../src/train/index.ts';
import { loadModel, modelFileSize, modelFolderFormat, saveModel } from '../src/io/index.ts';
import { openStore } from '../src/track/index.ts';
import {
  describeArtifact,
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

// The artifact commands, run as a user runs them: `frontier prune|quantize|distill --json`.
const CLI = new URL('../../cli/bin/frontier.js', import.meta.url).pathname;
const exec = promisify(execFile);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the commands' --json output, asserted field by field
type CliJson = any;

/** Runs the CLI; returns its exit code, parsed JSON stdout (when it succeeded) and stderr. */
async function frontier(...args: string[]): Promise<{ code: number; json: CliJson; stderr: string }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, [CLI, '--json', ...args], { maxBuffer: 1 << 24 });
    return { code: 0, json: JSON.parse(stdout), stderr };
  } catch (err) {
    const e = err as { code: number; stderr: string };
    return { code: e.code, json: undefined, stderr: e.stderr };
  }
}

/** Sums of each file's bytes in a folder as the commands must report them. */
async function sizes(dir: string) {
  const a = await describeArtifact(dir);
  return { rawBytes: a.rawBytes, gzipBytes: a.gzipBytes, format: a.format };
}

test('quantize, prune and distill: true sizes, every format as input, never their input, a tracked run each', async (t) => {
  const root = await mkdtemp(join(tmpdir(), 'frontier-e2e-cli-'));
  const tracking = join(root, 'tracking.db');
  // a tiny model: 784 → 8 → 10 (6,370 weights), trained briefly
  const tiny = buildModel(mlp({ inputShape: [28, 28, 1], hidden: [8] }), 3);
  await new Trainer(tiny).fit(x, y, { epochs: 1, batchSize: 64, seed: 3 });
  const f32 = join(root, 'f32');
  await saveModel(tiny, f32);
  const f32Size = await sizes(f32);
  const f32Weights = await readFile(join(f32, 'weights.bin'));

  // float32 → int8: 1 byte per kernel element, float32 biases
  const int8 = join(root, 'int8');
  const q = await frontier('quantize', f32, '-o', int8, '--dtype', 'int8', '--tracking', tracking);
  assert.equal(q.code, 0, q.stderr);
  assert.equal((await readFile(join(int8, 'weights.bin'))).byteLength, 784 * 8 + 8 * 10 + 4 * (8 + 10));
  assert.deepEqual(q.json.format, { before: 'float32', after: 'int8' });
  assert.deepEqual(q.json.bytes, { before: f32Size.rawBytes, after: (await sizes(int8)).rawBytes });
  assert.deepEqual(q.json.gzipBytes, { before: f32Size.gzipBytes, after: (await sizes(int8)).gzipBytes });
  // model.json (topology + 18 scales) is part of the folder, so the ratio is below the weights' 3.97×
  assert.equal(q.json.ratio, q.json.bytes.before / q.json.bytes.after);
  assert.ok(q.json.ratio > 3, `int8 ratio ${q.json.ratio}`);

  // never the input: -o equal to or inside the input folder is refused, the input untouched
  for (const out of [f32, join(f32, 'inner')]) {
    const r = await frontier('quantize', f32, '-o', out, '--dtype', 'uint8', '--tracking', tracking);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /the input model would be overwritten/);
  }
  assert.deepEqual(await readFile(join(f32, 'weights.bin')), f32Weights);
  assert.equal(await modelFolderFormat(f32), 'float32');

  // int8 is an input too: re-quantized to uint8 (with a note), and pruned (float32 out, with a note)
  const u8 = join(root, 'int8-uint8');
  const q2 = await frontier('quantize', int8, '-o', u8, '--dtype', 'uint8', '--tracking', tracking);
  assert.equal(q2.code, 0, q2.stderr);
  assert.deepEqual(q2.json.format, { before: 'int8', after: 'uint8' });
  assert.equal(q2.json.bytes.after, (await sizes(u8)).rawBytes);
  assert.match(q2.json.notes[0], /already int8-quantized/);
  const pruned = join(root, 'pruned');
  const p = await frontier('prune', int8, '-o', pruned, '--sparsity', '0.5', '--tracking', tracking);
  assert.equal(p.code, 0, p.stderr);
  assert.deepEqual(p.json.format, { before: 'int8', after: 'float32' });
  assert.deepEqual(p.json.bytes, {
    before: (await sizes(int8)).rawBytes,
    after: (await sizes(pruned)).rawBytes,
  });
  assert.match(p.json.notes[0], /dequantized weights and writes float32/);
  // global magnitude pruning to 50% of the 784·8 + 8·10 kernel weights
  const zeros = (await loadModel(pruned))
    .getWeights()
    .reduce((n, w) => n + [...w.dataSync()].filter((v) => v === 0).length, 0);
  assert.ok(zeros >= Math.round(0.5 * (784 * 8 + 8 * 10)), `zeros ${zeros}`);

  // distill from a uint8 teacher
  const student = join(root, 'student');
  const d = await frontier(
    'distill',
    u8,
    '-o',
    student,
    '--fraction',
    '0.5',
    '--epochs',
    '1',
    '--train-limit',
    '300',
    '--test-limit',
    '100',
    '--tracking',
    tracking,
  );
  assert.equal(d.code, 0, d.stderr);
  assert.deepEqual(d.json.format, { before: 'uint8', after: 'float32' });
  assert.deepEqual(d.json.bytes, {
    before: (await sizes(u8)).rawBytes,
    after: (await sizes(student)).rawBytes,
  });
  t.diagnostic(
    `int8 ${q.json.bytes.after} B, uint8 ${q2.json.bytes.after} B, pruned ${p.json.bytes.after} B, student ${d.json.bytes.after} B`,
  );

  // one finished run per command that wrote something, with inputs and outputs hashed
  const store = await openStore(tracking);
  try {
    const runs = await store.listRuns({ experiment: 'compress' });
    assert.deepEqual(runs.map((r) => [r.name, r.status]).sort(), [
      ['distill', 'finished'],
      ['prune', 'finished'],
      ['quantize', 'finished'],
      ['quantize', 'finished'],
    ]);
    const arts = await store.listArtifacts(q.json.runId);
    assert.deepEqual(
      arts
        .filter((a) => a.kind === 'input')
        .map((a) => a.path)
        .sort(),
      [join(f32, 'model.json'), join(f32, 'weights.bin')],
    );
    const outBin = arts.find((a) => a.path === join(int8, 'weights.bin'))!;
    assert.equal(outBin.kind, 'model');
    const { createHash } = await import('node:crypto');
    assert.equal(
      outBin.sha256,
      createHash('sha256')
        .update(await readFile(join(int8, 'weights.bin')))
        .digest('hex'),
    );
    const detail = await store.getRun(q.json.runId);
    assert.equal(detail.metrics['bytes.after'].value, q.json.bytes.after);
  } finally {
    await store.close();
  }
});
