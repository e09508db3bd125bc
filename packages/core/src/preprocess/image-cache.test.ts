import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ImageAugmenter } from '../models/layers/augment.ts';
import { closeDecodePools } from './decode-pool.ts';
import { flowFromDirectory, type FlowOptions, type ImageBatch } from './directory.ts';
import { encodePng } from './image-decode.ts';
import { IMAGE_CACHE_HEADER_BYTES, IMAGE_CACHE_MAGIC } from './image-cache.ts';

after(closeDecodePools);

const MTIME = new Date('2024-01-02T03:04:05Z');

/** 2 classes × 3 images of 6×6×3 with distinct, non-uniform pixels; every mtime is MTIME. */
async function makeFolder(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'frontier-cache-img-'));
  for (const [ci, cls] of ['cat', 'dog'].entries()) {
    await mkdir(join(root, cls));
    for (let i = 0; i < 3; i++) {
      const px = Uint8Array.from({ length: 6 * 6 * 3 }, (_, k) => (k * 37 + i * 11 + ci * 101) % 256);
      const path = join(root, cls, `${i}.png`);
      await writeFile(path, encodePng(px, 6, 6, 3));
      await utimes(path, MTIME, MTIME);
    }
  }
  return root;
}

async function collect(it: AsyncGenerator<ImageBatch>): Promise<ImageBatch[]> {
  const out: ImageBatch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

async function epochs(root: string, opts: FlowOptions, n = 2): Promise<ImageBatch[][]> {
  const it = await flowFromDirectory(root, opts);
  const out: ImageBatch[][] = [];
  for (let e = 0; e < n; e++) out.push(await collect(it.batches(e)));
  return out;
}

const BASE: FlowOptions = { targetSize: [4, 4], batchSize: 4, seed: 7, workers: 0 };
const cachePath = async () => join(await mkdtemp(join(tmpdir(), 'frontier-cache-out-')), 'train.cache');

test('cached batches are bit-identical to decoded ones over 2 epochs and a second run; file size = header + n·h·w·c', async () => {
  const root = await makeFolder();
  const aug = new ImageAugmenter({ rotationRange: 20, horizontalFlip: true, zoomRange: 0.2, seed: 3 });
  for (const [interpolation, bytesPer] of [
    ['nearest', 1],
    ['bilinear', 4],
  ] as const) {
    for (const workers of [0, 2]) {
      const opts: FlowOptions = { ...BASE, interpolation, workers, augment: aug };
      const want = await epochs(root, opts);
      const cache = await cachePath();
      const lines: string[] = [];
      const first = await epochs(root, { ...opts, cache, log: (l) => lines.push(l) });
      assert.deepEqual(first, want, `${interpolation}, ${workers} workers: building run`);
      assert.equal((await stat(cache)).size, IMAGE_CACHE_HEADER_BYTES + 6 * 4 * 4 * 3 * bytesPer);
      const head = await readFile(cache);
      assert.equal(head.toString('latin1', 0, 8), IMAGE_CACHE_MAGIC);
      assert.deepEqual(
        [8, 12, 16, 20, 24, 28].map((o) => head.readUInt32LE(o)),
        [1, bytesPer, 4, 4, 3, 6],
      );
      const second = await epochs(root, { ...opts, cache, log: (l) => lines.push(l) });
      assert.deepEqual(second, want, `${interpolation}, ${workers} workers: reading run`);
      assert.deepEqual(lines, []);
      // Augmentation stays random per epoch with the cache.
      assert.notDeepEqual(second[0][0].x, second[1][0].x);
    }
  }
});

test('a second iterator reads the cache and decodes nothing: a PNG corrupted afterwards (same size and mtime) is not read', async () => {
  const root = await makeFolder();
  const cache = await cachePath();
  const opts: FlowOptions = { ...BASE, rescale: 1, shuffle: false };
  const want = await epochs(root, { ...opts, cache }, 1);
  const victim = join(root, 'cat', '1.png');
  const bytes = await readFile(victim);
  // Flip bytes in the image data past the 33-byte header (IDAT), keep size and mtime.
  for (let i = 40; i < bytes.length - 12; i++) bytes[i] ^= 0x5a;
  await writeFile(victim, bytes);
  await utimes(victim, MTIME, MTIME);
  await assert.rejects(epochs(root, opts, 1), { code: 'IMAGE_CORRUPT', where: victim });
  assert.deepEqual(await epochs(root, { ...opts, cache, log: assert.fail }, 1), want);
});

test('changed file content or mtime, or another targetSize, rebuilds the cache with one log line', async () => {
  const root = await makeFolder();
  const cache = await cachePath();
  const opts: FlowOptions = { ...BASE, rescale: 1, shuffle: false };
  await epochs(root, { ...opts, cache }, 1);
  const lines: string[] = [];
  const log = (l: string) => lines.push(l);
  // New pixels in dog/2.png (file 5: second image of batch 1).
  const path = join(root, 'dog', '2.png');
  await writeFile(path, encodePng(new Uint8Array(6 * 6 * 3).fill(200), 6, 6, 3));
  const got = await epochs(root, { ...opts, cache, log }, 2);
  assert.equal(lines.length, 1);
  assert.match(lines[0], /files .* changed; rebuilding/);
  assert.ok(lines[0].includes(cache));
  assert.deepEqual([...got[0][1].x.subarray(48, 96)], new Array(48).fill(200));
  assert.deepEqual(got, await epochs(root, opts, 2));
  // The rebuilt cache is now current: no more log lines.
  await epochs(root, { ...opts, cache, log }, 1);
  assert.equal(lines.length, 1);
  // Only the mtime changes.
  await utimes(path, MTIME, new Date('2025-05-05T00:00:00Z'));
  await epochs(root, { ...opts, cache, log }, 1);
  assert.equal(lines.length, 2);
  // Another target size: other record shape.
  const small = await epochs(root, { ...opts, targetSize: [2, 3], cache, log }, 1);
  assert.equal(lines.length, 3);
  assert.match(lines[2], /records of 4×4×3×1 bytes, the iterator needs 6 of 2×3×3×1/);
  assert.equal((await stat(cache)).size, IMAGE_CACHE_HEADER_BYTES + 6 * 2 * 3 * 3);
  assert.deepEqual(small, await epochs(root, { ...opts, targetSize: [2, 3] }, 1));
});

test('a first pass stopped after one batch, or failing on a corrupt image, leaves no cache and no temporary file', async () => {
  const root = await makeFolder();
  const cache = await cachePath();
  const dir = join(cache, '..');
  for (const workers of [0, 2]) {
    const it = await flowFromDirectory(root, { ...BASE, workers, batchSize: 2, prefetch: 1, cache });
    for await (const b of it.batches(0)) {
      assert.equal(b.shape[0], 2);
      break;
    }
    assert.deepEqual(await readdir(dir), []);
    // The next full pass builds it.
    await collect(it.batches(1));
    assert.deepEqual(await readdir(dir), ['train.cache']);
    await rm(cache);
  }
  // A read already started when the pass stops (a prefetched batch) starts no new temporary file.
  const started = await flowFromDirectory(root, { ...BASE, batchSize: 2, cache });
  const pending = started.readBatch(0, 0);
  await started.cache?.abort();
  assert.equal((await pending).shape[0], 2);
  assert.deepEqual(await readdir(dir), []);
  const broken = await makeFolder();
  const cache2 = await cachePath();
  const victim = join(broken, 'dog', '0.png');
  const bytes = await readFile(victim);
  await writeFile(victim, bytes.subarray(0, 60));
  const it = await flowFromDirectory(broken, { ...BASE, batchSize: 2, shuffle: false, cache: cache2 });
  await assert.rejects(collect(it.batches(0)), { code: 'IMAGE_CORRUPT', where: victim });
  assert.deepEqual(await readdir(join(cache2, '..')), []);
});

test('a truncated cache is rebuilt with a log line; one truncated while read fails with IMAGE_CACHE_TRUNCATED; a foreign file is never overwritten', async () => {
  const root = await makeFolder();
  const cache = await cachePath();
  const opts: FlowOptions = { ...BASE, rescale: 1 };
  const want = await epochs(root, { ...opts, cache });
  const full = (await stat(cache)).size;
  await truncate(cache, full - 10);
  const lines: string[] = [];
  assert.deepEqual(await epochs(root, { ...opts, cache, log: (l) => lines.push(l) }), want);
  assert.deepEqual(lines, [
    `image cache ${cache}: truncated or padded: ${full - 10} bytes, expected ${full}; rebuilding it`,
  ]);
  assert.equal((await stat(cache)).size, full);
  await truncate(cache, 20);
  await epochs(root, { ...opts, cache, log: (l) => lines.push(l) }, 1);
  assert.match(lines[1], /truncated header \(20 of 64 bytes\)/);

  // Valid when checked, cut short afterwards.
  const it = await flowFromDirectory(root, { ...opts, cache, shuffle: false, batchSize: 6 });
  await collect(it.batches(0));
  await truncate(cache, IMAGE_CACHE_HEADER_BYTES + 48 * 3);
  await assert.rejects(
    collect(it.batches(1)),
    (e: Error & { code?: string; where?: string; hint?: string }) => {
      assert.equal(e.code, 'IMAGE_CACHE_TRUNCATED');
      assert.equal(e.where, cache);
      assert.match(e.hint ?? '', /delete the cache file/);
      return true;
    },
  );

  const foreign = await cachePath();
  await writeFile(foreign, 'precious notes, not a cache');
  await assert.rejects(epochs(root, { ...opts, cache: foreign }, 1), {
    code: 'IMAGE_CACHE_NOT_CACHE',
    where: foreign,
  });
  assert.equal(await readFile(foreign, 'utf8'), 'precious notes, not a cache');
  await assert.rejects(flowFromDirectory(root, { ...opts, cache: '' }), {
    code: 'PREPROCESS_BAD_OPTION',
    where: 'flowFromDirectory options.cache',
  });
});
