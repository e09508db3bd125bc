import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mkdir, readdir, symlink, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from './model-files.ts';
import { readModelArtifacts } from './read-model-artifacts.ts';
import { craftedDoc, tempDir, writeCrafted } from './io-test-helpers.ts';

let root = '';
let cleanup: () => Promise<void> = async () => {};
before(async () => ({ dir: root, cleanup } = await tempDir()));
after(() => cleanup());

let n = 0;
const freshDir = () => join(root, `case${n++}`);
const w = (name: string, shape: number[], dtype = 'float32') => ({ name, shape, dtype });

/** loadModel on `dir` must reject with `code` and a message naming every string in `mentions`. */
async function rejectsWith(dir: string, code: string, mentions: string[]): Promise<void> {
  await assert.rejects(loadModel(dir), (err: Error & { code?: string }) => {
    assert.equal(err.code, code, err.message);
    for (const m of mentions)
      assert.ok(err.message.includes(m), `${JSON.stringify(m)} not in: ${err.message}`);
    return true;
  });
}

test('a valid crafted folder reads back its exact bytes in manifest order', async () => {
  const dir = freshDir();
  const a = Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
  const b = Uint8Array.from([9, 10, 11]);
  const jsonPath = await writeCrafted(
    dir,
    {
      modelTopology: { k: 1 },
      userDefinedMetadata: { run: 'r1' },
      weightsManifest: [
        { paths: ['a.bin'], weights: [w('x', [2])] },
        { paths: ['b.bin'], weights: [w('y', [3], 'bool')] },
      ],
    },
    { 'a.bin': a, 'b.bin': b },
  );
  const read = await readModelArtifacts(jsonPath);
  assert.deepEqual([...new Uint8Array(read.artifacts.weightData as ArrayBuffer)], [...a, ...b]);
  assert.deepEqual(
    read.artifacts.weightSpecs?.map((s) => s.name),
    ['x', 'y'],
  );
  assert.deepEqual(read.artifacts.userDefinedMetadata, { run: 'r1' });
  assert.deepEqual(read.files, ['model.json', 'a.bin', 'b.bin']);
  assert.deepEqual(read.sizes.slice(1), [8, 3]);
});

test('a weight split over two shards is checked against the shards together', async () => {
  const dir = freshDir();
  const jsonPath = await writeCrafted(dir, craftedDoc([w('x', [3])], ['s1.bin', 's2.bin']), {
    's1.bin': Uint8Array.from([1, 2, 3, 4, 5]),
    's2.bin': Uint8Array.from([6, 7, 8, 9, 10, 11, 12]),
  });
  const read = await readModelArtifacts(jsonPath);
  assert.deepEqual(
    [...new Uint8Array(read.artifacts.weightData as ArrayBuffer)],
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
  );
  assert.deepEqual(read.sizes.slice(1), [5, 7]);
  await writeFile(join(dir, 's2.bin'), new Uint8Array(6));
  await rejectsWith(dir, 'MODEL_WEIGHT_FILE_TOO_SHORT', ['s1.bin', 's2.bin', '12 bytes', '11 bytes']);
});

test('path escape ../x.bin', async () => {
  const dir = freshDir();
  await writeCrafted(root, {}, { 'x.bin': 8 });
  await writeCrafted(dir, craftedDoc([w('x', [2])], ['../x.bin']));
  await rejectsWith(dir, 'MODEL_WEIGHT_PATH_ESCAPE', [join(dir, 'model.json'), '"../x.bin"']);
});

test('absolute path', async () => {
  const dir = freshDir();
  await writeCrafted(dir, craftedDoc([w('x', [2])], [join(root, 'x.bin')]));
  await rejectsWith(dir, 'MODEL_WEIGHT_PATH_ABSOLUTE', [join(dir, 'model.json'), join(root, 'x.bin')]);
});

test('URL scheme and NUL byte', async () => {
  const dir = freshDir();
  await writeCrafted(dir, craftedDoc([w('x', [2])], ['http://127.0.0.1/x.bin']));
  await rejectsWith(dir, 'MODEL_WEIGHT_PATH_URL', [join(dir, 'model.json')]);
  await writeCrafted(dir, craftedDoc([w('x', [2])], ['x.bin\0']));
  await rejectsWith(dir, 'MODEL_WEIGHT_PATH_NUL', [join(dir, 'model.json')]);
});

test('symlink resolving outside the folder', async () => {
  const dir = freshDir();
  await writeCrafted(dir, craftedDoc([w('x', [2])]));
  await symlink(join(root, 'x.bin'), join(dir, 'weights.bin'));
  await rejectsWith(dir, 'MODEL_WEIGHT_PATH_SYMLINK_ESCAPE', [join(dir, 'weights.bin'), join(root, 'x.bin')]);
});

