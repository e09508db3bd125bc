import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createServer } from 'node:http';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { loadModel } from '../io/index.ts';
import { modelArtifacts, quantizeArtifacts, quantizeWeights, saveQuantized } from './weight-quantization.ts';

await tf.setBackend('cpu');

function linearModel(): tf.LayersModel {
  const m = tf.sequential();
  m.add(
    tf.layers.dense({
      inputShape: [6],
      units: 3,
      kernelInitializer: tf.initializers.randomUniform({ minval: -2, maxval: 2, seed: 3 }),
      biasInitializer: tf.initializers.randomUniform({ minval: -1, maxval: 1, seed: 4 }),
    }),
  );
  return m;
}

/** |Δy_j| ≤ Σ_i |x_i|·δ_W + δ_b for a linear layer whose weights moved by at most δ. */
function linearBound(x: Float32Array, rows: number, cols: number, dW: number, dB: number): number {
  let worst = 0;
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += Math.abs(x[r * cols + c]);
    worst = Math.max(worst, s * dW + dB);
  }
  return worst;
}

const input = tf.randomUniform([16, 6], -1, 1, 'float32', 9);

for (const dtype of ['uint8', 'uint16', 'float16'] as const) {
  test(`${dtype}: stock tfjs loads the quantized artifacts, predictions within the bit-width bound`, async () => {
    const model = linearModel();
    const { model: loaded, artifacts } = await quantizeWeights(model, { dtype });
    const specs = artifacts.weightSpecs!;
    assert.deepEqual(
      specs.map((s) => s.quantization?.dtype),
      [dtype, dtype],
    );
    const [k, b] = model.getWeights().map((w) => w.dataSync() as Float32Array);
    const bound = (values: Float32Array, i: number) => {
      if (dtype === 'float16') return Math.max(...values.map(Math.abs)) * 2 ** -11;
      const q = specs[i].quantization!;
      return q.scale! / 2 + 1e-7;
    };
    const dW = bound(k, 0);
    const dB = bound(b, 1);
    // every weight moved by at most its bound
    const [k2, b2] = loaded.getWeights().map((w) => w.dataSync() as Float32Array);
    k.forEach((v, i) => assert.ok(Math.abs(v - k2[i]) <= dW, `kernel[${i}] ${v} → ${k2[i]}`));
    b.forEach((v, i) => assert.ok(Math.abs(v - b2[i]) <= dB, `bias[${i}] ${v} → ${b2[i]}`));
    assert.ok(
      k.some((v, i) => v !== k2[i]),
      'quantization changed nothing: the test would not see a bug',
    );
    // predictions within the propagated bound
    const y = (model.predict(input) as tf.Tensor).dataSync();
    const y2 = (loaded.predict(input) as tf.Tensor).dataSync();
    const limit = linearBound(input.dataSync() as Float32Array, 16, 6, dW, dB) + 1e-5;
    y.forEach((v, i) => assert.ok(Math.abs(v - y2[i]) <= limit, `y[${i}] ${v} vs ${y2[i]} (bound ${limit})`));
  });
}

test('quantizeArtifacts packs 1 byte (uint8) or 2 bytes (float16/uint16) per value and leaves the input alone', async () => {
  const model = linearModel();
  const a = await modelArtifacts(model);
  const before = new Uint8Array(a.weightData as ArrayBuffer).slice();
  assert.equal((quantizeArtifacts(a, { dtype: 'uint8' }).weightData as ArrayBuffer).byteLength, 18 + 3);
  assert.equal((quantizeArtifacts(a, { dtype: 'float16' }).weightData as ArrayBuffer).byteLength, 2 * 21);
  // minElements keeps the 3-element bias in float32
  const partial = quantizeArtifacts(a, { dtype: 'uint16', minElements: 4 });
  assert.equal((partial.weightData as ArrayBuffer).byteLength, 2 * 18 + 4 * 3);
  assert.equal(partial.weightSpecs![1].quantization, undefined);
  assert.deepEqual(new Uint8Array(a.weightData as ArrayBuffer), before);
});

test('a saved quantized folder loads with stock tf.loadLayersModel over http and with loadModel', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-quant-'));
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [6, 6, 1],
        filters: 4,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }),
      }),
      tf.layers.flatten(),
      tf.layers.dense({
        units: 3,
        activation: 'softmax',
        kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }),
      }),
    ],
  });
  await saveQuantized(model, dir, { dtype: 'uint8' });
  const params = 4 * 9 + 4 + 64 * 3 + 3;
  assert.equal((await stat(join(dir, 'weights.bin'))).size, params);
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  assert.equal(json.weightsManifest[0].weights[0].quantization.dtype, 'uint8');

  const server = createServer(async (req, res) => {
    try {
      const body = await readFile(join(dir, normalize(req.url ?? '/').replace(/^[/\\]+/, '')));
      res.writeHead(200).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  try {
    const stock = await tf.loadLayersModel(`http://127.0.0.1:${port}/model.json`);
    const ours = await loadModel(dir);
    const x = tf.randomUniform([5, 6, 6, 1], 0, 1, 'float32', 5);
    const ys = (stock.predict(x) as tf.Tensor).dataSync();
    const yo = (ours.predict(x) as tf.Tensor).dataSync();
    const yf = (model.predict(x) as tf.Tensor).dataSync();
    assert.deepEqual([...ys], [...yo]);
    // probabilities move little: uint8 steps of ~range/255 on 3×3 and 64-input dot products
    yf.forEach((v, i) => assert.ok(Math.abs(v - ys[i]) < 0.02, `p[${i}] ${v} vs ${ys[i]}`));
    assert.ok(yf.some((v, i) => v !== ys[i]));
  } finally {
    server.close();
  }
});
