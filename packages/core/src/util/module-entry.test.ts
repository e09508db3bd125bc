import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isSourceModule, loaderArgs, siblingModule } from './module-entry.ts';

test('a module under src/ (.ts) gets .ts siblings, a compiled one (.js) gets .js siblings', () => {
  assert.equal(
    siblingModule('./trial-worker', 'file:///p/src/tune/worker-pool.ts').href,
    'file:///p/src/tune/trial-worker.ts',
  );
  assert.equal(
    siblingModule('./trial-worker', 'file:///p/dist/tune/worker-pool.js').href,
    'file:///p/dist/tune/trial-worker.js',
  );
  assert.equal(siblingModule('../x/y', 'file:///p/dist/a/b.js').href, 'file:///p/dist/x/y.js');
});

test('only TypeScript sources count as sources, whatever the folder is called', () => {
  assert.equal(isSourceModule('file:///p/src/a.ts'), true);
  assert.equal(isSourceModule('file:///p/src/a.mts'), true);
  assert.equal(isSourceModule('file:///p/ts/a.js'), false);
  assert.equal(isSourceModule('file:///p/dist/a.mjs'), false);
});

test('children of compiled modules start with no loader; children of sources load tsx', () => {
  assert.deepEqual(loaderArgs('file:///p/dist/tune/worker-pool.js'), []);
  const args = loaderArgs(import.meta.url);
  assert.equal(args[0], '--import');
  assert.match(args[1], /^file:.*\/node_modules\/tsx\//);
});
