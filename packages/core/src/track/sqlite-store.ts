/**
 * The embedded tracking store: one SQLite file via better-sqlite3.
 *
 * WAL lets readers run beside one writer; busy_timeout makes writers from other
 * processes wait for the lock instead of failing; every write is one BEGIN IMMEDIATE
 * transaction, which takes the write lock up front so two writers never deadlock
 * upgrading a read lock, and makes model-version allocation race-free across processes.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { FrontierError } from '../util/errors.ts';
import { redactError } from './redact.ts';
import { pendingMigrations, SCHEMA_MIGRATIONS_DDL, MIGRATIONS, type Migration } from './migrations.ts';
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

// Prepared on first use: a database opened with only some migrations (tests) lacks later tables.
const SQL = {
  insertExperiment: 'INSERT INTO experiments (name, created) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
  experimentByName: 'SELECT id, name, created FROM experiments WHERE name = ?',
  experiments: 'SELECT id, name, created FROM experiments ORDER BY name',
  insertRun: `INSERT INTO runs (${RUN_INSERT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  runExists: 'SELECT 1 AS one FROM runs WHERE id = ?',
  run: `SELECT ${RUN_COLUMNS} FROM ${RUN_FROM} WHERE r.id = ?`,
  updateRun: 'UPDATE runs SET status = ?, end_time = ?, error = ?, last_step = ? WHERE id = ?',
  // SET expressions see the old row, so end_time and error test the old status.
  heartbeat: `UPDATE runs SET heartbeat_at = ?, last_step = COALESCE(?, last_step),
                end_time = CASE WHEN status = 'crashed' THEN NULL ELSE end_time END,
                error = CASE WHEN status = 'crashed' THEN NULL ELSE error END,
                status = CASE WHEN status = 'crashed' THEN 'running' ELSE status END
              WHERE id = ?`,
  staleRuns: `SELECT id, heartbeat_at FROM runs WHERE status = 'running' AND heartbeat_at < ? ORDER BY id`,
  markCrashed: `UPDATE runs SET status = 'crashed', end_time = heartbeat_at, error = ?
                WHERE id = ? AND status = 'running' AND heartbeat_at < ?`,
  allVersions:
    'SELECT name, version, run_id, artifact_path, created FROM model_versions ORDER BY name, version',
  allAliases: 'SELECT name, alias, version FROM model_aliases',
  params: 'SELECT key, value FROM params WHERE run_id = ? ORDER BY key',
  upsertParam:
    'INSERT INTO params (run_id, key, value) VALUES (?, ?, ?) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value',
  insertMetric: 'INSERT INTO metrics (run_id, key, step, value, time) VALUES (?, ?, ?, ?, ?)',
  latestMetrics: `SELECT key, step, value, time FROM (
                      SELECT key, step, value, time,
                             ROW_NUMBER() OVER (PARTITION BY key ORDER BY step DESC, id DESC) AS rn
                      FROM metrics WHERE run_id = ?) WHERE rn = 1 ORDER BY key`,
  series: 'SELECT key, step, value, time FROM metrics WHERE run_id = ? AND key = ? ORDER BY step, id',
  upsertArtifact: `INSERT INTO artifacts (run_id, path, kind, sha256, bytes) VALUES (?, ?, ?, ?, ?)
                     ON CONFLICT (run_id, path) DO UPDATE SET kind = excluded.kind, sha256 = excluded.sha256, bytes = excluded.bytes`,
  artifacts: 'SELECT run_id, path, kind, sha256, bytes FROM artifacts WHERE run_id = ? ORDER BY path',
  nextVersion: `INSERT INTO models (name, last_version) VALUES (?, 1)
                  ON CONFLICT (name) DO UPDATE SET last_version = models.last_version + 1 RETURNING last_version`,
  insertVersion:
    'INSERT INTO model_versions (name, version, run_id, artifact_path, created) VALUES (?, ?, ?, ?, ?)',
  version:
    'SELECT name, version, run_id, artifact_path, created FROM model_versions WHERE name = ? AND version = ?',
  versions:
    'SELECT name, version, run_id, artifact_path, created FROM model_versions WHERE name = ? ORDER BY version',
  aliases: 'SELECT alias, version FROM model_aliases WHERE name = ?',
  aliasVersion: 'SELECT version FROM model_aliases WHERE name = ? AND alias = ?',
  upsertAlias: `INSERT INTO model_aliases (name, alias, version) VALUES (?, ?, ?)
                  ON CONFLICT (name, alias) DO UPDATE SET version = excluded.version`,
} as const;

/** Options for {@link SqliteStore.open}. */
export interface SqliteStoreOptions {
  /** How long a writer waits for another process's lock, in ms. Default 10 000. */
  readonly busyTimeoutMs?: number;
  /** Migrations to apply; tests pass a prefix to build an older database. Default: all. */
  readonly migrations?: readonly Migration[];
}

