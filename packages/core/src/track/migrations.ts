/**
 * Schema migrations for the tracking store, shared by SQLite and PostgreSQL.
 *
 * Migrations are numbered from 1 and only ever appended: a released migration is
 * never edited, because databases in the field already ran it. Each store applies
 * the pending ones inside one transaction when it opens, and records each in
 * `schema_migrations`. The two dialects differ only in column types and identity
 * columns, so each migration carries the SQL for both.
 */
import { FrontierError } from '../util/errors.ts';

/** The SQL dialects the store speaks. */
export type Dialect = 'sqlite' | 'postgres';

/** One schema step: statements per dialect, run in order inside the opening transaction. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: Readonly<Record<Dialect, readonly string[]>>;
}

// Types that differ between the dialects. Times are epoch ms (BIGINT in PostgreSQL,
// INTEGER is already 64-bit in SQLite).
const T = {
  sqlite: { id: 'INTEGER PRIMARY KEY AUTOINCREMENT', int: 'INTEGER', real: 'REAL' },
  postgres: {
    id: 'BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY',
    int: 'BIGINT',
    real: 'DOUBLE PRECISION',
  },
} as const;

function runsSchema(d: Dialect): string[] {
  const t = T[d];
  return [
    `CREATE TABLE experiments (
       id ${t.id},
       name TEXT NOT NULL UNIQUE,
       created ${t.int} NOT NULL)`,
    `CREATE TABLE runs (
       id TEXT PRIMARY KEY,
       experiment_id ${t.int} NOT NULL REFERENCES experiments(id),
       name TEXT NOT NULL,
       status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed', 'killed')),
       start_time ${t.int} NOT NULL,
       end_time ${t.int},
       git_sha TEXT,
       config TEXT NOT NULL,
       seed ${t.int},
       versions TEXT NOT NULL,
       host TEXT)`,
    `CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time)`,
    `CREATE TABLE params (
       run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
       key TEXT NOT NULL,
       value TEXT NOT NULL,
       PRIMARY KEY (run_id, key))`,
    // `id` keeps logging order, which breaks ties between points of the same step.
    `CREATE TABLE metrics (
       id ${t.id},
       run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
       key TEXT NOT NULL,
       step ${t.int} NOT NULL,
       value ${t.real} NOT NULL,
       time ${t.int} NOT NULL)`,
    `CREATE INDEX metrics_by_series ON metrics (run_id, key, step)`,
    `CREATE TABLE artifacts (
       run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
       path TEXT NOT NULL,
       kind TEXT NOT NULL,
       sha256 TEXT NOT NULL,
       bytes ${t.int} NOT NULL,
       PRIMARY KEY (run_id, path))`,
  ];
}

function registrySchema(d: Dialect): string[] {
  const t = T[d];
  return [
    // last_version is the per-name counter: an upsert on this row both allocates the
    // next version and locks the name until the transaction ends.
    `CREATE TABLE models (
       name TEXT PRIMARY KEY,
       last_version ${t.int} NOT NULL)`,
    `CREATE TABLE model_versions (
       name TEXT NOT NULL REFERENCES models(name),
       version ${t.int} NOT NULL,
       run_id TEXT NOT NULL REFERENCES runs(id),
       artifact_path TEXT NOT NULL,
       created ${t.int} NOT NULL,
       PRIMARY KEY (name, version))`,
    `CREATE TABLE model_aliases (
       name TEXT NOT NULL,
       alias TEXT NOT NULL,
       version ${t.int} NOT NULL,
       PRIMARY KEY (name, alias),
       FOREIGN KEY (name, version) REFERENCES model_versions(name, version))`,
  ];
}

// The liveness columns. Kept outside migration 3's body so the SQLite rebuild and
// the PostgreSQL ALTERs cannot drift apart.
const LIVENESS_COLUMNS = [
  ['heartbeat_at', 'int'], // epoch ms of the last heartbeat; null: never supervised
  ['last_step', 'int'], // the last step the process reported
  ['error', 'text'], // why a run failed, crashed or was killed, secrets redacted
  ['resumed_from', 'text'], // id of the run this one resumes
] as const;
const STATUS_CHECK = "status IN ('running', 'finished', 'failed', 'killed', 'crashed')";

function livenessSchema(d: Dialect): string[] {
  const type = (k: 'int' | 'text') => (k === 'int' ? T[d].int : 'TEXT');
  if (d === 'postgres') {
    return [
      ...LIVENESS_COLUMNS.map(([c, k]) => `ALTER TABLE runs ADD COLUMN ${c} ${type(k)}`),
      // PostgreSQL names an unnamed column CHECK <table>_<column>_check.
      'ALTER TABLE runs DROP CONSTRAINT runs_status_check',
      `ALTER TABLE runs ADD CONSTRAINT runs_status_check CHECK (${STATUS_CHECK})`,
      `CREATE INDEX runs_by_status ON runs (status, heartbeat_at)`,
    ];
  }
  // SQLite cannot alter a CHECK constraint: rebuild the table (its documented
  // procedure; migrateSqlite turns foreign keys off around it so nothing cascades).
  const old = 'id, experiment_id, name, status, start_time, end_time, git_sha, config, seed, versions, host';
  return [
    `CREATE TABLE runs_v3 (
       id TEXT PRIMARY KEY,
       experiment_id INTEGER NOT NULL REFERENCES experiments(id),
       name TEXT NOT NULL,
       status TEXT NOT NULL CHECK (${STATUS_CHECK}),
       start_time INTEGER NOT NULL,
       end_time INTEGER,
       git_sha TEXT,
       config TEXT NOT NULL,
       seed INTEGER,
       versions TEXT NOT NULL,
       host TEXT,
       ${LIVENESS_COLUMNS.map(([c, k]) => `${c} ${type(k)}`).join(',\n       ')})`,
    `INSERT INTO runs_v3 (${old}) SELECT ${old} FROM runs`,
    'DROP TABLE runs',
    'ALTER TABLE runs_v3 RENAME TO runs',
    'CREATE INDEX runs_by_experiment ON runs (experiment_id, start_time)',
    'CREATE INDEX runs_by_status ON runs (status, heartbeat_at)',
  ];
}

/** Every migration, ascending by version. Append only. */
export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'experiments, runs, params, metrics, artifacts', sql: both(runsSchema) },
  { version: 2, name: 'model registry', sql: both(registrySchema) },
  {
    version: 3,
    name: 'run liveness: heartbeat, last step, error, resumed_from, crashed status',
    sql: both(livenessSchema),
  },
];

/** The schema version this code writes. */
export const LATEST_SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1].version;

/** DDL for the bookkeeping table; the same in both dialects. */
export const SCHEMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  applied_at BIGINT NOT NULL)`;

function both(f: (d: Dialect) => string[]): Record<Dialect, string[]> {
  return { sqlite: f('sqlite'), postgres: f('postgres') };
}

/**
 * The migrations to run on a database at `current` (0 for an empty one).
 * Throws `TRACK_SCHEMA_TOO_NEW` when the database was written by newer code,
 * because running old code against a newer schema could corrupt it.
 */
export function pendingMigrations(
  current: number,
  where: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Migration[] {
  const known = migrations.length === 0 ? 0 : migrations[migrations.length - 1].version;
  if (current > known) {
    throw new FrontierError(
      'TRACK_SCHEMA_TOO_NEW',
      `tracking database has schema version ${current}, but this Frontier only knows versions up to ${known}`,
      { where, hint: 'upgrade Frontier, or point FRONTIER_TRACKING_URL at a different tracking database' },
    );
  }
  return migrations.filter((m) => m.version > current);
}
