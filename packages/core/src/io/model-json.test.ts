import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FrontierError } from '../util/errors.ts';
import { parseModelJson } from './model-json.ts';

const JSON_PATH = '/models/m/model.json';

function parseError(data: string | Uint8Array, limits = {}): FrontierError {
  try {
    parseModelJson(data, JSON_PATH, limits);
  } catch (err) {
    assert.ok(err instanceof FrontierError);
    assert.ok(err.message.includes(JSON_PATH), err.message);
    return err;
  }
  assert.fail('expected parseModelJson to throw');
}

test('a valid document parses, with a leading BOM ignored', () => {
  const doc = {
    modelTopology: { class_name: 'Sequential' },
    format: 'layers-model',
    convertedBy: null,
    weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'w', shape: [2, 3], dtype: 'float32' }] }],
  };
  const parsed = parseModelJson('\uFEFF' + JSON.stringify(doc), JSON_PATH);
  assert.deepEqual(parsed.modelJson, doc);
  assert.equal(parsed.manifest.totalBytes, 24);
  const fromBytes = parseModelJson(new TextEncoder().encode(JSON.stringify(doc)), JSON_PATH);
  assert.equal(fromBytes.manifest.groups[0].byteLengths[0], 24);
});

test('invalid JSON reports line, column and position', () => {
  const err = parseError('{\n  "modelTopology": {},\n  "weightsManifest": [,]\n}');
  assert.equal(err.code, 'MODEL_JSON_INVALID');
  assert.equal(err.where, `${JSON_PATH}:3:23`);
  assert.match(err.message, /unexpected "," at line 3, column 23 \(position 47\)/);
  const truncated = parseError('{"modelTopology": {');
  assert.equal(truncated.code, 'MODEL_JSON_INVALID');
  assert.match(truncated.message, /end of input at line 1, column 20 \(position 19\)/);
});

test('size is checked before parsing', () => {
  const text = JSON.stringify({ modelTopology: {}, pad: 'x'.repeat(100) });
  const err = parseError(text + ' garbage', { maxModelJsonBytes: 50 });
  assert.equal(err.code, 'MODEL_JSON_TOO_LARGE');
  assert.match(err.message, new RegExp(`is ${Buffer.byteLength(text) + 8} bytes; the limit is 50`));
  assert.equal(
    parseModelJson(text, JSON_PATH, { maxModelJsonBytes: Buffer.byteLength(text) }).manifest.totalBytes,
    0,
  );
});

test('documents of the wrong shape are MODEL_JSON_SCHEMA', () => {
  for (const doc of [
    [],
    'str',
    null,
    {},
    { modelTopology: null },
    { modelTopology: {}, format: 3 },
    { modelTopology: {}, weightsManifest: {} },
  ]) {
    assert.equal(parseError(JSON.stringify(doc)).code, 'MODEL_JSON_SCHEMA', JSON.stringify(doc));
  }
});
