import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import Database from 'better-sqlite3';
import { FrontierError } from '../util/errors.ts';
import { runConcurrentWriters } from './concurrency.ts';
import { runStoreConformance } from './conformance.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.ts';
import { openStore } from './open-store.ts';
import { SqliteStore } from './sqlite-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'frontier-sqlite-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `db-${n++}`, 'tracking.db');

runStoreConformance('sqlite file', () => openStore(`sqlite:${freshPath()}`));
runStoreConformance('sqlite :memory:', async () => SqliteStore.open(':memory:'));
runConcurrentWriters('sqlite', async () => freshPath());

test('sqlite: opens in WAL mode with foreign keys and records every migration', async () => {
  const path = freshPath();
  await (await openStore(path)).close();
  const db = new Database(path, { readonly: true });
  try {
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    const rows = db.prepare('SELECT version, name FROM schema_migrations ORDER BY version').all();
    assert.deepEqual(
      rows,
      MIGRATIONS.map((m) => ({ version: m.version, name: m.name })),
    );
  } finally {
    db.close();
  }
});

test('sqlite: a database at schema 1 is migrated to the latest on open, keeping its data', async () => {
  const path = freshPath();
  const old = SqliteStore.open(path, { migrations: MIGRATIONS.slice(0, 1) });
  const run = await old.createRun({ experiment: 'before-upgrade', seed: 7 });
  await old.logMetrics(run.id, [{ key: 'acc', step: 3, value: 0.75, time: 9 }]);
  await old.close();

  const store = await openStore(path);
  try {
    const got = await store.getRun(run.id);
    assert.deepEqual([got.experiment, got.seed, got.metrics.acc.value], ['before-upgrade', 7, 0.75]);
    assert.equal((await store.registerModel({ name: 'm', runId: run.id, artifactPath: 'p' })).version, 1);
  } finally {
    await store.close();
  }
  const db = new Database(path, { readonly: true });
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number };
  assert.equal(row.v, LATEST_SCHEMA_VERSION);
  db.close();
});

test('sqlite: a database from newer code is refused with TRACK_SCHEMA_TOO_NEW', async () => {
  const path = freshPath();
  await (await openStore(path)).close();
  const db = new Database(path);
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
    LATEST_SCHEMA_VERSION + 1,
    'future',
    0,
  );
  db.close();
  await assert.rejects(openStore(path), (err: unknown) => {
    assert.ok(err instanceof FrontierError);
    assert.equal(err.code, 'TRACK_SCHEMA_TOO_NEW');
    assert.equal(err.where, path);
    assert.match(
      err.message,
      new RegExp(`version ${LATEST_SCHEMA_VERSION + 1}.*up to ${LATEST_SCHEMA_VERSION}`),
    );
    return true;
  });
});

test('sqlite: a file that is not a database gives TRACK_DB_INVALID naming the file', async () => {
  const path = join(dir, 'garbage.db');
  writeFileSync(path, 'this is not sqlite'.repeat(100));
  await assert.rejects(openStore(path), (err: unknown) => {
    assert.ok(err instanceof FrontierError);
    assert.equal(err.code, 'TRACK_DB_INVALID');
    assert.equal(err.where, path);
    return true;
  });
});

test('sqlite: a writer blocked past busy_timeout gets TRACK_DB_LOCKED with a fix', async () => {
  const path = freshPath();
  const store = SqliteStore.open(path, { busyTimeoutMs: 50 });
  const run = await store.createRun({ experiment: 'e' });
  const holder = new Database(path);
  holder.exec('BEGIN IMMEDIATE');
  try {
    await assert.rejects(store.logMetrics(run.id, [{ key: 'k', step: 0, value: 1 }]), (err: unknown) => {
      assert.ok(err instanceof FrontierError);
      assert.equal(err.code, 'TRACK_DB_LOCKED');
      assert.match(err.hint ?? '', /busyTimeoutMs/);
      return true;
    });
  } finally {
    holder.exec('ROLLBACK');
    holder.close();
  }
  await store.logMetrics(run.id, [{ key: 'k', step: 0, value: 1 }]);
  assert.equal((await store.getMetricSeries(run.id, 'k')).length, 1);
  await store.close();
});
