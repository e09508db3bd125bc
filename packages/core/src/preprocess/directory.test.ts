import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { ImageAugmenter } from '../models/layers/augment.ts';
import { flowFromDirectory, type ImageBatch } from './directory.ts';
import { convertChannels, decodeImage, encodePng, resizeInto } from './image-decode.ts';
import { makeImageFolder } from './test-images.ts';

async function collect(it: AsyncGenerator<ImageBatch>): Promise<ImageBatch[]> {
  const out: ImageBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

test('classes from subfolders, labels per class mode, seeded shuffle covering every file once', async () => {
  const root = await makeImageFolder({ cat: [10, 20, 30], dog: [40, 50] });
  const it = await flowFromDirectory(root, { targetSize: [2, 2], batchSize: 2, seed: 3, rescale: 1 });
  assert.deepEqual(it.classes, ['cat', 'dog']);
  assert.deepEqual(it.classIndices, { cat: 0, dog: 1 });
  assert.deepEqual(it.imageShape, [2, 2, 1]);
  assert.equal(it.numBatches, 3);
  const batches = await collect(it.batches(0));
  assert.deepEqual(
    batches.map((b) => b.shape[0]),
    [2, 2, 1],
  );
  const seen = batches.flatMap((b) =>
    b.files.map((f, i) => ({ f, v: b.x[i * 4], y: [...(b.y as Float32Array).subarray(i * 2, i * 2 + 2)] })),
  );
  assert.deepEqual(seen.map((s) => s.f).sort(), [
    'cat/010.png',
    'cat/020.png',
    'cat/030.png',
    'dog/040.png',
    'dog/050.png',
  ]);
  for (const s of seen) {
    assert.equal(s.v, Number(s.f.slice(4, 7)));
    assert.deepEqual(s.y, s.f.startsWith('cat') ? [1, 0] : [0, 1]);
  }
  // Same seed and epoch → same order; another epoch → a permutation of the same files.
  assert.deepEqual(
    (await collect(it.batches(0))).map((b) => b.files),
    batches.map((b) => b.files),
  );
  const sparse = await flowFromDirectory(root, {
    targetSize: [2, 2],
    classMode: 'sparse',
    shuffle: false,
    batchSize: 5,
  });
  const b = (await collect(sparse.batches()))[0];
  assert.deepEqual([...(b.y as Int32Array)], [0, 0, 0, 1, 1]);
  const binary = (
    await collect(
      (
        await flowFromDirectory(root, {
          targetSize: [2, 2],
          classMode: 'binary',
          shuffle: false,
          batchSize: 5,
        })
      ).batches(),
    )
  )[0];
  assert.deepEqual([...(binary.y as Float32Array)], [0, 0, 0, 1, 1]);
  const none = (
    await collect(
      (await flowFromDirectory(root, { targetSize: [2, 2], classMode: 'none', batchSize: 5 })).batches(),
    )
  )[0];
  assert.equal(none.y, null);
  assert.ok(Math.abs(none.x[0] * 255 - Math.round(none.x[0] * 255)) < 1e-4, 'default rescale 1/255');
});

test('validation split takes the first fraction of each class, sorted by name', async () => {
  const root = await makeImageFolder({ a: [1, 2, 3, 4, 5], b: [6, 7, 8, 9, 10] });
  const val = await flowFromDirectory(root, {
    targetSize: [2, 2],
    validationSplit: 0.4,
    subset: 'validation',
  });
  const train = await flowFromDirectory(root, { targetSize: [2, 2], validationSplit: 0.4 });
  assert.deepEqual(val.filenames, ['a/001.png', 'a/002.png', 'b/006.png', 'b/007.png']);
  assert.equal(train.samples, 6);
  assert.ok(!train.filenames.some((f) => val.filenames.includes(f)));
});

test('augmentation runs on the training subset only, seeded by epoch and batch', async () => {
  const root = await makeImageFolder({ a: [0, 100], b: [200] }, 1, 4);
  const aug = new ImageAugmenter({ brightnessRange: [0.5, 0.5] });
  const train = await flowFromDirectory(root, {
    targetSize: [4, 4],
    rescale: 1,
    batchSize: 3,
    shuffle: false,
    augment: aug,
  });
  const x = (await collect(train.batches()))[0].x;
  assert.deepEqual([x[0], x[16], x[32]], [0, 50, 100]);
  const val = await flowFromDirectory(root, {
    targetSize: [4, 4],
    rescale: 1,
    batchSize: 3,
    shuffle: false,
    augment: aug,
    validationSplit: 0.5,
    subset: 'validation',
  });
  assert.equal((await collect(val.batches()))[0].x[0], 0);
});

test('bad inputs name the file or folder', async () => {
  const mixed = await makeImageFolder({ a: [1], b: [2] });
  await writeFile(join(mixed, 'b', '900.png'), encodePng(new Uint8Array(4 * 4 * 3), 4, 4, 3));
  await assert.rejects(flowFromDirectory(mixed), {
    code: 'IMAGE_MIXED_CHANNELS',
    where: join(mixed, 'b', '900.png'),
  });
  const rgb = await flowFromDirectory(mixed, { colorMode: 'rgb', targetSize: [4, 4] });
  assert.deepEqual(rgb.imageShape, [4, 4, 3]);

  const notImage = await makeImageFolder({ a: [1] });
  await writeFile(join(notImage, 'a', 'notes.jpg'), 'hello, not a jpeg');
  await assert.rejects(flowFromDirectory(notImage), {
    code: 'IMAGE_NOT_IMAGE',
    where: join(notImage, 'a', 'notes.jpg'),
  });

  const empty = await makeImageFolder({ a: [1] });
  await mkdir(join(empty, 'b'));
  await writeFile(join(empty, 'b', 'readme.txt'), 'x');
  await assert.rejects(flowFromDirectory(empty), { code: 'DIR_EMPTY_CLASS', where: join(empty, 'b') });

  const truncated = await makeImageFolder({ a: [1] });
  const full = encodePng(
    new Uint8Array(8 * 8).map((_, i) => i),
    8,
    8,
    1,
  );
  await writeFile(join(truncated, 'a', '002.png'), full.subarray(0, full.length - 20));
  const it = await flowFromDirectory(truncated, { targetSize: [4, 4], batchSize: 1, shuffle: false });
  await assert.rejects(collect(it.batches()), {
    code: 'IMAGE_CORRUPT',
    where: join(truncated, 'a', '002.png'),
  });

  await assert.rejects(flowFromDirectory(join(empty, 'missing')), { code: 'DIR_READ' });
  await assert.rejects(flowFromDirectory(mixed, { classMode: 'binary', classes: ['a'] }), {
    code: 'PREPROCESS_BAD_OPTION',
  });
});

test('JPEG decoding, channel conversion and resize by hand', () => {
  const rgba = Buffer.alloc(4 * 4 * 4);
  for (let i = 0; i < 16; i++) rgba.set([200, 100, 50, 255], i * 4);
  const file = jpeg.encode({ data: rgba, width: 4, height: 4 }, 100).data;
  const img = decodeImage(file, 'x.jpg');
  assert.deepEqual([img.format, img.width, img.height, img.channels], ['jpeg', 4, 4, 3]);
  for (let k = 0; k < 3; k++) assert.ok(Math.abs(img.data[k] - [200, 100, 50][k]) <= 3);
  // luma 0.299·200 + 0.587·100 + 0.114·50 = 124.2 → 124
  assert.deepEqual([...convertChannels(Uint8Array.from([200, 100, 50]), 3, 1)], [124]);
  assert.deepEqual([...convertChannels(Uint8Array.from([7]), 1, 4)], [7, 7, 7, 255]);
  // 1×4 → 1×2: nearest picks columns 1 and 3; bilinear averages pairs (half-pixel centers).
  const row = Uint8Array.from([0, 10, 20, 30]);
  const near = new Float32Array(2);
  resizeInto(row, 1, 4, 1, 1, 2, 'nearest', near, 0);
  assert.deepEqual([...near], [10, 30]);
  const bil = new Float32Array(2);
  resizeInto(row, 1, 4, 1, 1, 2, 'bilinear', bil, 0);
  assert.deepEqual([...bil], [5, 25]);
});

test('decode workers: batches identical to the main thread for any worker count; prefetch stays bounded', async () => {
  const spec = { a: [3, 40, 80, 120, 160], b: [200, 210, 220, 230, 240, 250] };
  const root = await makeImageFolder(spec, 3, 6);
  const aug = new ImageAugmenter({ rotationRange: 30, widthShiftRange: 0.2, horizontalFlip: true, seed: 4 });
  const opts = { targetSize: [5, 5] as [number, number], batchSize: 4, seed: 9, augment: aug };
  const run = async (workers: number, epoch: number) =>
    collect((await flowFromDirectory(root, { ...opts, workers, interpolation: 'bilinear' })).batches(epoch));
  for (const epoch of [0, 1]) {
    const main = await run(0, epoch);
    assert.equal(main.length, 3);
    for (const workers of [1, 3]) {
      const got = await run(workers, epoch);
      assert.deepEqual(
        got.map((b) => b.files),
        main.map((b) => b.files),
        `${workers} workers, epoch ${epoch}: order`,
      );
      got.forEach((b, i) => assert.deepEqual(b.x, main[i].x, `${workers} workers, batch ${i}`));
    }
  }
  const it = await flowFromDirectory(root, { ...opts, workers: 2, prefetch: 2, batchSize: 2 });
  const read = it.readBatch.bind(it);
  let inFlight = 0;
  let most = 0;
  it.readBatch = async (e, b) => {
    most = Math.max(most, ++inFlight);
    try {
      return await read(e, b);
    } finally {
      inFlight--;
    }
  };
  let n = 0;
  for await (const b of it.batches()) {
    n += b.shape[0];
    await new Promise((r) => setTimeout(r, 5));
  }
  assert.equal(n, 11);
  assert.equal(most, 2);
  await assert.rejects(flowFromDirectory(root, { workers: -1 }), {
    code: 'PREPROCESS_BAD_OPTION',
    where: 'flowFromDirectory options.workers',
  });
});

test('decode workers report the first corrupt file of a batch by name', async () => {
  const root = await makeImageFolder({ a: [1, 2, 3, 4, 5, 6] });
  const full = encodePng(new Uint8Array(8 * 8).fill(9), 8, 8, 1);
  for (const f of ['002.png', '005.png'])
    await writeFile(join(root, 'a', f), full.subarray(0, full.length - 20));
  for (const workers of [0, 2, 3]) {
    const it = await flowFromDirectory(root, { targetSize: [4, 4], batchSize: 6, shuffle: false, workers });
    await assert.rejects(collect(it.batches()), { code: 'IMAGE_CORRUPT', where: join(root, 'a', '002.png') });
  }
});
