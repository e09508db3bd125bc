import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { FrontierError } from '../util/errors.ts';
import { openStore } from './open-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'frontier-open-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('sqlite:PATH and a plain path open SQLite, creating missing folders', async () => {
  for (const [url, file] of [
    [`sqlite:${join(dir, 'a', 'b', 'x.db')}`, join(dir, 'a', 'b', 'x.db')],
    [join(dir, 'c', 'y.db'), join(dir, 'c', 'y.db')],
  ]) {
    const store = await openStore(url);
    assert.equal(store.location, file);
    await store.close();
    assert.ok(existsSync(file), file);
  }
});

test('sqlite::memory: opens an in-memory store', async () => {
  const store = await openStore('sqlite::memory:');
  assert.equal(store.location, ':memory:');
  await store.createRun({ experiment: 'e' });
  assert.equal((await store.listRuns()).length, 1);
  await store.close();
});

test('with no argument: FRONTIER_TRACKING_URL, else .frontier/tracking.db under the current directory', async () => {
  const saved = { cwd: process.cwd(), env: process.env.FRONTIER_TRACKING_URL };
  try {
    process.chdir(dir);
    delete process.env.FRONTIER_TRACKING_URL;
    const def = await openStore();
    assert.equal(def.location, join(dir, '.frontier', 'tracking.db'));
    await def.close();
    process.env.FRONTIER_TRACKING_URL = `sqlite:${join(dir, 'env', 't.db')}`;
    const env = await openStore();
    assert.equal(env.location, join(dir, 'env', 't.db'));
    await env.close();
  } finally {
    process.chdir(saved.cwd);
    if (saved.env === undefined) delete process.env.FRONTIER_TRACKING_URL;
    else process.env.FRONTIER_TRACKING_URL = saved.env;
  }
});

test('an unknown scheme or an empty URL is TRACK_BAD_URL, with the password hidden', async () => {
  await assert.rejects(openStore('mysql://root:hunter2@db/x'), (err: unknown) => {
    assert.ok(err instanceof FrontierError);
    assert.equal(err.code, 'TRACK_BAD_URL');
    assert.match(err.message, /"mysql:"/);
    assert.ok(err.where?.includes('root:***@db/x') && !err.where.includes('hunter2'), err.where);
    assert.match(err.hint ?? '', /postgres:\/\//);
    return true;
  });
  await assert.rejects(openStore(' '), { code: 'TRACK_BAD_URL' });
  await assert.rejects(openStore('postgres://u@h/db?schema=Bad-Name'), { code: 'TRACK_BAD_URL' });
});