test('byte length too short and too long name the file and both counts', async () => {
  const dir = freshDir();
  await writeCrafted(dir, craftedDoc([w('k', [2, 3]), w('b', [3], 'int32')]), { 'weights.bin': 35 });
  await rejectsWith(dir, 'MODEL_WEIGHT_FILE_TOO_SHORT', [
    join(dir, 'weights.bin'),
    'holds 35 bytes',
    'declares 36 bytes',
  ]);
  await writeFile(join(dir, 'weights.bin'), new Uint8Array(37));
  await rejectsWith(dir, 'MODEL_WEIGHT_FILE_TOO_LONG', [
    join(dir, 'weights.bin'),
    'holds 37 bytes',
    'declares 36 bytes',
  ]);
  await writeFile(join(dir, 'weights.bin'), new Uint8Array(36));
  assert.equal(
    ((await readModelArtifacts(join(dir, 'model.json'))).artifacts.weightData as ArrayBuffer).byteLength,
    36,
  );
});

test('missing weight file', async () => {
  const dir = freshDir();
  await writeCrafted(dir, craftedDoc([w('x', [2])]));
  await rejectsWith(dir, 'MODEL_WEIGHT_FILE_MISSING', [join(dir, 'weights.bin'), join(dir, 'model.json')]);
});

test('shape whose product overflows', async () => {
  const dir = freshDir();
  await writeCrafted(dir, craftedDoc([w('huge', [2 ** 40, 2 ** 40])]), { 'weights.bin': 4 });
  await rejectsWith(dir, 'MODEL_WEIGHT_SIZE_OVERFLOW', [join(dir, 'model.json'), '"huge"']);
});

test('unknown dtype complex64', async () => {
  const dir = freshDir();
  await writeCrafted(dir, craftedDoc([w('c', [2], 'complex64')]), { 'weights.bin': 16 });
  await rejectsWith(dir, 'MODEL_WEIGHT_DTYPE_UNSUPPORTED', [
    join(dir, 'model.json'),
    '"complex64"',
    'float32, int32, bool',
  ]);
});

test('oversized model.json is refused from its size alone (default 64 MiB cap)', async () => {
  const dir = freshDir();
  await mkdir(dir);
  // A sparse file: 64 MiB + 1 byte of zeros, which is not JSON; only the size check can name it.
  await truncate(await writeCrafted(dir, ''), 64 * 1024 * 1024 + 1);
  await rejectsWith(dir, 'MODEL_JSON_TOO_LARGE', [
    join(dir, 'model.json'),
    `${64 * 1024 * 1024 + 1} bytes`,
    `${64 * 1024 * 1024}`,
  ]);
});

test('too many weight entries', async () => {
  const dir = freshDir();
  await writeCrafted(dir, craftedDoc(Array.from({ length: 10_001 }, (_, i) => w(`w${i}`, [0]))), {
    'weights.bin': 0,
  });
  await rejectsWith(dir, 'MODEL_TOO_MANY_WEIGHTS', [join(dir, 'model.json'), '10001']);
});

test('invalid JSON', async () => {
  const dir = freshDir();
  await writeCrafted(dir, '{"modelTopology": {}, "weightsManifest": [}');
  await rejectsWith(dir, 'MODEL_JSON_INVALID', [join(dir, 'model.json'), 'line 1, column 43 (position 42)']);
});

test('missing model.json and a folder in its place', async () => {
  const dir = freshDir();
  await mkdir(dir);
  await rejectsWith(dir, 'MODEL_JSON_NOT_FOUND', [join(dir, 'model.json')]);
  await mkdir(join(dir, 'model.json'));
  await rejectsWith(dir, 'MODEL_JSON_NOT_FILE', [join(dir, 'model.json')]);
  assert.deepEqual(await readdir(dir), ['model.json']);
});

test('quantized weights are sized by the quantized dtype and decode with tfjs', async () => {
  const dir = freshDir();
  const specs = [
    { name: 'q8', shape: [3], dtype: 'float32', quantization: { dtype: 'uint8', scale: 0.5, min: -1 } },
    { name: 'h', shape: [2], dtype: 'float32', quantization: { dtype: 'float16' } },
  ];
  // uint8 [0, 2, 4] → -1 + 0.5·v = [-1, 0, 1]; float16 0x3c00 = 1, 0xc000 = -2 (little endian).
  const bytes = Uint8Array.from([0, 2, 4, 0x00, 0x3c, 0x00, 0xc0]);
  const jsonPath = await writeCrafted(dir, craftedDoc(specs), { 'weights.bin': bytes });
  const { artifacts } = await readModelArtifacts(jsonPath);
  const decoded = tf.io.decodeWeights(artifacts.weightData!, artifacts.weightSpecs!);
  assert.deepEqual([...decoded.q8.dataSync()], [-1, 0, 1]);
  assert.deepEqual([...decoded.h.dataSync()], [1, -2]);
});
