import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import * as tf from '@tensorflow/tfjs';
import { mkdtemp, readFile, truncate, appendFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FrontierError } from '../util/errors.ts';
import { loadModel, modelFolderFormat } from '../io/index.ts';
import {
  dequantizeInt8PerChannel,
  int8Dequantized,
  loadInt8,
  quantizeInt8PerChannel,
  saveInt8,
} from './int8.ts';

await tf.setBackend('cpu');

test('hand-computed per-channel codes and scales', () => {
  // shape [2, 2]: channel 0 = [1.27, -0.5], channel 1 = [0, 0.02]
  const q = quantizeInt8PerChannel([1.27, 0, -0.5, 0.02], [2, 2]);
  assert.deepEqual(
    [...q.scales].map((s) => +s.toFixed(6)),
    [0.01, +(0.02 / 127).toFixed(6)],
  );
  assert.deepEqual([...q.data], [127, 0, -50, 127]);
  assert.deepEqual([...quantizeInt8PerChannel([0, 0], [2, 1]).scales], [1]); // all-zero channel
});

test('int8 per-channel quantize→dequantize error ≤ scale_c/2, codes in [−127, 127]', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 6 }),
      fc.integer({ min: 1, max: 8 }),
      fc.array(fc.float({ min: -50, max: 50, noNaN: true }), { minLength: 48, maxLength: 48 }),
      (rows, cols, pool) => {
        const values = pool.slice(0, rows * cols);
        const q = quantizeInt8PerChannel(values, [rows, cols]);
        const back = dequantizeInt8PerChannel(q);
        values.forEach((v, i) => {
          const s = q.scales[i % cols];
          assert.ok(Math.abs(back[i] - v) <= s / 2 + 1e-6 * Math.abs(v), `${v} → ${back[i]}`);
          assert.ok(q.data[i] >= -127 && q.data[i] <= 127);
          if (v === 0) assert.equal(back[i], 0);
        });
        // the channel maximum maps to ±127 exactly
        for (let c = 0; c < cols; c++) {
          const col = values.filter((_, i) => i % cols === c).map(Math.abs);
          if (Math.max(...col) > 1e-30)
            assert.ok(q.data.some((d, i) => i % cols === c && Math.abs(d) === 127));
        }
      },
    ),
    { numRuns: 300, seed: 3 },
  );
});

test('saveInt8 / loadInt8 round-trip: 1 byte per kernel element, same model as int8Dequantized', async () => {
  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [5],
        units: 8,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  const dir = await mkdtemp(join(tmpdir(), 'frontier-int8-'));
  const size = await saveInt8(model, dir);
  assert.ok(size.rawBytes > 5 * 8 + 8 * 3 + 4 * 11);
  const loaded = await loadInt8(dir);
  const direct = await int8Dequantized(model);
  const x = tf.randomUniform([4, 5], -1, 1, 'float32', 1);
  const a = (loaded.predict(x) as tf.Tensor).dataSync();
  const b = (direct.predict(x) as tf.Tensor).dataSync();
  const f = (model.predict(x) as tf.Tensor).dataSync();
  assert.deepEqual([...a], [...b]);
  f.forEach((v, i) => assert.ok(Math.abs(v - a[i]) < 0.01));
  assert.deepEqual([...loaded.getWeights()[1].dataSync()], [...model.getWeights()[1].dataSync()]); // bias stays float32
});

function tinyModel(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [5],
        units: 8,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
        biasInitializer: tf.initializers.randomNormal({ seed: 3 }),
      }),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
    ],
  });
}

test('an int8 folder is a tfjs manifest: 1 byte per kernel element, one scale per output channel', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-int8-layout-'));
  const size = await saveInt8(tinyModel(), dir);
  const doc = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const weights = doc.weightsManifest[0].weights as Array<{
    shape: number[];
    quantization?: { dtype: string; scales: number[] };
  }>;
  assert.deepEqual(
    weights.map((w) => [w.shape, w.quantization?.dtype ?? 'float32', w.quantization?.scales.length ?? 0]),
    [
      [[5, 8], 'int8', 8],
      [[8], 'float32', 0],
      [[8, 3], 'int8', 3],
      [[3], 'float32', 0],
    ],
  );
  // kernels 5·8 + 8·3 bytes, biases (8 + 3) · 4 bytes
  assert.equal((await readFile(join(dir, 'weights.bin'))).byteLength, 40 + 24 + 44);
  assert.equal(size.rawBytes, 108 + Buffer.byteLength(await readFile(join(dir, 'model.json'))));
  assert.equal(await modelFolderFormat(dir), 'int8');
});

