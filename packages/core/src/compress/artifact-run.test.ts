import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveModel } from '../io/index.ts';
import { openStore } from '../track/index.ts';
import { FrontierError } from '../util/errors.ts';
import { checkOutputDir, copySidecars, describeArtifact, startArtifactRun } from './artifact-run.ts';
import { saveInt8 } from './int8.ts';

await tf.setBackend('cpu');

function model(): tf.LayersModel {
  return tf.sequential({
    layers: [tf.layers.dense({ inputShape: [3], units: 2, kernelInitializer: tf.initializers.ones() })],
  });
}

test('checkOutputDir refuses the input folder, a folder inside it, and a symlink to it', async () => {
  const root = await mkdtemp(join(tmpdir(), 'frontier-outdir-'));
  const input = join(root, 'in');
  await mkdir(input);
  await symlink(input, join(root, 'link'));
  for (const out of [
    input,
    `${input}/`,
    join(input, 'sub'),
    join(input, 'a', 'b'),
    join(root, 'link'),
    join(root, 'link', 'x'),
  ]) {
    await assert.rejects(
      checkOutputDir(input, out),
      (e: unknown) => e instanceof FrontierError && e.code === 'OUTPUT_OVERWRITES_INPUT',
      out,
    );
  }
  for (const out of [join(root, 'out'), root, join(root, 'in-2')]) await checkOutputDir(input, out);
});

test('describeArtifact: format, every file with its size and sha256, sidecars included', async () => {
  const root = await mkdtemp(join(tmpdir(), 'frontier-describe-'));
  const f32 = join(root, 'f32');
  await saveModel(model(), f32);
  await writeFile(join(f32, 'preprocess.json'), '{"features":["a","b","c"]}');
  const a = await describeArtifact(f32);
  assert.equal(a.format, 'float32');
  assert.deepEqual(
    a.files.map((f) => f.path),
    ['model.json', 'weights.bin', 'preprocess.json'],
  );
  for (const f of a.files) {
    const data = await readFile(join(f32, f.path));
    assert.equal(f.bytes, data.byteLength);
    assert.equal(f.sha256, createHash('sha256').update(data).digest('hex'));
  }
  assert.equal(a.files[1].bytes, 4 * (3 * 2 + 2));
  assert.equal(
    a.rawBytes,
    a.files.reduce((n, f) => n + f.bytes, 0),
  );
  const int8 = join(root, 'int8');
  await saveInt8(model(), int8);
  assert.deepEqual(await copySidecars(f32, int8), ['preprocess.json']);
  const b = await describeArtifact(int8);
  assert.equal(b.format, 'int8');
  // 6 int8 kernel bytes + 2 float32 biases
  assert.equal(b.files.find((f) => f.path === 'weights.bin')!.bytes, 6 + 8);
});

test('startArtifactRun records params, input and output files with sha256, sizes, then finished', async () => {
  const root = await mkdtemp(join(tmpdir(), 'frontier-artifact-run-'));
  const tracking = join(root, 'tracking.db');
  await saveModel(model(), join(root, 'in'));
  await saveInt8(model(), join(root, 'out'));
  const input = await describeArtifact(join(root, 'in'));
  const output = await describeArtifact(join(root, 'out'));
  const run = await startArtifactRun({ command: 'quantize', tracking, input, params: { dtype: 'int8' } });
  await run.finish(output, { 'accuracy.after': 0.5, skipped: undefined });
  const store = await openStore(tracking);
  try {
    const detail = await store.getRun(run.runId);
    assert.equal(detail.status, 'finished');
    assert.equal(detail.name, 'quantize');
    assert.equal(detail.params.dtype, 'int8');
    assert.equal(detail.params['input.format'], 'float32');
    assert.equal(detail.params['output.format'], 'int8');
    assert.equal(detail.metrics['bytes.before'].value, input.rawBytes);
    assert.equal(detail.metrics['bytes.after'].value, output.rawBytes);
    assert.equal(detail.metrics['gzipBytes.after'].value, output.gzipBytes);
    assert.equal(detail.metrics['accuracy.after'].value, 0.5);
    assert.equal(detail.metrics.skipped, undefined);
    const artifacts = await store.listArtifacts(run.runId);
    assert.deepEqual(
      artifacts.map((a) => [a.kind, a.path.slice(root.length), a.bytes]).sort(),
      [
        ...input.files.map((f) => ['input', `/in/${f.path}`, f.bytes]),
        ...output.files.map((f) => ['model', `/out/${f.path}`, f.bytes]),
      ].sort(),
    );
    assert.ok(artifacts.every((a) => /^[0-9a-f]{64}$/.test(a.sha256)));
  } finally {
    await store.close();
  }
});

test('a failed artifact run is marked failed', async () => {
  const root = await mkdtemp(join(tmpdir(), 'frontier-artifact-fail-'));
  const tracking = join(root, 'tracking.db');
  await saveModel(model(), join(root, 'in'));
  const run = await startArtifactRun({
    command: 'prune',
    tracking,
    input: await describeArtifact(join(root, 'in')),
    params: {},
  });
  await run.fail();
  const store = await openStore(tracking);
  try {
    assert.equal((await store.getRun(run.runId)).status, 'failed');
  } finally {
    await store.close();
  }
});
