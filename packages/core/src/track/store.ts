/**
 * The experiment tracking store: what every backend (SQLite, PostgreSQL) keeps and
 * the one interface they share. Times are Unix epoch milliseconds throughout, so
 * records compare and sort the same way whatever database holds them.
 */

/**
 * Lifecycle of a run. A run starts `running` and ends as one of:
 * - `finished`: completed normally;
 * - `failed`: ended by an error, kept in {@link Run.error};
 * - `killed`: ended by SIGINT/SIGTERM, with its last step in {@link Run.lastStep};
 * - `crashed`: its process vanished (SIGKILL, power loss) and its heartbeat went
 *   stale; found by {@link TrackingStore.markStaleRuns}. A heartbeat arriving after
 *   all (a suspended laptop waking) sets it back to `running`.
 */
export type RunStatus = 'running' | 'finished' | 'failed' | 'killed' | 'crashed';

/** Every valid {@link RunStatus}, in lifecycle order. */
export const RUN_STATUSES: readonly RunStatus[] = ['running', 'finished', 'failed', 'killed', 'crashed'];

/** How long a supervised run may go without a heartbeat before it counts as crashed: 60 s. */
export const DEFAULT_STALE_AFTER_MS = 60_000;

/** A named group of runs (one study, one model family). Names are unique. */
export interface Experiment {
  readonly id: number;
  readonly name: string;
  /** Epoch ms. */
  readonly created: number;
}

/** Software versions a run was made with, e.g. `{ node: '20.19.0', tfjs: '4.22.0', backend: 'onednn' }`. */
export type Versions = Readonly<Record<string, string>>;

/** One training/evaluation run, without its params and metrics. */
export interface Run {
  /** Short, unique, sortable by start second: `20261129-163012-ab12cd` (UTC). */
  readonly id: string;
  readonly experimentId: number;
  readonly experiment: string;
  readonly name: string;
  readonly status: RunStatus;
  /** Epoch ms. */
  readonly startTime: number;
  /** Epoch ms; null while running. */
  readonly endTime: number | null;
  readonly gitSha: string | null;
  /** The run's full configuration, stored as JSON text and parsed back. */
  readonly config: unknown;
  readonly seed: number | null;
  readonly versions: Versions;
  readonly host: string | null;
  /** Epoch ms of the last heartbeat; null for a run no supervisor watched. */
  readonly heartbeatAt: number | null;
  /** The last step (batch or epoch) the process reported; null if none. */
  readonly lastStep: number | null;
  /** Why the run failed, crashed or was killed (secrets redacted); null otherwise. */
  readonly error: string | null;
  /** Id of the run this one resumes (from its checkpoint); null for a fresh run. */
  readonly resumedFrom: string | null;
}

/** A metric observation as logged. `time` defaults to now. */
export interface MetricInput {
  readonly key: string;
  /** Integer step (batch, epoch, trial); series are ordered by it. */
  readonly step: number;
  /** Must be finite: a NaN or infinite loss is a failure to report, not a value to chart. */
  readonly value: number;
  /** Epoch ms. */
  readonly time?: number;
}

/** A stored metric observation. */
export interface MetricPoint {
  readonly key: string;
  readonly step: number;
  readonly value: number;
  /** Epoch ms. */
  readonly time: number;
}

/** A run with its params and the latest value (highest step, then last logged) of each metric. */
export interface RunDetail extends Run {
  readonly params: Readonly<Record<string, string>>;
  readonly metrics: Readonly<Record<string, MetricPoint>>;
}

/** What {@link TrackingStore.createRun} needs; everything but `experiment` is optional. */
export interface NewRun {
  /** Experiment name; created if missing. */
  readonly experiment: string;
  /** Defaults to the run id. */
  readonly name?: string;
  readonly gitSha?: string | null;
  /** Any JSON-serializable value. Defaults to `{}`. */
  readonly config?: unknown;
  readonly seed?: number | null;
  readonly versions?: Versions;
  readonly host?: string | null;
  /** Epoch ms; defaults to now. */
  readonly startTime?: number;
  /** Id of an existing run this one resumes; an unknown id is `TRACK_UNKNOWN_RUN`. */
  readonly resumedFrom?: string | null;
}

/** Changes {@link TrackingStore.updateRun} may make. */
export interface RunUpdate {
  readonly status?: RunStatus;
  /** Epoch ms. Defaults to now when `status` becomes terminal and no end time is set. */
  readonly endTime?: number | null;
  /** Why the run ended badly; stored with secrets redacted. `null` clears it. */
  readonly error?: string | null;
  /** The last step reached; an integer. */
  readonly lastStep?: number | null;
}

/** Options of {@link TrackingStore.markStaleRuns}. */
export interface StaleRunOptions {
  /** A running run whose last heartbeat is older than this is crashed. Default {@link DEFAULT_STALE_AFTER_MS}. */
  readonly staleAfterMs?: number;
  /** Epoch ms to judge against; defaults to now. */
  readonly now?: number;
}