/**
 * Applies pending migrations to an open database in one BEGIN IMMEDIATE transaction
 * and returns the resulting schema version. Throws `TRACK_SCHEMA_TOO_NEW` for a
 * database written by newer code.
 */
export function migrateSqlite(
  db: Database.Database,
  where: string,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  // A migration may rebuild a table (SQLite's way to change a constraint). With
  // foreign keys on, dropping the old table would cascade-delete every child row,
  // so they are off during migration (the pragma is a no-op inside a transaction)
  // and checked before commit.
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) === 1;
  if (foreignKeys) db.pragma('foreign_keys = OFF');
  try {
    return migrateSqliteTx(db, where, migrations);
  } finally {
    if (foreignKeys) db.pragma('foreign_keys = ON');
  }
}

function migrateSqliteTx(db: Database.Database, where: string, migrations: readonly Migration[]): number {
  const run = db.transaction(() => {
    db.exec(SCHEMA_MIGRATIONS_DDL);
    const row = db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as { v: number | null };
    const current = row.v ?? 0;
    const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
    let version = current;
    for (const m of pendingMigrations(current, where, migrations)) {
      for (const sql of m.sql.sqlite) db.exec(sql);
      record.run(m.version, m.name, Date.now());
      version = m.version;
    }
    const broken = db.pragma('foreign_key_check') as unknown[];
    if (broken.length > 0) {
      throw new FrontierError(
        'TRACK_DB_INVALID',
        `migrating the tracking database left ${broken.length} row(s) with a dangling reference`,
        { where, hint: 'the database was inconsistent before migrating; restore a backup or move it aside' },
      );
    }
    return version;
  });
  return run.immediate();
}

/** Turns driver errors into FrontierErrors that say what to do; anything else passes through. */
function explain(err: unknown, where: string): unknown {
  if (err instanceof FrontierError || !(err instanceof Error)) return err;
  const code = (err as { code?: unknown }).code;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED') {
    return new FrontierError('TRACK_DB_LOCKED', 'tracking database stayed locked by another process', {
      where,
      hint: 'another process held the write lock past the busy timeout; wait for it, or raise busyTimeoutMs',
      cause: err,
    });
  }
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new FrontierError('TRACK_DB_INVALID', `not a usable SQLite tracking database: ${err.message}`, {
      where,
      hint: 'point FRONTIER_TRACKING_URL at a tracking database, or move this file aside',
      cause: err,
    });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM') {
    return new FrontierError(
      'TRACK_DB_UNREACHABLE',
      `cannot open the tracking database for writing: ${err.message}`,
      {
        where,
        hint: 'check the folder exists and is writable, or set FRONTIER_TRACKING_URL to another path',
        cause: err,
      },
    );
  }
  return err;
}

/** A {@link TrackingStore} over one SQLite file. Create with {@link SqliteStore.open}. */
export class SqliteStore implements TrackingStore {
  readonly location: string;
  private readonly db: Database.Database;
  private readonly prepared = new Map<keyof typeof SQL, Database.Statement>();

  private constructor(db: Database.Database, location: string) {
    this.db = db;
    this.location = location;
  }

