import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { FrontierError } from '../util/errors.ts';
import { validateWeightsManifest, weightByteLength } from './weights-manifest.ts';

const JSON_PATH = '/models/m/model.json';

/** Asserts that `fn` throws a FrontierError with `code` whose message names model.json. */
function throwsCode(fn: () => unknown, code: string, mentions: string[] = []): FrontierError {
  let caught: unknown;
  try {
    fn();
  } catch (err) {
    caught = err;
  }
  assert.ok(caught instanceof FrontierError, `expected FrontierError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code, caught.message);
  assert.ok(caught.message.includes(JSON_PATH), caught.message);
  for (const m of mentions)
    assert.ok(caught.message.includes(m), `${JSON.stringify(m)} not in: ${caught.message}`);
  return caught;
}

const group = (weights: unknown[], paths = ['weights.bin']) => [{ paths, weights }];

test('byte lengths: shape product × element size, quantized by the quantized dtype', () => {
  const len = (entry: unknown) => weightByteLength(entry, JSON_PATH, 'w');
  assert.equal(len({ name: 'k', shape: [3, 3, 1, 2], dtype: 'float32' }), 72);
  assert.equal(len({ name: 'i', shape: [5], dtype: 'int32' }), 20);
  assert.equal(len({ name: 'b', shape: [7], dtype: 'bool' }), 7);
  assert.equal(len({ name: 's', shape: [], dtype: 'float32' }), 4);
  assert.equal(len({ name: 'z', shape: [4, 0], dtype: 'float32' }), 0);
  const q = (dtype: string) => ({
    name: 'q',
    shape: [10],
    dtype: 'float32',
    quantization: { dtype, scale: 0.1, min: -1 },
  });
  assert.equal(len(q('uint8')), 10);
  assert.equal(len(q('uint16')), 20);
  assert.equal(len({ name: 'h', shape: [10], dtype: 'float32', quantization: { dtype: 'float16' } }), 20);
});

test('a manifest sums its groups and normalizes paths', () => {
  const m = validateWeightsManifest(
    [
      { paths: ['./a.bin'], weights: [{ name: 'a', shape: [2, 2], dtype: 'float32' }] },
      {
        paths: ['sub/b1.bin', 'sub/b2.bin'],
        weights: [
          { name: 'b', shape: [3], dtype: 'int32' },
          { name: 'c', shape: [1], dtype: 'bool' },
        ],
      },
    ],
    JSON_PATH,
  );
  assert.deepEqual(
    m.groups.map((g) => g.paths),
    [['a.bin'], ['sub/b1.bin', 'sub/b2.bin']],
  );
  assert.deepEqual(
    m.groups.map((g) => g.byteLengths),
    [[16], [12, 1]],
  );
  assert.deepEqual(
    m.groups.map((g) => g.totalBytes),
    [16, 13],
  );
  assert.equal(m.totalBytes, 29);
  assert.equal(m.entryCount, 3);
  assert.equal(m.fileCount, 3);
});

test('shape product past 2^53 is MODEL_WEIGHT_SIZE_OVERFLOW', () => {
  throwsCode(
    () =>
      validateWeightsManifest(
        group([{ name: 'huge', shape: [2 ** 31, 2 ** 31, 2 ** 31], dtype: 'float32' }]),
        JSON_PATH,
      ),
    'MODEL_WEIGHT_SIZE_OVERFLOW',
    ['"huge"'],
  );
  // Elements fit but bytes do not.
  throwsCode(
    () => validateWeightsManifest(group([{ name: 'w', shape: [2 ** 52], dtype: 'float32' }]), JSON_PATH),
    'MODEL_WEIGHT_SIZE_OVERFLOW',
  );
});

test('total bytes past maxWeightBytes is MODEL_WEIGHTS_TOO_LARGE', () => {
  const manifest = group([{ name: 'w', shape: [1000], dtype: 'float32' }]);
  assert.equal(validateWeightsManifest(manifest, JSON_PATH, { maxWeightBytes: 4000 }).totalBytes, 4000);
  throwsCode(
    () => validateWeightsManifest(manifest, JSON_PATH, { maxWeightBytes: 3999 }),
    'MODEL_WEIGHTS_TOO_LARGE',
    ['4000', '3999'],
  );
});

test('invalid shapes and ranks are rejected', () => {
  for (const shape of [[-1], [1.5], ['3'], null, 3, [Number.MAX_SAFE_INTEGER + 1], [NaN]]) {
    throwsCode(
      () => validateWeightsManifest(group([{ name: 'w', shape, dtype: 'float32' }]), JSON_PATH),
      'MODEL_WEIGHT_SHAPE_INVALID',
    );
  }
  const deep = { name: 'w', shape: [1, 1, 1, 1, 1, 1, 1, 1, 1], dtype: 'float32' };
  throwsCode(() => validateWeightsManifest(group([deep]), JSON_PATH), 'MODEL_WEIGHT_RANK_TOO_HIGH', [
    'rank 9',
    'limit is 8',
  ]);
  assert.equal(validateWeightsManifest(group([deep]), JSON_PATH, { maxRank: 9 }).totalBytes, 4);
});

test('unknown dtypes are rejected with the allowed list', () => {
  for (const dtype of ['complex64', 'string', 'float64', undefined, 3]) {
    throwsCode(
      () => validateWeightsManifest(group([{ name: 'c', shape: [2], dtype }]), JSON_PATH),
      'MODEL_WEIGHT_DTYPE_UNSUPPORTED',
      ['float32, int32, bool', 'uint8, uint16, float16'],
    );
  }
});

test('bad quantization is MODEL_WEIGHT_QUANTIZATION_INVALID', () => {
  const bad = [
    { dtype: 'int8', scale: 1, min: 0 },
    { dtype: 'uint8', min: 0 },
    { dtype: 'uint8', scale: Infinity, min: 0 },
    { dtype: 'uint16', scale: 1, min: '0' },
    'uint8',
  ];
  for (const quantization of bad) {
    throwsCode(
      () =>
        validateWeightsManifest(
          group([{ name: 'q', shape: [2], dtype: 'float32', quantization }]),
          JSON_PATH,
        ),
      'MODEL_WEIGHT_QUANTIZATION_INVALID',
    );
  }
  throwsCode(
    () =>
      validateWeightsManifest(
        group([{ name: 'q', shape: [2], dtype: 'bool', quantization: { dtype: 'uint8', scale: 1, min: 0 } }]),
        JSON_PATH,
      ),
    'MODEL_WEIGHT_QUANTIZATION_INVALID',
  );
});

test('entry and file counts are capped before entries are inspected', () => {
  const entries = Array.from({ length: 10_001 }, () => 'not even an object');
  throwsCode(() => validateWeightsManifest(group(entries), JSON_PATH), 'MODEL_TOO_MANY_WEIGHTS', [
    '10001',
    '10000',
  ]);
  const paths = Array.from({ length: 1_001 }, (_, i) => `w${i}.bin`);
  throwsCode(() => validateWeightsManifest(group([], paths), JSON_PATH), 'MODEL_TOO_MANY_FILES', ['1000']);
  const groups = Array.from({ length: 3 }, (_, i) => ({ paths: [`w${i}.bin`], weights: [] }));
  throwsCode(() => validateWeightsManifest(groups, JSON_PATH, { maxFiles: 2 }), 'MODEL_TOO_MANY_FILES');
});

test('malformed manifests are MODEL_JSON_SCHEMA; duplicate paths are MODEL_WEIGHT_PATH_DUPLICATE', () => {
  for (const manifest of [
    {},
    [null],
    [{ paths: 'a.bin', weights: [] }],
    [{ paths: [], weights: {} }],
    [{ paths: [1], weights: [] }],
  ]) {
    throwsCode(() => validateWeightsManifest(manifest, JSON_PATH), 'MODEL_JSON_SCHEMA');
  }
  throwsCode(
    () => validateWeightsManifest(group([{ shape: [1], dtype: 'float32' }]), JSON_PATH),
    'MODEL_JSON_SCHEMA',
  );
  throwsCode(
    () => validateWeightsManifest(group([{ name: 'w', shape: [1], dtype: 'float32' }], []), JSON_PATH),
    'MODEL_JSON_SCHEMA',
  );
  throwsCode(
    () =>
      validateWeightsManifest(
        [
          { paths: ['a.bin'], weights: [] },
          { paths: ['./a.bin'], weights: [] },
        ],
        JSON_PATH,
      ),
    'MODEL_WEIGHT_PATH_DUPLICATE',
  );
});

test('byte length equals the exact BigInt product for any safe shape', () => {
  fc.assert(
    fc.property(
      fc.array(fc.integer({ min: 0, max: 2 ** 20 }), { maxLength: 8 }),
      fc.constantFrom(['float32', 4], ['int32', 4], ['bool', 1]),
      (shape, [dtype, size]) => {
        const exact = shape.reduce((p, d) => p * BigInt(d), 1n) * BigInt(size as number);
        const entry = { name: 'w', shape, dtype };
        if (exact > BigInt(Number.MAX_SAFE_INTEGER)) {
          assert.throws(() => weightByteLength(entry, JSON_PATH, 'w'), {
            code: 'MODEL_WEIGHT_SIZE_OVERFLOW',
          });
        } else {
          assert.equal(weightByteLength(entry, JSON_PATH, 'w'), Number(exact));
        }
      },
    ),
  );
});
