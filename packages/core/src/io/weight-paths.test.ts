import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkWeightPath, resolveWeightFile } from './weight-paths.ts';
import { tempDir } from './io-test-helpers.ts';

const JSON_PATH = '/models/m/model.json';

test('checkWeightPath normalizes paths inside the folder', () => {
  assert.equal(checkWeightPath('weights.bin', JSON_PATH, 'w'), 'weights.bin');
  assert.equal(checkWeightPath('./shards/../weights.bin', JSON_PATH, 'w'), 'weights.bin');
  assert.equal(checkWeightPath('shards//a.bin', JSON_PATH, 'w'), 'shards/a.bin');
  assert.equal(checkWeightPath('..weights.bin', JSON_PATH, 'w'), '..weights.bin');
});

test('checkWeightPath rejects each unsafe form with its own code', () => {
  const cases: Array<[string, string]> = [
    ['../x.bin', 'MODEL_WEIGHT_PATH_ESCAPE'],
    ['a/../../x.bin', 'MODEL_WEIGHT_PATH_ESCAPE'],
    ['..', 'MODEL_WEIGHT_PATH_ESCAPE'],
    ['.', 'MODEL_WEIGHT_PATH_ESCAPE'],
    ['/etc/passwd', 'MODEL_WEIGHT_PATH_ABSOLUTE'],
    ['//host/share/x.bin', 'MODEL_WEIGHT_PATH_ABSOLUTE'],
    ['C:\\x.bin', 'MODEL_WEIGHT_PATH_ABSOLUTE'],
    ['http://example.test/x.bin', 'MODEL_WEIGHT_PATH_URL'],
    ['file:x.bin', 'MODEL_WEIGHT_PATH_URL'],
    ['data:application/octet-stream;base64,AAAA', 'MODEL_WEIGHT_PATH_URL'],
    ['weights.bin\0.txt', 'MODEL_WEIGHT_PATH_NUL'],
    ['..\\x.bin', 'MODEL_WEIGHT_PATH_INVALID'],
    ['', 'MODEL_WEIGHT_PATH_INVALID'],
  ];
  for (const [path, code] of cases) {
    assert.throws(
      () => checkWeightPath(path, JSON_PATH, 'w'),
      (err: Error & { code?: string }) => err.code === code && err.message.includes(JSON_PATH),
      `${JSON.stringify(path)} should be ${code}`,
    );
  }
});

test('resolveWeightFile follows symlinks inside the folder and refuses those leaving it', async () => {
  const { dir, cleanup } = await tempDir();
  try {
    const model = join(dir, 'model');
    await mkdir(join(model, 'sub'), { recursive: true });
    await writeFile(join(model, 'weights.bin'), new Uint8Array(12));
    await writeFile(join(dir, 'secret.bin'), new Uint8Array(5));
    await symlink(join(model, 'weights.bin'), join(model, 'inside.bin'));
    await symlink(join(dir, 'secret.bin'), join(model, 'outside.bin'));
    await symlink(dir, join(model, 'sub', 'up'));
    const jsonPath = join(model, 'model.json');

    const inside = await resolveWeightFile(model, 'inside.bin', jsonPath);
    assert.equal(inside.size, 12);
    assert.ok(inside.realPath.endsWith(join('model', 'weights.bin')));

    for (const path of ['outside.bin', 'sub/up/secret.bin']) {
      await assert.rejects(resolveWeightFile(model, path, jsonPath), (err: Error & { code?: string }) => {
        assert.equal(err.code, 'MODEL_WEIGHT_PATH_SYMLINK_ESCAPE');
        assert.ok(err.message.includes(jsonPath) && err.message.includes('secret.bin'), err.message);
        return true;
      });
    }
    await assert.rejects(resolveWeightFile(model, 'missing.bin', jsonPath), {
      code: 'MODEL_WEIGHT_FILE_MISSING',
    });
    await assert.rejects(resolveWeightFile(model, 'sub', jsonPath), { code: 'MODEL_WEIGHT_FILE_NOT_FILE' });
  } finally {
    await cleanup();
  }
});