  /**
   * Opens (creating folders and file as needed) and migrates the database at `path`.
   * `:memory:` gives a private in-memory store.
   */
  static open(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    const memory = path === ':memory:';
    const location = memory ? path : resolve(path);
    try {
      if (!memory) mkdirSync(dirname(location), { recursive: true });
      const db = new Database(location);
      try {
        // busy_timeout first: switching to WAL itself needs the lock when another process is opening too.
        db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 10_000}`);
        db.pragma('journal_mode = WAL');
        db.pragma('foreign_keys = ON');
        migrateSqlite(db, location, options.migrations ?? MIGRATIONS);
        return new SqliteStore(db, location);
      } catch (err) {
        db.close();
        throw err;
      }
    } catch (err) {
      throw redactError(explain(err, location));
    }
  }

  private st(name: keyof typeof SQL): Database.Statement {
    let s = this.prepared.get(name);
    if (s === undefined) this.prepared.set(name, (s = this.db.prepare(SQL[name])));
    return s;
  }

  private guard<T>(f: () => T): Promise<T> {
    try {
      return Promise.resolve(f());
    } catch (err) {
      return Promise.reject(redactError(explain(err, this.location)));
    }
  }

  private requireRun(runId: string): void {
    if (this.st('runExists').get(runId) === undefined) throw unknownRun(runId, this.location);
  }

  private experimentSync(name: string): Experiment {
    checkName('experiment name', name, this.location);
    this.st('insertExperiment').run(name, Date.now());
    const row = this.st('experimentByName').get(name) as Row;
    return toExperiment(row);
  }

  private runSync(runId: string): Run {
    const row = this.st('run').get(runId) as Row | undefined;
    if (row === undefined) throw unknownRun(runId, this.location);
    return toRun(row);
  }

  getOrCreateExperiment(name: string): Promise<Experiment> {
    return this.guard(() => this.db.transaction(() => this.experimentSync(name)).immediate());
  }

  listExperiments(): Promise<Experiment[]> {
    return this.guard(() => (this.st('experiments').all() as Row[]).map(toExperiment));
  }

  createRun(input: NewRun): Promise<Run> {
    return this.guard(() => {
      const { id, values } = newRunValues(input, this.location, Date.now());
      this.db
        .transaction(() => {
          if (input.resumedFrom) this.requireRun(input.resumedFrom);
          const exp = this.experimentSync(input.experiment);
          this.st('insertRun').run(id, exp.id, ...values);
        })
        .immediate();
      return this.runSync(id);
    });
  }

  updateRun(runId: string, update: RunUpdate): Promise<Run> {
    return this.guard(() =>
      this.db
        .transaction(() => {
          const run = this.runSync(runId);
          const r = resolveRunUpdate(run, update, this.location, Date.now());
          this.st('updateRun').run(r.status, r.endTime, r.error, r.lastStep, runId);
          return this.runSync(runId);
        })
        .immediate(),
    );
  }

  heartbeat(runId: string, lastStep: number | null = null): Promise<void> {
    return this.guard(() => {
      checkStep(lastStep, this.location);
      const { changes } = this.st('heartbeat').run(Date.now(), lastStep, runId);
      if (changes === 0) throw unknownRun(runId, this.location);
    });
  }

  markStaleRuns(options: StaleRunOptions = {}): Promise<Run[]> {
    return this.guard(() => {
      const { cutoff, now } = staleCutoff(options, this.location);
      return this.db
        .transaction(() => {
          const stale = this.st('staleRuns').all(cutoff) as Row[];
          for (const r of stale) {
            const message = staleRunMessage(Number(r.heartbeat_at), now);
            this.st('markCrashed').run(message, r.id, cutoff);
          }
          return stale.map((r) => this.runSync(String(r.id)));
        })
        .immediate();
    });
  }

  getRun(runId: string): Promise<RunDetail> {
    return this.guard(() =>
      this.db.transaction(() => {
        const run = this.runSync(runId);
        const params: Record<string, string> = {};
        for (const r of this.st('params').all(runId) as Row[]) params[String(r.key)] = String(r.value);
        const metrics: Record<string, MetricPoint> = {};
        for (const r of this.st('latestMetrics').all(runId) as Row[]) metrics[String(r.key)] = toMetric(r);
        return { ...run, params, metrics };
      })(),
    );
  }

  listRuns(options: ListRunsOptions = {}): Promise<Run[]> {
    return this.guard(() => {
      const { sql, args } = listRunsQuery(options, this.location, () => '?');
      return (this.db.prepare(sql).all(...args) as Row[]).map(toRun);
    });
  }

  logParams(runId: string, params: Readonly<Record<string, ParamValue>>): Promise<void> {
    return this.guard(() => {
      const entries = paramEntries(params, this.location);
      this.db
        .transaction(() => {
          this.requireRun(runId);
          for (const [k, v] of entries) this.st('upsertParam').run(runId, k, v);
        })
        .immediate();
    });
  }

  logMetrics(runId: string, points: readonly MetricInput[]): Promise<void> {
    return this.guard(() => {
      const checked = checkMetrics(points, this.location, Date.now());
      this.db
        .transaction(() => {
          this.requireRun(runId);
          for (const p of checked) this.st('insertMetric').run(runId, p.key, p.step, p.value, p.time);
        })
        .immediate();
    });
  }

  getMetricSeries(runId: string, key: string): Promise<MetricPoint[]> {
    return this.guard(() =>
      this.db.transaction(() => {
        this.requireRun(runId);
        return (this.st('series').all(runId, key) as Row[]).map(toMetric);
      })(),
    );
  }

  logArtifact(artifact: Artifact): Promise<void> {
    return this.guard(() => {
      checkArtifact(artifact, this.location);
      const a = artifact;
      this.db
        .transaction(() => {
          this.requireRun(a.runId);
          this.st('upsertArtifact').run(a.runId, a.path, a.kind, a.sha256, a.bytes);
        })
        .immediate();
    });
  }

  listArtifacts(runId: string): Promise<Artifact[]> {
    return this.guard(() =>
      this.db.transaction(() => {
        this.requireRun(runId);
        return (this.st('artifacts').all(runId) as Row[]).map(toArtifact);
      })(),
    );
  }

  registerModel(input: NewModelVersion): Promise<ModelVersion> {
    return this.guard(() => {
      checkName('model name', input.name, this.location);
      checkName('artifact path', input.artifactPath, this.location);
      return this.db
        .transaction(() => {
          this.requireRun(input.runId);
          const { last_version } = this.st('nextVersion').get(input.name) as { last_version: number };
          this.st('insertVersion').run(input.name, last_version, input.runId, input.artifactPath, Date.now());
          return this.versionSync(input.name, last_version);
        })
        .immediate();
    });
  }

  private versionSync(name: string, version: number): ModelVersion {
    const row = this.st('version').get(name, version) as Row | undefined;
    if (row === undefined) throw unknownModel(name, `version ${version}`, this.location);
    return toModelVersion(row, this.st('aliases').all(name) as Row[]);
  }

  setAlias(name: string, alias: string, version: number): Promise<void> {
    return this.guard(() => {
      checkAlias(alias, this.location);
      checkVersion(version, this.location);
      this.db
        .transaction(() => {
          this.versionSync(name, version);
          this.st('upsertAlias').run(name, alias, version);
        })
        .immediate();
    });
  }

  getModelVersion(name: string, versionOrAlias: number | string): Promise<ModelVersion> {
    return this.guard(() =>
      this.db.transaction(() => {
        if (typeof versionOrAlias === 'number') {
          checkVersion(versionOrAlias, this.location);
          return this.versionSync(name, versionOrAlias);
        }
        const row = this.st('aliasVersion').get(name, versionOrAlias) as Row | undefined;
        if (row === undefined)
          throw unknownModel(name, `alias ${JSON.stringify(versionOrAlias)}`, this.location);
        return this.versionSync(name, Number(row.version));
      })(),
    );
  }

  listModelVersions(name: string): Promise<ModelVersion[]> {
    return this.guard(() =>
      this.db.transaction(() => {
        const aliases = this.st('aliases').all(name) as Row[];
        return (this.st('versions').all(name) as Row[]).map((r) => toModelVersion(r, aliases));
      })(),
    );
  }

  listModels(): Promise<RegisteredModel[]> {
    return this.guard(() =>
      this.db.transaction(() =>
        toRegisteredModels(this.st('allVersions').all() as Row[], this.st('allAliases').all() as Row[]),
      )(),
    );
  }

  close(): Promise<void> {
    return this.guard(() => {
      if (this.db.open) this.db.close();
    });
  }
}
