/**
 * What both store implementations share: input validation, run ids, the SQL that
 * is identical in both dialects, and turning database rows into records. Rows come
 * back with the same column names from either driver; PostgreSQL returns BIGINT as
 * text, hence the `Number(...)` conversions.
 */
import { randomBytes } from 'node:crypto';
import { FrontierError } from '../util/errors.ts';
import { redactSecrets, redactValue } from './redact.ts';
import {
  RUN_STATUSES,
  type Artifact,
  type ListRunsOptions,
  type MetricInput,
  type NewRun,
  type MetricPoint,
  type ModelVersion,
  type ParamValue,
  type Run,
  type RunStatus,
  type RunUpdate,
  type Experiment,
  type RegisteredModel,
  type StaleRunOptions,
  type Versions,
  DEFAULT_STALE_AFTER_MS,
} from './store.ts';

/** `YYYYMMDD-HHMMSS-xxxxxx` in UTC with 24 random bits: sorts by start second. */
export function newRunId(now: number = Date.now()): string {
  const iso = new Date(now).toISOString(); // 2026-11-29T16:30:12.345Z
  const stamp = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}-${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}`;
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** Run columns with an experiment join; both dialects accept it verbatim. */
export const RUN_COLUMNS = `r.id, r.experiment_id, e.name AS experiment, r.name, r.status, r.start_time,
  r.end_time, r.git_sha, r.config, r.seed, r.versions, r.host, r.heartbeat_at, r.last_step, r.error,
  r.resumed_from`;
/** The FROM clause matching {@link RUN_COLUMNS}. */
export const RUN_FROM = 'runs r JOIN experiments e ON e.id = r.experiment_id';

type Row = Record<string, unknown>;

/**
 * The listRuns query, newest first. `param(n)` renders the n-th (1-based) placeholder:
 * `?` for SQLite, `$n` for PostgreSQL.
 */
export function listRunsQuery(
  options: ListRunsOptions,
  where: string,
  param: (n: number) => string,
): { sql: string; args: unknown[] } {
  checkLimit(options.limit, where);
  const conds: string[] = [];
  const args: unknown[] = [];
  const add = (column: string, value: unknown) => {
    args.push(value);
    conds.push(`${column} = ${param(args.length)}`);
  };
  if (options.experiment !== undefined) add('e.name', options.experiment);
  if (options.status !== undefined) add('r.status', checkStatus(options.status, where));
  let sql = `SELECT ${RUN_COLUMNS} FROM ${RUN_FROM}${conds.length ? ` WHERE ${conds.join(' AND ')}` : ''}
    ORDER BY r.start_time DESC, r.id DESC`;
  if (options.limit !== undefined) {
    args.push(options.limit);
    sql += ` LIMIT ${param(args.length)}`;
  }
  return { sql, args };
}

const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** A `runs` row (with the experiment name joined) as a {@link Run}; parses the JSON columns. */
export function toRun(row: Row): Run {
  return {
    id: String(row.id),
    experimentId: Number(row.experiment_id),
    experiment: String(row.experiment),
    name: String(row.name),
    status: row.status as RunStatus,
    startTime: Number(row.start_time),
    endTime: numOrNull(row.end_time),
    gitSha: (row.git_sha as string | null) ?? null,
    config: JSON.parse(String(row.config)) as unknown,
    seed: numOrNull(row.seed),
    versions: JSON.parse(String(row.versions)) as Versions,
    host: (row.host as string | null) ?? null,
    heartbeatAt: numOrNull(row.heartbeat_at),
    lastStep: numOrNull(row.last_step),
    error: (row.error as string | null) ?? null,
    resumedFrom: (row.resumed_from as string | null) ?? null,
  };
}

/** An `experiments` row as an {@link Experiment}. */
export function toExperiment(row: Row): Experiment {
  return { id: Number(row.id), name: String(row.name), created: Number(row.created) };
}

/**
 * The status and end time a run has after `update`. A run becoming terminal without
 * an explicit end time ends `now`; an explicit `endTime` (even null) is kept as given.
 */
export function resolveRunUpdate(
  run: Run,
  update: RunUpdate,
  where: string,
  now: number,
): { status: RunStatus; endTime: number | null; error: string | null; lastStep: number | null } {
  const status = update.status === undefined ? run.status : checkStatus(update.status, where);
  if (update.endTime !== undefined && update.endTime !== null && !Number.isSafeInteger(update.endTime)) {
    throw bad(
      'TRACK_BAD_TIME',
      `run end time must be epoch ms, got ${update.endTime}`,
      where,
      'pass Date.now()',
    );
  }
  let endTime = update.endTime === undefined ? run.endTime : update.endTime;
  if (endTime === null && status !== 'running' && update.endTime === undefined) endTime = now;
  const lastStep = update.lastStep === undefined ? run.lastStep : checkStep(update.lastStep, where);
  let error = run.error;
  if (update.error !== undefined) {
    if (update.error !== null && typeof update.error !== 'string') {
      throw bad(
        'TRACK_BAD_ERROR',
        `run error must be a string or null, got ${typeof update.error}`,
        where,
        'pass the error message, e.g. String(err)',
      );
    }
    error = update.error === null ? null : redactSecrets(update.error);
  }
  return { status, endTime, error, lastStep };
}

/** A `metrics` row as a {@link MetricPoint}. */
export function toMetric(row: Row): MetricPoint {
  return { key: String(row.key), step: Number(row.step), value: Number(row.value), time: Number(row.time) };
}

/** An `artifacts` row as an {@link Artifact}. */
export function toArtifact(row: Row): Artifact {
  return {
    runId: String(row.run_id),
    path: String(row.path),
    kind: String(row.kind),
    sha256: String(row.sha256),
    bytes: Number(row.bytes),
  };
}

/** `aliasRows` may hold aliases of other versions; only this version's are kept. */
export function toModelVersion(row: Row, aliasRows: readonly Row[]): ModelVersion {
  const version = Number(row.version);
  return {
    name: String(row.name),
    version,
    runId: String(row.run_id),
    artifactPath: String(row.artifact_path),
    created: Number(row.created),
    aliases: aliasRows
      .filter((a) => Number(a.version) === version)
      .map((a) => String(a.alias))
      .sort(),
  };
}

// ---- validation: every check names the offending value and where it was passed ----

function bad(code: string, message: string, where: string, hint: string): FrontierError {
  return new FrontierError(code, message, { where, hint });
}

/** The `TRACK_UNKNOWN_RUN` error every method throws for a run id the store lacks. */
export function unknownRun(runId: string, location: string): FrontierError {
  return bad(
    'TRACK_UNKNOWN_RUN',
    `no run with id ${JSON.stringify(runId)}`,
    location,
    'list runs with `frontier runs` and check the id',
  );
}

/** Throws `TRACK_BAD_NAME` unless `name` is a non-blank string. */
export function checkName(what: string, name: string, where: string): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw bad(
      'TRACK_BAD_NAME',
      `${what} must be a non-empty string, got ${JSON.stringify(name)}`,
      where,
      `pass a ${what}`,
    );
  }
}

/** Returns `status` as a {@link RunStatus}, or throws `TRACK_BAD_STATUS`. */
export function checkStatus(status: unknown, where: string): RunStatus {
  if (!RUN_STATUSES.includes(status as RunStatus)) {
    throw bad(
      'TRACK_BAD_STATUS',
      `run status must be one of ${RUN_STATUSES.join(', ')}, got ${JSON.stringify(status)}`,
      where,
      'use one of the listed statuses',
    );
  }
  return status as RunStatus;
}

/** Validates points (integer step, finite value, integer time) and fills `time` with `now`; throws `TRACK_BAD_METRIC`. */
export function checkMetrics(points: readonly MetricInput[], where: string, now: number): MetricPoint[] {
  return points.map((p, i) => {
    const at = `${where} point ${i}`;
    checkName('metric key', p.key, at);
    if (!Number.isSafeInteger(p.step)) {
      throw bad(
        'TRACK_BAD_METRIC',
        `metric ${p.key} step must be an integer, got ${p.step}`,
        at,
        'pass an integer step',
      );
    }
    if (typeof p.value !== 'number' || !Number.isFinite(p.value)) {
      throw bad(
        'TRACK_BAD_METRIC',
        `metric ${p.key} at step ${p.step} is ${p.value}, not a finite number`,
        at,
        'training diverged or the value was computed wrongly; mark the run failed instead of logging it',
      );
    }
    const time = p.time ?? now;
    if (!Number.isSafeInteger(time)) {
      throw bad(
        'TRACK_BAD_METRIC',
        `metric ${p.key} time must be epoch ms, got ${time}`,
        at,
        'pass Date.now()',
      );
    }
    return { key: p.key, step: p.step, value: p.value, time };
  });
}

/** Returns `step` if null or an integer, else throws `TRACK_BAD_STEP`. */
export function checkStep(step: number | null, where: string): number | null {
  if (step !== null && !Number.isSafeInteger(step)) {
    throw bad(
      'TRACK_BAD_STEP',
      `run step must be an integer, got ${step}`,
      where,
      'pass the batch or epoch number',
    );
  }
  return step;
}

/**
 * The cutoff and error text for {@link TrackingStore.markStaleRuns}: runs whose
 * heartbeat is older than `cutoff` are stale. Throws `TRACK_BAD_STALE` for a
 * threshold that is not a positive number.
 */
export function staleCutoff(options: StaleRunOptions, where: string): { cutoff: number; now: number } {
  const after = options.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
  if (typeof after !== 'number' || !(after > 0) || !Number.isFinite(after)) {
    throw bad(
      'TRACK_BAD_STALE',
      `staleAfterMs must be a positive number of ms, got ${after}`,
      where,
      `omit it for the default ${DEFAULT_STALE_AFTER_MS} ms`,
    );
  }
  const now = options.now ?? Date.now();
  return { cutoff: Math.floor(now - after), now };
}

/** The error stored on a run found stale. */
export function staleRunMessage(heartbeatAt: number, now: number): string {
  return `no heartbeat for ${Math.round((now - heartbeatAt) / 1000)} s (last at ${new Date(heartbeatAt).toISOString()}): the process ended without closing the run (killed with SIGKILL, crashed or lost power)`;
}

/** Versions and aliases of every model (rows ordered by name, version) grouped per name. */
export function toRegisteredModels(
  versionRows: readonly Row[],
  aliasRows: readonly Row[],
): RegisteredModel[] {
  const byName = new Map<string, Row[]>();
  for (const a of aliasRows) {
    const list = byName.get(String(a.name)) ?? [];
    list.push(a);
    byName.set(String(a.name), list);
  }
  const models = new Map<string, { versions: ModelVersion[]; aliases: Record<string, number> }>();
  for (const r of versionRows) {
    const name = String(r.name);
    let m = models.get(name);
    if (m === undefined) {
      const aliases: Record<string, number> = {};
      const own = [...(byName.get(name) ?? [])].sort((x, y) =>
        String(x.alias).localeCompare(String(y.alias)),
      );
      for (const a of own) aliases[String(a.alias)] = Number(a.version);
      models.set(name, (m = { versions: [], aliases }));
    }
    m.versions.push(toModelVersion(r, byName.get(name) ?? []));
  }
  return [...models.entries()].map(([name, m]) => ({ name, ...m }));
}

/** Params as `[key, text]` pairs, secrets redacted; throws `TRACK_BAD_PARAM` for values that are not string, number or boolean. */
export function paramEntries(
  params: Readonly<Record<string, ParamValue>>,
  where: string,
): [string, string][] {
  return Object.entries(params).map(([k, v]) => {
    checkName('param key', k, where);
    if (!['string', 'number', 'boolean'].includes(typeof v)) {
      throw bad(
        'TRACK_BAD_PARAM',
        `param ${k} must be a string, number or boolean, got ${typeof v}`,
        where,
        'log JSON in the run config instead',
      );
    }
    return [redactSecrets(k), redactSecrets(String(v))];
  });
}

/** Throws `TRACK_BAD_ARTIFACT` for a blank path/kind, a malformed sha256 or a negative/fractional size. */
export function checkArtifact(a: Artifact, where: string): void {
  checkName('artifact path', a.path, where);
  checkName('artifact kind', a.kind, where);
  if (!/^[0-9a-f]{64}$/.test(a.sha256)) {
    throw bad(
      'TRACK_BAD_ARTIFACT',
      `artifact ${a.path} sha256 must be 64 lower-case hex digits, got ${JSON.stringify(a.sha256)}`,
      where,
      "compute it with createHash('sha256').digest('hex')",
    );
  }
  if (!Number.isSafeInteger(a.bytes) || a.bytes < 0) {
    throw bad(
      'TRACK_BAD_ARTIFACT',
      `artifact ${a.path} bytes must be a non-negative integer, got ${a.bytes}`,
      where,
      'pass the file size from fs.stat',
    );
  }
}

/** Aliases must not look like version numbers, so `name:3` vs `name:production` is never ambiguous. */
export function checkAlias(alias: string, where: string): void {
  if (typeof alias !== 'string' || !/^[A-Za-z][A-Za-z0-9_.-]*$/.test(alias)) {
    throw bad(
      'TRACK_BAD_ALIAS',
      `model alias must start with a letter and use letters, digits, _ . -, got ${JSON.stringify(alias)}`,
      where,
      'use a name like production or staging',
    );
  }
}

/** Throws `TRACK_BAD_VERSION` unless `version` is an integer ≥ 1. */
export function checkVersion(version: number, where: string): void {
  if (!Number.isSafeInteger(version) || version < 1) {
    throw bad(
      'TRACK_BAD_VERSION',
      `model version must be an integer ≥ 1, got ${version}`,
      where,
      'versions start at 1',
    );
  }
}

/** Throws `TRACK_BAD_LIMIT` unless `limit` is undefined or a positive integer. */
export function checkLimit(limit: number | undefined, where: string): void {
  if (limit !== undefined && (!Number.isSafeInteger(limit) || limit < 1)) {
    throw bad(
      'TRACK_BAD_LIMIT',
      `limit must be a positive integer, got ${limit}`,
      where,
      'omit limit to list every run',
    );
  }
}

/** The `TRACK_UNKNOWN_MODEL` error for a missing model name, version or alias. */
export function unknownModel(name: string, what: string, where: string): FrontierError {
  return bad(
    'TRACK_UNKNOWN_MODEL',
    `model ${JSON.stringify(name)} has no ${what}`,
    where,
    'list versions with listModelVersions(name)',
  );
}

/**
 * Validates a new run and returns its id and the values for
 * `INSERT INTO runs (`{@link RUN_INSERT_COLUMNS}`)` after the experiment id:
 * `[name, 'running', start_time, git_sha, config, seed, versions, host, resumed_from]`.
 * The config is stored with secrets redacted.
 */
export function newRunValues(input: NewRun, where: string, now: number): { id: string; values: unknown[] } {
  checkName('experiment name', input.experiment, where);
  const start = input.startTime ?? now;
  if (!Number.isSafeInteger(start)) {
    throw bad(
      'TRACK_BAD_TIME',
      `run start time must be epoch ms, got ${start}`,
      where,
      'pass Date.now() or omit it',
    );
  }
  const seed = input.seed ?? null;
  if (seed !== null && !Number.isSafeInteger(seed)) {
    throw bad('TRACK_BAD_SEED', `run seed must be an integer, got ${seed}`, where, 'seeds are integers');
  }
  const id = newRunId(start);
  const resumedFrom = input.resumedFrom ?? null;
  if (resumedFrom !== null) checkName('resumedFrom run id', resumedFrom, where);
  // Redacted before storing: a study config carries its tracking URL, password and all.
  const config = toJsonText(redactValue(input.config ?? {}), 'config', where);
  const versions = toJsonText(input.versions ?? {}, 'versions', where);
  return {
    id,
    values: [
      input.name ?? id,
      'running',
      start,
      input.gitSha ?? null,
      config,
      seed,
      versions,
      input.host ?? null,
      resumedFrom,
    ],
  };
}

/** Column list matching {@link newRunValues}. */
export const RUN_INSERT_COLUMNS =
  'id, experiment_id, name, status, start_time, git_sha, config, seed, versions, host, resumed_from';

/** JSON text for config/versions; rejects values JSON cannot hold instead of storing `undefined`. */
export function toJsonText(value: unknown, what: string, where: string): string {
  let text: string | undefined;
  let cause: unknown;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    cause = err; // BigInt or a cycle
  }
  if (text === undefined) {
    throw new FrontierError('TRACK_BAD_CONFIG', `run ${what} is not JSON-serializable`, {
      where,
      hint: 'pass plain objects, arrays, strings, numbers, booleans or null (no BigInt, functions or cycles)',
      cause,
    });
  }
  return text;
}