test('stock tfjs refuses an int8 folder loudly instead of loading random weights', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-int8-stock-'));
  await saveInt8(tinyModel(), dir);
  // tfjs's own http loader, fed from the folder: it reads model.json and the manifest's files
  const fetchFunc = (async (url: string) =>
    new Response(await readFile(join(dir, url.split('/').pop()!)))) as unknown as typeof fetch;
  await assert.rejects(
    tf.loadLayersModel(tf.io.http('http://example.invalid/m/model.json', { fetchFunc })),
    /unknown quantization dtype int8/,
  );
  // Frontier's loader gets the dequantized weights
  const loaded = await loadModel(dir);
  const expected = await int8Dequantized(tinyModel());
  loaded
    .getWeights()
    .forEach((w, i) => assert.deepEqual([...w.dataSync()], [...expected.getWeights()[i].dataSync()]));
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a parsed model.json, damaged field by field
type ModelJsonDoc = any;

/** Runs `damage` on a fresh int8 folder and returns the error loadInt8 throws. */
async function loadDamaged(
  damage: (dir: string, doc: ModelJsonDoc) => Promise<unknown>,
): Promise<FrontierError> {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-int8-bad-'));
  await saveInt8(tinyModel(), dir);
  const doc = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  const changed = await damage(dir, doc);
  if (changed !== false) await writeFile(join(dir, 'model.json'), JSON.stringify(doc));
  try {
    await loadInt8(dir);
  } catch (err) {
    assert.ok(err instanceof FrontierError, String(err));
    assert.ok(err.message.includes(dir), `message names the folder: ${err.message}`);
    return err;
  }
  assert.fail('loadInt8 accepted a damaged folder');
}

test('loadInt8 refuses damaged folders, each with its own code naming the file', async () => {
  const cases: Array<[string, (dir: string, doc: ModelJsonDoc) => Promise<unknown>]> = [
    ['MODEL_WEIGHT_FILE_TOO_SHORT', (dir) => truncate(join(dir, 'weights.bin'), 100).then(() => false)],
    [
      'MODEL_WEIGHT_FILE_TOO_LONG',
      (dir) => appendFile(join(dir, 'weights.bin'), new Uint8Array(3)).then(() => false),
    ],
    [
      'MODEL_WEIGHT_SCALES_INVALID',
      async (_d, doc) => doc.weightsManifest[0].weights[0].quantization.scales.pop(),
    ],
    [
      'MODEL_WEIGHT_SCALES_INVALID',
      async (_d, doc) => (doc.weightsManifest[0].weights[2].quantization.scales[1] = -1),
    ],
    ['MODEL_WEIGHT_PATH_ESCAPE', async (_d, doc) => (doc.weightsManifest[0].paths = ['../weights.bin'])],
    [
      'MODEL_WEIGHT_QUANTIZATION_INVALID',
      async (_d, doc) => (doc.weightsManifest[0].weights[0].quantization.dtype = 'int4'),
    ],
    [
      'MODEL_WEIGHT_DTYPE_UNSUPPORTED',
      async (_d, doc) => (doc.weightsManifest[0].weights[1].dtype = 'float64'),
    ],
    [
      'MODEL_WEIGHT_QUANTIZATION_INVALID',
      async (_d, doc) =>
        (doc.weightsManifest[0].weights[1].quantization = {
          dtype: 'int8',
          scales: [1, 1, 1, 1, 1, 1, 1, 1],
          min: 0,
        }),
    ],
    [
      'MODEL_FORMAT_LEGACY_INT8',
      async (_d, doc) => {
        doc.format = 'frontier-int8';
        delete doc.weightsManifest;
      },
    ],
  ];
  for (const [code, damage] of cases) {
    const err = await loadDamaged(damage);
    assert.equal(err.code, code, `${code}: got ${err.code} (${err.message})`);
  }
});
