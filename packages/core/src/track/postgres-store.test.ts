import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, test } from 'node:test';
import pg from 'pg';
import { FrontierError } from '../util/errors.ts';
import { runConcurrentWriters } from './concurrency.ts';
import { runStoreConformance } from './conformance.ts';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.ts';
import { openStore } from './open-store.ts';
import { PostgresStore } from './postgres-store.ts';

const url = process.env.FRONTIER_PG_URL;
const HOW =
  'set FRONTIER_PG_URL to run the PostgreSQL store tests, e.g. eval "$(scripts/postgres.sh)" (as root on Debian)';

if (!url) {
  if (process.env.CI)
    test('postgres store', () =>
      assert.fail(`FRONTIER_PG_URL is not set, and CI requires these tests: ${HOW}`));
  else test('postgres store', { skip: HOW }, () => undefined);
} else {
  // Every store gets its own schema, so runs of this file never see each other's rows.
  const prefix = `frontier_t_${randomBytes(4).toString('hex')}`;
  let n = 0;
  const freshSchema = () => `${prefix}_${n++}`;
  const withSchema = (schema: string) => `${url}${url.includes('?') ? '&' : '?'}schema=${schema}`;

  after(async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query('SELECT nspname FROM pg_namespace WHERE nspname LIKE $1', [
        `${prefix}_%`,
      ]);
      for (const r of rows) await client.query(`DROP SCHEMA "${r.nspname}" CASCADE`);
    } finally {
      await client.end();
    }
  });

  runStoreConformance('postgres', () => openStore(withSchema(freshSchema())));
  runConcurrentWriters('postgres', async () => withSchema(freshSchema()));

  test('postgres: a schema-1 database is migrated on open; a newer one is refused', async () => {
    const schema = freshSchema();
    await (await PostgresStore.open(url, { schema, migrations: MIGRATIONS.slice(0, 1) })).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    // A run as schema-1 code wrote it.
    await client.query(`INSERT INTO "${schema}".experiments (name, created) VALUES ('before-upgrade', 5)`);
    await client.query(
      `INSERT INTO "${schema}".runs (id, experiment_id, name, status, start_time, config, seed, versions)
       SELECT '20260101-000000-aaaaaa', id, 'old', 'running', 10, '{}', 3, '{}' FROM "${schema}".experiments`,
    );
    const store = await PostgresStore.open(url, { schema });
    const run = await store.getRun('20260101-000000-aaaaaa');
    assert.deepEqual([run.seed, run.status, run.heartbeatAt, run.error], [3, 'running', null, null]);
    assert.equal((await store.updateRun(run.id, { status: 'crashed' })).status, 'crashed');
    assert.equal((await store.registerModel({ name: 'm', runId: run.id, artifactPath: 'p' })).version, 1);
    await store.close();

    const { rows } = await client.query(`SELECT MAX(version) AS v FROM "${schema}".schema_migrations`);
    assert.equal(Number(rows[0].v), LATEST_SCHEMA_VERSION);
    await client.query(`INSERT INTO "${schema}".schema_migrations VALUES ($1, 'future', 0)`, [
      LATEST_SCHEMA_VERSION + 1,
    ]);
    await client.end();
    await assert.rejects(PostgresStore.open(url, { schema }), (err: unknown) => {
      assert.ok(err instanceof FrontierError);
      assert.equal(err.code, 'TRACK_SCHEMA_TOO_NEW');
      return true;
    });
  });

  test('postgres: a wrong password gives TRACK_DB_AUTH', async () => {
    const bad = new URL(url);
    bad.password = 'definitely-not-the-password';
    await assert.rejects(openStore(bad.toString()), (err: unknown) => {
      assert.ok(err instanceof FrontierError);
      assert.equal(err.code, 'TRACK_DB_AUTH');
      assert.ok(!err.where?.includes('definitely-not'), err.where);
      return true;
    });
  });

  test('postgres: the location hides the password', async () => {
    const store = await openStore(withSchema(freshSchema()));
    const password = new URL(url).password;
    if (password) assert.ok(!store.location.includes(`:${password}@`), store.location);
    assert.match(store.location, /:\*\*\*@|^[^:]*:\/\/[^:@]*@/);
    assert.match(store.location, /^postgres(ql)?:\/\//);
    await store.close();
  });
}

test('postgres: an unreachable server gives TRACK_DB_UNREACHABLE pointing at scripts/postgres.sh', async () => {
  // Port 1 on loopback: nothing listens there, so the connection is refused at once.
  await assert.rejects(openStore('postgres://u:secret@127.0.0.1:1/db'), (err: unknown) => {
    assert.ok(err instanceof FrontierError);
    assert.equal(err.code, 'TRACK_DB_UNREACHABLE');
    assert.equal(err.where, 'postgres://u:***@127.0.0.1:1/db');
    assert.match(err.hint ?? '', /scripts\/postgres\.sh/);
    return true;
  });
});
