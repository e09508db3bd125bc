import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, gzipSync } from 'node:zlib';
import { gzipSize, loadModel, modelFileSize, saveModel } from './model-files.ts';
import { predictFlat, seededModel, tempDir } from './io-test-helpers.ts';

let root = '';
let cleanup: () => Promise<void> = async () => {};
before(async () => ({ dir: root, cleanup } = await tempDir()));
after(() => cleanup());

test('saveModel / loadModel round trip with metadata', async () => {
  const dir = join(root, 'meta', 'nested');
  const model = seededModel();
  await saveModel(model, dir, { metadata: { preprocessing: { mean: 0.1307, std: 0.3081 }, run: 'abc' } });
  const json = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8'));
  assert.deepEqual(json.userDefinedMetadata, { preprocessing: { mean: 0.1307, std: 0.3081 }, run: 'abc' });
  assert.equal(model.getUserDefinedMetadata(), undefined); // the model itself is untouched
  const loaded = await loadModel(dir);
  assert.deepEqual(loaded.getUserDefinedMetadata(), json.userDefinedMetadata);
  assert.deepEqual(predictFlat(loaded), predictFlat(model));
});

test('saveModel rejects metadata that is not a JSON object', async () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  await assert.rejects(saveModel(seededModel(), join(root, 'bad'), { metadata: cyclic }), {
    code: 'MODEL_METADATA_INVALID',
  });
});

test('modelFileSize: raw is the sum of file sizes, gzip the sum of level-9 zlib outputs', async () => {
  const dir = join(root, 'size');
  await saveModel(seededModel(), dir);
  const size = await modelFileSize(dir);
  assert.deepEqual(size.files, ['model.json', 'weights.bin']);
  const raw = await Promise.all(size.files.map((f) => readFile(join(dir, f))));
  const statSizes = await Promise.all(size.files.map(async (f) => (await stat(join(dir, f))).size));
  assert.equal(size.rawBytes, statSizes[0] + statSizes[1]);
  assert.equal(statSizes[1], (18 + 2 + 96 + 3) * 4);
  const best = { level: constants.Z_BEST_COMPRESSION };
  assert.equal(size.gzipBytes, gzipSync(raw[0], best).byteLength + gzipSync(raw[1], best).byteLength);
  assert.ok(size.gzipBytes > 0 && size.gzipBytes !== size.rawBytes);
});

test('gzipSize is gzip -9: smaller than the default level on sparse float32 weights', async () => {
  // 90 % zeros, the rest pseudo-random floats: like a pruned layer's weights file.
  const w = new Float32Array(50_000);
  let state = 12345;
  for (let i = 0; i < w.length; i++) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    if (state % 10 === 0) w[i] = state / 2 ** 31 - 0.5;
  }
  const bytes = new Uint8Array(w.buffer);
  const size = await gzipSize(bytes);
  assert.equal(size, gzipSync(bytes, { level: 9 }).byteLength);
  assert.ok(size < gzipSync(bytes).byteLength, `level 9 ${size} vs default ${gzipSync(bytes).byteLength}`);
});
