import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { after, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import fc from 'fast-check';
import pg from 'pg';
import { FrontierError } from '../util/errors.ts';
import { openStore } from './open-store.ts';
import { redactError, redactSecrets, redactValue } from './redact.ts';
import { superviseRun } from './run-lifecycle.ts';
import type { TrackingStore } from './store.ts';

const PASSWORD = 'Pw-9f3kQ@zz7';
const SECRET_URL = `postgres://alice:${PASSWORD}@db.internal:5432/tracking`;

test('redactSecrets: URL passwords (even with @) and secret query parameters become ***', () => {
  assert.equal(redactSecrets(SECRET_URL), 'postgres://alice:***@db.internal:5432/tracking');
  assert.equal(
    redactSecrets(`connect to ${SECRET_URL} and http://u:p@h/x failed`),
    'connect to postgres://alice:***@db.internal:5432/tracking and http://u:***@h/x failed',
  );
  assert.equal(
    redactSecrets('postgres://u@h/db?sslmode=require&password=abc'),
    'postgres://u@h/db?sslmode=require&password=***',
  );
  assert.equal(redactSecrets('postgres://h/db?token=t0k&x=1'), 'postgres://h/db?token=***&x=1');
  for (const clean of [
    'postgres://u@h/db',
    '/var/runs/tracking.db',
    'sqlite::memory:',
    'a: b @ c',
    'mail x@y.org',
  ]) {
    assert.equal(redactSecrets(clean), clean);
  }
});

test('property: no password survives redaction, and redaction is idempotent', () => {
  const word = fc.stringMatching(/^[A-Za-z0-9._~!$&'()*+,;=%@-]{1,24}$/);
  fc.assert(
    fc.property(word, word, fc.stringMatching(/^[a-z0-9.-]{1,20}$/), (user, password, host) => {
      fc.pre(!user.includes('@') && !password.includes('/') && password.length >= 6);
      fc.pre(!`postgres://${user}:***@${host}/db`.includes(password));
      const text = `error at postgres://${user}:${password}@${host}/db: refused`;
      const once = redactSecrets(text);
      assert.ok(!once.includes(password), once);
      assert.equal(redactSecrets(once), once);
    }),
    { numRuns: 300 },
  );
});

test('redactValue: every string and key of a JSON value, input untouched', () => {
  const input = { tracking: SECRET_URL, list: [1, null, { [SECRET_URL]: true }], n: 2 };
  const out = redactValue(input);
  assert.deepEqual(out, {
    tracking: 'postgres://alice:***@db.internal:5432/tracking',
    list: [1, null, { 'postgres://alice:***@db.internal:5432/tracking': true }],
    n: 2,
  });
  assert.equal(input.tracking, SECRET_URL);
});

test('redactError: message, where, hint, stack and cause (Node keeps the raw URL as input) are clean', () => {
  let cause: unknown;
  try {
    new URL(`postgres://alice:${PASSWORD}@host:notaport/db`);
  } catch (err) {
    cause = err;
  }
  const err = redactError(
    new FrontierError('TRACK_BAD_URL', `bad ${SECRET_URL}`, { where: SECRET_URL, hint: SECRET_URL, cause }),
  );
  const seen = `${inspect(err, { depth: 5 })} ${err.describe()} ${err.stack} ${JSON.stringify(err)}`;
  assert.ok(!seen.includes(PASSWORD), seen);
  assert.equal(err.where, 'postgres://alice:***@db.internal:5432/tracking');
  assert.equal(err.code, 'TRACK_BAD_URL');
});

/** Every text cell of every table, as one string per row. */
type Dump = () => Promise<string[]>;

function redactionSuite(label: string, open: () => Promise<{ store: TrackingStore; dump: Dump }>): void {
  describe(`redaction in the stored rows: ${label}`, () => {
    test('config, params, errors and killed/failed runs never hold the password', async () => {
      const { store, dump } = await open();
      try {
        const study = { experiment: 'e', tracking: SECRET_URL, train: { epochs: 1 } };
        const run = await store.createRun({ experiment: 'e', config: study });
        await store.logParams(run.id, { tracking: SECRET_URL, 'train.epochs': 1 });
        const sup = superviseRun(store, run.id, { handleSignals: false });
        sup.step(1);
        await sup.end('failed', new Error(`could not connect to ${SECRET_URL}`));
        const second = await store.createRun({
          experiment: 'e',
          config: { urls: [SECRET_URL] },
          resumedFrom: run.id,
        });
        await store.updateRun(second.id, {
          status: 'killed',
          error: `SIGTERM while writing to ${SECRET_URL}`,
        });
        await store.registerModel({ name: 'm', runId: run.id, artifactPath: 'models/m' });

        const rows = await dump();
        assert.ok(rows.length >= 6, `dumped ${rows.length} rows`);
        const leaks = rows.filter((r) => r.includes(PASSWORD) || r.includes('Pw-9f3kQ'));
        assert.deepEqual(leaks, []);
        assert.ok(
          rows.some((r) => r.includes('postgres://alice:***@db.internal')),
          'the URL is kept, redacted',
        );
        const got = await store.getRun(run.id);
        assert.equal(got.error, 'could not connect to postgres://alice:***@db.internal:5432/tracking');
      } finally {
        await store.close();
      }
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'frontier-redact-'));
after(() => rmSync(dir, { recursive: true, force: true }));

redactionSuite('sqlite', async () => {
  const path = join(dir, `r-${randomBytes(3).toString('hex')}.db`);
  const store = await openStore(path);
  const dump: Dump = async () => {
    const db = new Database(path, { readonly: true });
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[];
      return tables.flatMap((t) =>
        db
          .prepare(`SELECT * FROM "${t.name}"`)
          .all()
          .map((r) => JSON.stringify(r)),
      );
    } finally {
      db.close();
    }
  };
  return { store, dump };
});

const pgUrl = process.env.FRONTIER_PG_URL;
if (!pgUrl) {
  test(
    'redaction in PostgreSQL',
    { skip: 'set FRONTIER_PG_URL (eval "$(scripts/postgres.sh)")' },
    () => undefined,
  );
} else {
  const schema = `frontier_redact_${randomBytes(4).toString('hex')}`;
  after(async () => {
    const c = new pg.Client({ connectionString: pgUrl });
    await c.connect();
    await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await c.end();
  });
  redactionSuite('postgres', async () => {
    const store = await openStore(`${pgUrl}${pgUrl.includes('?') ? '&' : '?'}schema=${schema}`);
    const dump: Dump = async () => {
      const c = new pg.Client({ connectionString: pgUrl });
      await c.connect();
      try {
        const { rows: tables } = await c.query(
          'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
          [schema],
        );
        const out: string[] = [];
        for (const t of tables as { table_name: string }[]) {
          const { rows } = await c.query(`SELECT * FROM "${schema}"."${t.table_name}"`);
          out.push(...rows.map((r) => JSON.stringify(r)));
        }
        return out;
      } finally {
        await c.end();
      }
    };
    return { store, dump };
  });

  test('postgres: a wrong password never appears in the error, however it is printed', async () => {
    const bad = new URL(pgUrl);
    bad.password = PASSWORD;
    await assert.rejects(openStore(bad.toString()), (err: unknown) => {
      assert.ok(err instanceof FrontierError);
      assert.equal(err.code, 'TRACK_DB_AUTH');
      const seen = `${inspect(err, { depth: 5 })} ${err.describe()} ${err.stack} ${String(err.cause)}`;
      assert.ok(!seen.includes(PASSWORD) && !seen.includes(encodeURIComponent(PASSWORD)), seen);
      return true;
    });
  });
}

test('an unparseable or unreachable postgres URL: the error hides the password', async () => {
  for (const url of [
    `postgres://alice:${PASSWORD}@127.0.0.1:1/db`,
    `postgres://alice:${PASSWORD}@host:notaport/db`,
  ]) {
    await assert.rejects(openStore(url), (err: unknown) => {
      assert.ok(err instanceof FrontierError, String(err));
      const seen = `${inspect(err, { depth: 5 })} ${err.describe()} ${err.stack}`;
      assert.ok(!seen.includes(PASSWORD) && !seen.includes('Pw-9f3kQ'), seen);
      return true;
    });
  }
});
