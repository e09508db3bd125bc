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
  RunStatus,
  RunUpdate,
  TrackingStore,
  Versions,
} from './store.ts';
/** Every valid run status, in lifecycle order. */
export { RUN_STATUSES } from './store.ts';
/** `openStore(url?)`: path | sqlite:PATH | postgres(ql)://…, default env FRONTIER_TRACKING_URL or .frontier/tracking.db. */
export { openStore, DEFAULT_TRACKING_PATH } from './open-store.ts';
/** The SQLite backend (`SqliteStore.open(path, options)`), WAL + busy timeout, safe across processes. */
export { SqliteStore, type SqliteStoreOptions } from './sqlite-store.ts';
/** The PostgreSQL backend (`await PostgresStore.open(url, options)`), same schema and behaviour. */
export { PostgresStore, type PostgresStoreOptions } from './postgres-store.ts';
/** Schema migrations: the ordered list, the version this code writes, and the bookkeeping they share. */
export { MIGRATIONS, LATEST_SCHEMA_VERSION, type Migration, type Dialect } from './migrations.ts';
/** `compareRuns(details)`: a pure params + final-metrics table across runs. */
export { compareRuns, type RunComparison, type ComparisonRow } from './compare.ts';
