/**
 * The package manifests agree with the code (fast; pack.test.ts checks the
 * installed result): every feature area of core is a subpath export, every export
 * has a source for the repository and a compiled file for consumers, and each
 * tarball's `files` keep sources and tests out.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const packages = fileURLToPath(new URL('../../', import.meta.url));

interface Manifest {
  name: string;
  private?: boolean;
  main?: string;
  types?: string;
  exports?: Record<string, string | Record<string, string>>;
  files?: string[];
  bin?: Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
}

const manifest = (dir: string): Manifest =>
  JSON.parse(readFileSync(join(packages, dir, 'package.json'), 'utf8')) as Manifest;

/** `./src/a/index.ts` → `./dist/a/index.js` (or `.d.ts`): where tsc emits it. */
const emitted = (src: string, ext: '.js' | '.d.ts') =>
  src.replace(/^\.\/src\//, './dist/').replace(/\.ts$/, ext);

test('every src/<area>/index.ts of core is a subpath export, and nothing else is', () => {
  const src = join(packages, 'core', 'src');
  const areas = readdirSync(src, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(src, d.name, 'index.ts')))
    .map((d) => `./${d.name}`);
  const exported = Object.keys(manifest('core').exports ?? {}).filter(
    (k) => k !== '.' && k !== './package.json',
  );
  for (const area of areas) assert.ok(exported.includes(area), `@frontier/core lacks the export "${area}"`);
  // An export whose folder does not exist yet (an area being added) must at least be named like one.
  for (const key of exported) assert.match(key, /^\.\/[a-z-]+$/);
});

for (const dir of ['core', 'backend-onednn']) {
  test(`${dir}: each export is frontier-source → src, then types and default → the emitted files`, () => {
    const m = manifest(dir);
    assert.equal(m.main, './dist/index.js');
    assert.equal(m.types, './dist/index.d.ts');
    for (const [key, target] of Object.entries(m.exports ?? {})) {
      if (key === './package.json') continue;
      assert.equal(typeof target, 'object', `${key} has conditions`);
      const t = target as Record<string, string>;
      // Order matters: node and tsc take the first condition that matches.
      assert.deepEqual(Object.keys(t), ['frontier-source', 'types', 'default'], key);
      assert.match(t['frontier-source'], /^\.\/src\/.*\.ts$/);
      assert.equal(t.types, emitted(t['frontier-source'], '.d.ts'), key);
      assert.equal(t.default, emitted(t['frontier-source'], '.js'), key);
      const area = t['frontier-source'].split('/')[2];
      if (area === 'index.ts' || existsSync(join(packages, dir, 'src', area)))
        assert.ok(
          existsSync(join(packages, dir, t['frontier-source'])),
          `${key}: ${t['frontier-source']} exists`,
        );
    }
  });
}

test('the tarballs ship dist/ and what the native build needs, never src/', () => {
  assert.deepEqual(manifest('core').files, ['dist', '!dist/*.tsbuildinfo']);
  const onednn = manifest('backend-onednn');
  for (const f of ['dist', 'native', 'scripts', 'binding.gyp']) assert.ok(onednn.files?.includes(f), f);
  assert.equal(onednn.scripts?.install, 'node scripts/build.js');
  const cli = manifest('cli');
  assert.deepEqual(cli.files, ['bin', 'dist', '!dist/*.tsbuildinfo']);
  assert.equal(cli.bin?.frontier, './bin/frontier.js');
  // tsx runs the sources in the repository only; an install runs dist/ with plain node.
  assert.equal(cli.dependencies?.tsx, undefined);
  for (const dir of ['core', 'backend-onednn', 'cli']) {
    const m = manifest(dir);
    assert.ok(!m.files?.some((f) => f === 'src' || f.startsWith('src/')), `${m.name} ships src`);
    assert.equal(m.private, true, `${m.name} stays private: packed, never published`);
  }
});
