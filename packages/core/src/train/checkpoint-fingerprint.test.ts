import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { canonicalize, checkFingerprint, fingerprintDiff, fingerprintOf } from './checkpoint-fingerprint.ts';
import { expectError } from '../util/expect-error.ts';

test('fingerprints ignore key order and undefined entries; the hash is sha256 of the sorted JSON', () => {
  const a = fingerprintOf({ b: 1, a: { y: [1, 2], x: undefined } });
  const b = fingerprintOf({ a: { y: [1, 2] }, b: 1 });
  assert.deepEqual(a, b);
  assert.equal(JSON.stringify(a.config), '{"a":{"y":[1,2]},"b":1}');
  assert.equal(a.sha256, createHash('sha256').update('{"a":{"y":[1,2]},"b":1}').digest('hex'));
  assert.deepEqual(canonicalize([{ b: 2, a: 1 }]), [{ a: 1, b: 2 }]);
});

test('fingerprintDiff lists the differing leaves as dotted keys, arrays whole', () => {
  assert.deepEqual(
    fingerprintDiff(
      { seed: 1, train: { batchSize: 32, optimizer: { name: 'adam' } }, model: { layers: [1] } },
      { seed: 1, train: { batchSize: 16, optimizer: { name: 'sgd' } }, model: { layers: [1, 2] } },
    ),
    [
      { key: 'model.layers', old: [1], new: [1, 2] },
      { key: 'train.batchSize', old: 32, new: 16 },
      { key: 'train.optimizer.name', old: 'adam', new: 'sgd' },
    ],
  );
  assert.deepEqual(fingerprintDiff({ a: 1 }, { a: 1 }), []);
});

test('checkFingerprint accepts equal or absent fingerprints and names old → new otherwise', () => {
  const old = fingerprintOf({ seed: 1, dataset: { name: 'penguins' } });
  checkFingerprint('ckpt', old, fingerprintOf({ dataset: { name: 'penguins' }, seed: 1 }));
  checkFingerprint('ckpt', undefined, old);
  expectError(
    () => checkFingerprint('ckpt', old, fingerprintOf({ seed: 1, dataset: { name: 'iris' } })),
    'CHECKPOINT_CONFIG_MISMATCH',
    'ckpt',
    /dataset\.name: "penguins" → "iris"/,
  );
});
