/**
 * Experiment tracking: runs, params, metrics, artifacts and a model registry in
 * SQLite (default) or PostgreSQL, behind one {@link TrackingStore} interface.
 */

/** Record types and the store interface every backend implements; see store.ts for each contract. */
export type {
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
  RunStatus,
  RunUpdate,
  StaleRunOptions,
  TrackingStore,
  Versions,
} from './store.ts';
/** Every valid run status, in lifecycle order; the default stale-heartbeat threshold (60 s). */
export { RUN_STATUSES, DEFAULT_STALE_AFTER_MS } from './store.ts';
/**
 * `openStore(url?, { staleAfterMs? })`: path | sqlite:PATH | postgres(ql)://…, default env
 * FRONTIER_TRACKING_URL or .frontier/tracking.db; marks runs with a stale heartbeat `crashed`.
 */
export { openStore, DEFAULT_TRACKING_PATH, type OpenStoreOptions } from './open-store.ts';
/**
 * `superviseRun(store, runId, { heartbeatMs? })` → `{ step(n), end(status, err?) }`: heartbeat
 * every 5 s (unref'd), SIGINT/SIGTERM mark the run `killed` with its last step and exit 130/143,
 * `end('failed', err)` stores the error. Call `end` before closing the store.
 */
export {
  superviseRun,
  errorMessage,
  DEFAULT_HEARTBEAT_MS,
  SIGNAL_EXIT_CODES,
  type RunSupervisor,
  type SuperviseOptions,
} from './run-lifecycle.ts';
/** `redactSecrets(text)`, `redactUrl(url)`, `redactValue(json)`, `redactError(err)`: passwords in URLs become `***`. */
export { redactSecrets, redactUrl, redactValue, redactError, REDACTED } from './redact.ts';
/** Metric key conventions: `test/accuracy` (test split) vs per-epoch `accuracy`, `val_accuracy`; `keyMetrics(metrics)`. */
export {
  testMetricKey,
  isTestMetric,
  keyMetrics,
  splitMetrics,
  TEST_ACCURACY,
  TEST_LOSS,
  type KeyMetrics,
} from './series.ts';
/** The SQLite backend (`SqliteStore.open(path, options)`), WAL + busy timeout, safe across processes. */
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
/** The PostgreSQL backend (`await PostgresStore.open(url, options)`), same schema and behaviour. */
export { PostgresStore, type PostgresStoreOptions } from './postgres-store.ts';
/** Schema migrations: the ordered list, the version this code writes, and the bookkeeping they share. */
export { MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration, type Dialect } from './migrations.ts';
/** `compareRuns(details)`: a pure params + final-metrics table across runs. */
export { compareRuns, type RunComparison, type ComparisonRow } from './compare.ts';
