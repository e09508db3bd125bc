import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { createServer, type Server } from 'node:http';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { filePathOfUrl, fileSystem, registerFileRouter } from './file-handler.ts';
import { loadModel } from './model-files.ts';
import { predictFlat, seededModel, tempDir } from './io-test-helpers.ts';

let root = '';
let cleanup: () => Promise<void> = async () => {};
before(async () => ({ dir: root, cleanup } = await tempDir()));
after(() => cleanup());

test('save writes the standard tfjs layers-model format', async () => {
  const dir = join(root, 'format');
  const model = seededModel();
  const result = await model.save(fileSystem(dir));
  assert.deepEqual((await readdir(dir)).sort(), ['model.json', 'weights.bin']);

  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  assert.equal(json.format, 'layers-model');
  assert.equal(json.generatedBy, `TensorFlow.js tfjs-layers v${tf.version_layers}`);
  assert.equal(json.convertedBy, null);
  assert.equal(json.modelTopology.class_name, 'Sequential');
  assert.equal(json.weightsManifest.length, 1);
  assert.deepEqual(json.weightsManifest[0].paths, ['weights.bin']);
  const specs = json.weightsManifest[0].weights as Array<{ name: string; shape: number[]; dtype: string }>;
  assert.deepEqual(
    specs.map((s) => [s.shape, s.dtype]),
    [
      [[3, 3, 1, 2], 'float32'],
      [[2], 'float32'],
      [[32, 3], 'float32'],
      [[3], 'float32'],
    ],
  );

  // 18 + 2 + 96 + 3 floats; the bytes are the weights' values in manifest order.
  const bin = await readFile(join(dir, 'weights.bin'));
  assert.equal(bin.byteLength, (18 + 2 + 96 + 3) * 4);
  const expected = model.getWeights().flatMap((t) => [...(t.dataSync() as Float32Array)]);
  assert.deepEqual([...new Float32Array(bin.buffer, bin.byteOffset, bin.byteLength / 4)], expected);

  assert.equal(result.modelArtifactsInfo.modelTopologyType, 'JSON');
  assert.equal(result.modelArtifactsInfo.weightDataBytes, bin.byteLength);
  assert.equal(
    result.modelArtifactsInfo.modelTopologyBytes,
    Buffer.byteLength(JSON.stringify(json.modelTopology)),
  );
  assert.equal(result.modelArtifactsInfo.weightSpecsBytes, Buffer.byteLength(JSON.stringify(specs)));
});

test('save then loadModel predicts exactly the same Float32 outputs', async () => {
  const dir = join(root, 'roundtrip');
  const model = seededModel();
  await model.save(fileSystem(dir));
  const loaded = await loadModel(dir);
  const before = predictFlat(model);
  assert.equal(before.length, 6);
  assert.deepEqual(predictFlat(loaded), before);
  // Not a vacuous comparison: a freshly initialized unseeded model predicts differently.
  const other = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [6, 6, 1], filters: 2, kernelSize: 3 }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3 }),
    ],
  });
  assert.notDeepEqual(predictFlat(other), before);
});

test('file:// routers: model.save and tf.loadLayersModel with URLs', async () => {
  registerFileRouter();
  registerFileRouter(); // idempotent: a second registration would make tfjs see two handlers and throw
  assert.equal(tf.io.getSaveHandlers('file:///tmp/x').length, 1);
  assert.equal(tf.io.getLoadHandlers('file:///tmp/x/model.json').length, 1);
  assert.equal(tf.io.getLoadHandlers('http://127.0.0.1/model.json').length, 1); // still tfjs's own

  const dir = join(root, 'router');
  const model = seededModel();
  await model.save(`file://${dir}`);
  const loaded = await tf.loadLayersModel(`file://${dir}/model.json`);
  assert.deepEqual(predictFlat(loaded), predictFlat(model));
  const viaFolder = await tf.loadLayersModel(`file://${dir}`);
  assert.deepEqual(predictFlat(viaFolder), predictFlat(model));
});

test('filePathOfUrl follows the tfjs-node convention', () => {
  assert.equal(filePathOfUrl('file:///abs/dir'), '/abs/dir');
  assert.equal(filePathOfUrl('file://./rel/dir'), './rel/dir');
  assert.equal(filePathOfUrl('file:///C:/models/m'), 'C:/models/m');
});

test('stock tfjs HTTP loader reads a saved folder', async () => {
  const dir = join(root, 'http');
  const model = seededModel();
  await model.save(fileSystem(dir));
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    requested.push(name);
    if (name !== 'model.json' && name !== 'weights.bin') {
      res.writeHead(404).end();
      return;
    }
    readFile(join(dir, name)).then(
      (body) =>
        res
          .writeHead(200, {
            'content-type': name.endsWith('.json') ? 'application/json' : 'application/octet-stream',
          })
          .end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const loaded = await tf.loadLayersModel(`http://127.0.0.1:${port}/model.json`, { fetchFunc: fetch });
    assert.deepEqual(predictFlat(loaded), predictFlat(model));
    assert.deepEqual(requested, ['model.json', 'weights.bin']);
  } finally {
    await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
  }
});

test('a save whose weights write fails leaves no model.json and no temp files', async () => {
  const dir = join(root, 'atomic');
  const model = seededModel();
  await model.save(fileSystem(dir));
  const oldJson = await stat(join(dir, 'model.json'));
  assert.ok(oldJson.isFile());
  // Make the weights rename fail, even as root: weights.bin becomes a non-empty folder.
  await rm(join(dir, 'weights.bin'));
  await mkdir(join(dir, 'weights.bin'));
  await writeFile(join(dir, 'weights.bin', 'keep'), 'x');

  await assert.rejects(model.save(fileSystem(dir)), (err: Error & { code?: string }) => {
    assert.equal(err.code, 'MODEL_SAVE_FAILED');
    assert.ok(err.message.includes(dir), err.message);
    return true;
  });
  assert.deepEqual(await readdir(dir), ['weights.bin']);
  assert.deepEqual(await readdir(join(dir, 'weights.bin')), ['keep']);
});

test('save refuses artifacts whose weight data disagrees with the specs', async () => {
  const dir = join(root, 'inconsistent');
  const handler = fileSystem(dir);
  await assert.rejects(
    handler.save!({
      modelTopology: {},
      weightSpecs: [{ name: 'w', shape: [3], dtype: 'float32' }],
      weightData: new ArrayBuffer(8),
    }),
    { code: 'MODEL_SAVE_INCONSISTENT' },
  );
  await assert.rejects(readdir(dir), { code: 'ENOENT' });
});