/** Filters for {@link TrackingStore.listRuns}. Results are newest first. */
export interface ListRunsOptions {
  /** Experiment name. An unknown name lists no runs. */
  readonly experiment?: string;
  readonly status?: RunStatus;
  /** Positive integer; no limit by default. */
  readonly limit?: number;
}

/** Param values are stored as text (numbers and booleans via `String`), secrets redacted. */
export type ParamValue = string | number | boolean;

/** A file a run produced. One record per (run, path); logging a path again replaces it. */
export interface Artifact {
  readonly runId: string;
  /** Path as the run reports it (relative to the run's artifact root, or absolute). */
  readonly path: string;
  /** Free-form kind, e.g. `model`, `checkpoint`, `report`. */
  readonly kind: string;
  /** Lower-case hex SHA-256 of the content (64 characters). */
  readonly sha256: string;
  readonly bytes: number;
}

/** One registered version of a named model. */
export interface ModelVersion {
  readonly name: string;
  /** 1, 2, 3 … per name, allocated without gaps or duplicates even across processes. */
  readonly version: number;
  readonly runId: string;
  readonly artifactPath: string;
  /** Epoch ms. */
  readonly created: number;
  /** Aliases currently pointing at this version, sorted. */
  readonly aliases: readonly string[];
}

/** A registered model name with all its versions, as {@link TrackingStore.listModels} returns it. */
export interface RegisteredModel {
  readonly name: string;
  /** Every version, ascending. Never empty. */
  readonly versions: readonly ModelVersion[];
  /** Each alias and the version it points at, sorted by alias. */
  readonly aliases: Readonly<Record<string, number>>;
}

/** What {@link TrackingStore.registerModel} needs. */
export interface NewModelVersion {
  readonly name: string;
  readonly runId: string;
  readonly artifactPath: string;
}

/**
 * Where experiments, runs, params, metrics, artifacts and the model registry live.
 * Every method is async and throws a `FrontierError` for unknown ids (run, model,
 * version, alias) and invalid input. Implementations must be safe to use from
 * several processes at once.
 */
export interface TrackingStore {
  /** Human-readable location with any password removed, e.g. a file path or URL. */
  readonly location: string;
  /** Returns the experiment with this name, creating it if missing. */
  getOrCreateExperiment(name: string): Promise<Experiment>;
  /** Lists experiments by name. */
  listExperiments(): Promise<Experiment[]>;
  /** Creates a run with status `running`. Secrets in `config` are redacted before storing. */
  createRun(input: NewRun): Promise<Run>;
  /** Changes status, end time, error and/or last step; returns the updated run. */
  updateRun(runId: string, update: RunUpdate): Promise<Run>;
  /**
   * Records that the run's process is alive now (and its last step, when given).
   * A `crashed` run comes back to `running` (its process was alive after all);
   * a run in another terminal status keeps it.
   */
  heartbeat(runId: string, lastStep?: number | null): Promise<void>;
  /**
   * Marks every `running` run whose last heartbeat is older than `staleAfterMs`
   * as `crashed` (end time = its last heartbeat, with an error saying so) and
   * returns them. Runs that never had a heartbeat are never judged: nothing was
   * watching them. openStore calls this, so the next command finds stale runs.
   */
  markStaleRuns(options?: StaleRunOptions): Promise<Run[]>;
  /** The run with its params and latest metric values. */
  getRun(runId: string): Promise<RunDetail>;
  /** Runs newest first (start time, then id). */
  listRuns(options?: ListRunsOptions): Promise<Run[]>;
  /** Sets params; a key logged again takes the new value. */
  logParams(runId: string, params: Readonly<Record<string, ParamValue>>): Promise<void>;
  /** Appends metric points in one transaction: all are stored or none. */
  logMetrics(runId: string, points: readonly MetricInput[]): Promise<void>;
  /** Every point of one metric, ordered by step (ties in logging order). */
  getMetricSeries(runId: string, key: string): Promise<MetricPoint[]>;
  /** Records (or replaces) an artifact of a run. */
  logArtifact(artifact: Artifact): Promise<void>;
  /** A run's artifacts ordered by path. */
  listArtifacts(runId: string): Promise<Artifact[]>;
  /** Registers the next version of a model (1 for a new name) and returns it. */
  registerModel(input: NewModelVersion): Promise<ModelVersion>;
  /** Points `alias` (e.g. `production`) at an existing version, moving it if set. */
  setAlias(name: string, alias: string, version: number): Promise<void>;
  /** A version by number, or by alias when given a string. */
  getModelVersion(name: string, versionOrAlias: number | string): Promise<ModelVersion>;
  /** All versions of a model, ascending; empty for an unknown name. */
  listModelVersions(name: string): Promise<ModelVersion[]>;
  /** Every registered model by name, each with its versions and aliases. */
  listModels(): Promise<RegisteredModel[]>;
  /** Releases connections/file handles. The store must not be used afterwards. */
  close(): Promise<void>;
}
