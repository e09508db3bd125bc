/**
 * The shared tracking store: PostgreSQL via a pg Pool, for tuning studies and runs
 * written from several machines. Same schema and behaviour as the SQLite store.
 *
 * Model versions come from one upsert on the model's counter row
 * (`INSERT … ON CONFLICT DO UPDATE … RETURNING`), which PostgreSQL executes
 * atomically and which row-locks the name until the transaction commits, so
 * concurrent registrations get consecutive versions with no gaps or duplicates.
 */
import pg from 'pg';
import type { PoolClient } from 'pg';
import { FrontierError } from '../util/errors.ts';
import { explainPgError } from './postgres-errors.ts';
import { redactError, redactUrl } from './redact.ts';
import { MIGRATIONS, pendingMigrations, SCHEMA_MIGRATIONS_DDL, type Migration } from './migrations.ts';
import {
  RUN_COLUMNS,
  RUN_FROM,
  RUN_INSERT_COLUMNS,
  checkAlias,
  checkArtifact,
  checkMetrics,
  checkName,
  checkVersion,
  listRunsQuery,
  newRunValues,
  paramEntries,
  resolveRunUpdate,
  checkStep,
  staleCutoff,
  staleRunMessage,
  toArtifact,
  toRegisteredModels,
  toExperiment,
  toMetric,
  toModelVersion,
  toRun,
  unknownModel,
  unknownRun,
} from './records.ts';
import type {
  Artifact,
  Experiment,
  ListRunsOptions,
  MetricInput,
  MetricPoint,
  ModelVersion,
  NewModelVersion,
  NewRun,
  ParamValue,
  Run,
  RunDetail,
  RegisteredModel,
  RunUpdate,
  StaleRunOptions,
  TrackingStore,
} from './store.ts';

type Row = Record<string, unknown>;
type Query = (sql: string, args?: unknown[]) => Promise<Row[]>;

/** Options for {@link PostgresStore.open}. */
export interface PostgresStoreOptions {
  /**
   * Schema to keep the tables in, created if missing. Default: the `schema` query
   * parameter of the URL, else the server's default search path (normally `public`).
   */
  readonly schema?: string;
  /** How long to wait for a connection before failing with TRACK_DB_UNREACHABLE, in ms. Default 10 000. */
  readonly connectTimeoutMs?: number;
  /** Pool size. Default 4. */
  readonly maxConnections?: number;
  /** Migrations to apply; tests pass a prefix to build an older database. Default: all. */
  readonly migrations?: readonly Migration[];
}

function parseSchema(schema: string, where: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new FrontierError(
      'TRACK_BAD_URL',
      `PostgreSQL schema name must be lower-case letters, digits and _, got ${JSON.stringify(schema)}`,
      {
        where,
        hint: 'use a schema name like frontier or tracking_test_1',
      },
    );
  }
  return schema;
}

/**
 * Applies pending migrations in one transaction, holding an advisory lock so that
 * processes opening the same database at once migrate it exactly once.
 */
export async function migratePostgres(
  client: PoolClient,
  where: string,
  schema: string | undefined,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`frontier-tracking:${schema ?? ''}`]);
    if (schema !== undefined) await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    await client.query(SCHEMA_MIGRATIONS_DDL);
    const { rows } = await client.query('SELECT MAX(version) AS v FROM schema_migrations');
    let version = rows[0].v === null ? 0 : Number(rows[0].v);
    for (const m of pendingMigrations(version, where, migrations)) {
      for (const sql of m.sql.postgres) await client.query(sql);
      await client.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
        m.version,
        m.name,
        Date.now(),
      ]);
      version = m.version;
    }
    await client.query('COMMIT');
    return version;
  } catch (err) {
    await client.query('ROLLBACK');
    throw err;
  }
}

/** A {@link TrackingStore} over PostgreSQL. Create with {@link PostgresStore.open}. */
export class PostgresStore implements TrackingStore {
  readonly location: string;
  private readonly pool: pg.Pool;
  private closed = false;

  private constructor(pool: pg.Pool, location: string) {
    this.pool = pool;
    this.location = location;
  }

