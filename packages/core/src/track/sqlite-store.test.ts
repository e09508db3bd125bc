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

test('sqlite: a database at schema 1 is migrated to the latest on open, keeping every row', async () => {
  const path = freshPath();
  (await SqliteStore.open(path, { migrations: MIGRATIONS.slice(0, 1) })).close();
  // Rows as schema-1 code wrote them; migration 3 rebuilds `runs`, which must not
  // cascade-delete the params, metrics and artifacts that reference it.
  const raw = new Database(path);
  raw.exec(`INSERT INTO experiments (id, name, created) VALUES (1, 'before-upgrade', 5);
    INSERT INTO runs (id, experiment_id, name, status, start_time, end_time, git_sha, config, seed, versions, host)
      VALUES ('20260101-000000-aaaaaa', 1, 'old', 'killed', 10, 20, NULL, '{"a":1}', 7, '{}', 'h');
    INSERT INTO params (run_id, key, value) VALUES ('20260101-000000-aaaaaa', 'lr', '0.1');
    INSERT INTO metrics (run_id, key, step, value, time) VALUES ('20260101-000000-aaaaaa', 'acc', 3, 0.75, 9);
    INSERT INTO artifacts (run_id, path, kind, sha256, bytes)
      VALUES ('20260101-000000-aaaaaa', 'm.json', 'model', '${'a'.repeat(64)}', 4);`);
  raw.close();

  const store = await openStore(path);
  try {
    const got = await store.getRun('20260101-000000-aaaaaa');
    assert.deepEqual(
      [got.experiment, got.status, got.seed, got.config, got.params, got.metrics.acc.value, got.endTime],
      ['before-upgrade', 'killed', 7, { a: 1 }, { lr: '0.1' }, 0.75, 20],
    );
    assert.deepEqual([got.heartbeatAt, got.lastStep, got.error, got.resumedFrom], [null, null, null, null]);
    assert.equal((await store.listArtifacts(got.id)).length, 1);
    assert.equal((await store.registerModel({ name: 'm', runId: got.id, artifactPath: 'p' })).version, 1);
    await store.updateRun(got.id, { status: 'crashed' }); // the new status passes the new CHECK
  } finally {
    await store.close();
  }
  const db = new Database(path, { readonly: true });
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number };
  assert.equal(row.v, LATEST_SCHEMA_VERSION);
  assert.deepEqual(db.pragma('foreign_key_check'), []);
  db.close();
});

test('sqlite: foreign keys are back on after migrating', async () => {
  const path = freshPath();
  await SqliteStore.open(path, { migrations: MIGRATIONS.slice(0, 2) }).close();
  const store = SqliteStore.open(path); // runs migration 3 with foreign keys off
  const db = (store as unknown as { db: Database.Database }).db; // private: the pragma is per connection
  assert.equal(db.pragma('foreign_keys', { simple: true }), 1);
  await store.close();
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