  /** Connects, creates the schema if asked, and migrates. `url` is `postgres://` or `postgresql://`. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresStore> {
    const location = redactUrl(url);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (err) {
      // Node's invalid-URL error carries the raw URL as `input`: redact the cause too.
      throw redactError(
        new FrontierError('TRACK_BAD_URL', 'not a valid PostgreSQL URL', {
          where: location,
          hint: 'use postgres://USER:PASSWORD@HOST:PORT/DATABASE',
          cause: err,
        }),
      );
    }
    const fromUrl = parsed.searchParams.get('schema');
    parsed.searchParams.delete('schema');
    const schemaName = options.schema ?? fromUrl ?? undefined;
    const schema = schemaName === undefined ? undefined : parseSchema(schemaName, location);
    const pool = new pg.Pool({
      connectionString: parsed.toString(),
      max: options.maxConnections ?? 4,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
      ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
    });
    // An idle pooled connection that the server drops emits 'error' on the pool; without a
    // listener Node would crash the process. The next query reports the failure instead.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await migratePostgres(client, location, schema, options.migrations ?? MIGRATIONS);
      } finally {
        client.release();
      }
    } catch (err) {
      await pool.end();
      throw explainPgError(err, location);
    }
    return new PostgresStore(pool, location);
  }

  private async tx<T>(f: (q: Query) => Promise<T>): Promise<T> {
    let client: PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw explainPgError(err, this.location);
    }
    const q: Query = async (sql, args) => (await client.query(sql, args)).rows as Row[];
    try {
      await client.query('BEGIN');
      const result = await f(q);
      await client.query('COMMIT');
      client.release();
      return result;
    } catch (err) {
      // A failed ROLLBACK means the connection is broken: destroy it rather than pool it.
      await client.query('ROLLBACK').then(
        () => client.release(),
        (rollbackErr: Error) => client.release(rollbackErr),
      );
      throw explainPgError(err, this.location);
    }
  }

  private async requireRun(q: Query, runId: string): Promise<void> {
    if ((await q('SELECT 1 FROM runs WHERE id = $1', [runId])).length === 0)
      throw unknownRun(runId, this.location);
  }

  private async runIn(q: Query, runId: string): Promise<Run> {
    const rows = await q(`SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} WHERE r.id = $1`, [runId]);
    if (rows.length === 0) throw unknownRun(runId, this.location);
    return toRun(rows[0]);
  }

  private async experimentIn(q: Query, name: string): Promise<Experiment> {
    checkName('experiment name', name, this.location);
    await q('INSERT INTO experiments (name, created) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING', [
      name,
      Date.now(),
    ]);
    const [r] = await q('SELECT id, name, created FROM experiments WHERE name = $1', [name]);
    return toExperiment(r);
  }

  async getOrCreateExperiment(name: string): Promise<Experiment> {
    return this.tx((q) => this.experimentIn(q, name));
  }

  async listExperiments(): Promise<Experiment[]> {
    const rows = await this.tx((q) => q('SELECT id, name, created FROM experiments ORDER BY name'));
    return rows.map(toExperiment);
  }

  async createRun(input: NewRun): Promise<Run> {
    const { id, values } = newRunValues(input, this.location, Date.now());
    return this.tx(async (q) => {
      const exp = await this.experimentIn(q, input.experiment);
      if (input.resumedFrom) await this.requireRun(q, input.resumedFrom);
      await q(
        `INSERT INTO runs (${RUN_INSERT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [id, exp.id, ...values],
      );
      return this.runIn(q, id);
    });
  }

  async updateRun(runId: string, update: RunUpdate): Promise<Run> {
    return this.tx(async (q) => {
      const run = await this.runIn(q, runId);
      const r = resolveRunUpdate(run, update, this.location, Date.now());
      await q('UPDATE runs SET status = $1, end_time = $2, error = $3, last_step = $4 WHERE id = $5', [
        r.status,
        r.endTime,
        r.error,
        r.lastStep,
        runId,
      ]);
      return this.runIn(q, runId);
    });
  }

  async heartbeat(runId: string, lastStep: number | null = null): Promise<void> {
    checkStep(lastStep, this.location);
    const rows = await this.tx((q) =>
      // SET expressions see the old row, so end_time and error test the old status.
      q(
        `UPDATE runs SET heartbeat_at = $1, last_step = COALESCE($2, last_step),
           end_time = CASE WHEN status = 'crashed' THEN NULL ELSE end_time END,
           error = CASE WHEN status = 'crashed' THEN NULL ELSE error END,
           status = CASE WHEN status = 'crashed' THEN 'running' ELSE status END
         WHERE id = $3 RETURNING id`,
        [Date.now(), lastStep, runId],
      ),
    );
    if (rows.length === 0) throw unknownRun(runId, this.location);
  }

  async markStaleRuns(options: StaleRunOptions = {}): Promise<Run[]> {
    const { cutoff, now } = staleCutoff(options, this.location);
    return this.tx(async (q) => {
      // FOR UPDATE: two processes sweeping at once mark each run once, with one message.
      const stale = await q(
        `SELECT id, heartbeat_at FROM runs WHERE status = 'running' AND heartbeat_at < $1 ORDER BY id FOR UPDATE`,
        [cutoff],
      );
      const out: Run[] = [];
      for (const r of stale) {
        await q(
          `UPDATE runs SET status = 'crashed', end_time = heartbeat_at, error = $1
           WHERE id = $2 AND status = 'running' AND heartbeat_at < $3`,
          [staleRunMessage(Number(r.heartbeat_at), now), r.id, cutoff],
        );
        out.push(await this.runIn(q, String(r.id)));
      }
      return out;
    });
  }

  async getRun(runId: string): Promise<RunDetail> {
    return this.tx(async (q) => {
      const run = await this.runIn(q, runId);
      const params: Record<string, string> = {};
      for (const r of await q('SELECT key, value FROM params WHERE run_id = $1 ORDER BY key', [runId])) {
        params[String(r.key)] = String(r.value);
      }
      const metrics: Record<string, MetricPoint> = {};
      const latest = await q(
        `SELECT key, step, value, time FROM (
           SELECT key, step, value, time, ROW_NUMBER() OVER (PARTITION BY key ORDER BY step DESC, id DESC) AS rn
           FROM metrics WHERE run_id = $1) latest WHERE rn = 1 ORDER BY key`,
        [runId],
      );
      for (const r of latest) metrics[String(r.key)] = toMetric(r);
      return { ...run, params, metrics };
    });
  }

  async listRuns(options: ListRunsOptions = {}): Promise<Run[]> {
    const { sql, args } = listRunsQuery(options, this.location, (n) => `$${n}`);
    return (await this.tx((q) => q(sql, args))).map(toRun);
  }

  async logParams(runId: string, params: Readonly<Record<string, ParamValue>>): Promise<void> {
    const entries = paramEntries(params, this.location);
    await this.tx(async (q) => {
      await this.requireRun(q, runId);
      if (entries.length === 0) return;
      await q(
        `INSERT INTO params (run_id, key, value) SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS u(k, v)
         ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value`,
        [runId, entries.map((e) => e[0]), entries.map((e) => e[1])],
      );
    });
  }

  async logMetrics(runId: string, points: readonly MetricInput[]): Promise<void> {
    const checked = checkMetrics(points, this.location, Date.now());
    await this.tx(async (q) => {
      await this.requireRun(q, runId);
      if (checked.length === 0) return;
      // One statement whatever the batch size (no 65 535-parameter limit); unnest keeps array order.
      await q(
        `INSERT INTO metrics (run_id, key, step, value, time)
         SELECT $1, k, s, v, t FROM unnest($2::text[], $3::bigint[], $4::float8[], $5::bigint[]) WITH ORDINALITY AS u(k, s, v, t, i)
         ORDER BY i`,
        [
          runId,
          checked.map((p) => p.key),
          checked.map((p) => p.step),
          checked.map((p) => p.value),
          checked.map((p) => p.time),
        ],
      );
    });
  }

  async getMetricSeries(runId: string, key: string): Promise<MetricPoint[]> {
    const rows = await this.tx(async (q) => {
      await this.requireRun(q, runId);
      return q(
        'SELECT key, step, value, time FROM metrics WHERE run_id = $1 AND key = $2 ORDER BY step, id',
        [runId, key],
      );
    });
    return rows.map(toMetric);
  }

  async logArtifact(a: Artifact): Promise<void> {
    checkArtifact(a, this.location);
    await this.tx(async (q) => {
      await this.requireRun(q, a.runId);
      await q(
        `INSERT INTO artifacts (run_id, path, kind, sha256, bytes) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, sha256 = excluded.sha256, bytes = excluded.bytes`,
        [a.runId, a.path, a.kind, a.sha256, a.bytes],
      );
    });
  }

  async listArtifacts(runId: string): Promise<Artifact[]> {
    const rows = await this.tx(async (q) => {
      await this.requireRun(q, runId);
      return q('SELECT run_id, path, kind, sha256, bytes FROM artifacts WHERE run_id = $1 ORDER BY path', [
        runId,
      ]);
    });
    return rows.map(toArtifact);
  }

  private async versionIn(q: Query, name: string, version: number): Promise<ModelVersion> {
    const rows = await q(
      'SELECT name, version, run_id, artifact_path, created FROM model_versions WHERE name = $1 AND version = $2',
      [name, version],
    );
    if (rows.length === 0) throw unknownModel(name, `version ${version}`, this.location);
    return toModelVersion(
      rows[0],
      await q('SELECT alias, version FROM model_aliases WHERE name = $1', [name]),
    );
  }

  async registerModel(input: NewModelVersion): Promise<ModelVersion> {
    checkName('model name', input.name, this.location);
    checkName('artifact path', input.artifactPath, this.location);
    return this.tx(async (q) => {
      await this.requireRun(q, input.runId);
      const [r] = await q(
        `INSERT INTO models (name, last_version) VALUES ($1, 1)
         ON CONFLICT (name) DO UPDATE SET last_version = models.last_version + 1 RETURNING last_version`,
        [input.name],
      );
      const version = Number(r.last_version);
      await q(
        'INSERT INTO model_versions (name, version, run_id, artifact_path, created) VALUES ($1, $2, $3, $4, $5)',
        [input.name, version, input.runId, input.artifactPath, Date.now()],
      );
      return this.versionIn(q, input.name, version);
    });
  }

  async setAlias(name: string, alias: string, version: number): Promise<void> {
    checkAlias(alias, this.location);
    checkVersion(version, this.location);
    await this.tx(async (q) => {
      await this.versionIn(q, name, version);
      await q(
        `INSERT INTO model_aliases (name, alias, version) VALUES ($1, $2, $3)
         ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version`,
        [name, alias, version],
      );
    });
  }

  async getModelVersion(name: string, versionOrAlias: number | string): Promise<ModelVersion> {
    if (typeof versionOrAlias === 'number') checkVersion(versionOrAlias, this.location);
    return this.tx(async (q) => {
      if (typeof versionOrAlias === 'number') return this.versionIn(q, name, versionOrAlias);
      const rows = await q('SELECT version FROM model_aliases WHERE name = $1 AND alias = $2', [
        name,
        versionOrAlias,
      ]);
      if (rows.length === 0)
        throw unknownModel(name, `alias ${JSON.stringify(versionOrAlias)}`, this.location);
      return this.versionIn(q, name, Number(rows[0].version));
    });
  }

  async listModelVersions(name: string): Promise<ModelVersion[]> {
    return this.tx(async (q) => {
      const aliases = await q('SELECT alias, version FROM model_aliases WHERE name = $1', [name]);
      const rows = await q(
        'SELECT name, version, run_id, artifact_path, created FROM model_versions WHERE name = $1 ORDER BY version',
        [name],
      );
      return rows.map((r) => toModelVersion(r, aliases));
    });
  }

  async listModels(): Promise<RegisteredModel[]> {
    return this.tx(async (q) =>
      toRegisteredModels(
        await q(
          'SELECT name, version, run_id, artifact_path, created FROM model_versions ORDER BY name, version',
        ),
        await q('SELECT name, alias, version FROM model_aliases'),
      ),
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }
}
