/**
 * A study in the tracking store, through the public {@link TrackingStore} interface
 * only. The study is an experiment; each trial is a run of it.
 *
 * Race-free trial numbers: a process first creates the trial's run, then registers
 * a version of the model-registry name `<study>#trials` pointing at that run. The
 * registry allocates versions 1, 2, 3 … atomically without gaps or duplicates, even
 * across processes and machines sharing one PostgreSQL database, so version − 1 is
 * the trial number, and the version's runId maps number → run. (Deriving numbers from
 * listRuns order was rejected: run start times come from each machine's clock, so a
 * later run could sort earlier.) A crash between creating the run and registering
 * leaves an unnumbered running run, which {@link StudyStorage.markOrphans} fails.
 *
 * What a trial run holds: config `{kind: 'tune-trial', study, spaceHash, …meta}`;
 * params `tune.trial`, `tune.pid`, `tune.params` (the point as JSON) and one
 * `p.<name>` per parameter; every epoch's logs as metric series (`val_accuracy`, …);
 * `tune.heartbeat` points while it runs; `tune.objective` at the end; status
 * running → finished | killed (pruned) | failed.
 */
import { createHash } from 'node:crypto';
import { hostname } from 'node:os';
import type { ParamValue as StoreParam, Run, TrackingStore } from '../track/index.ts';
import { FrontierError } from '../util/errors.ts';
import type { Params, SearchSpace } from './space.ts';
import type { Direction, TrialState, TrialView } from './types.ts';

/** What identifies a study's setup; trials of one study must agree on `spaceHash`. */
export interface StudyMeta {
  spaceHash: string;
  sampler: string;
  pruner: string;
  direction: Direction;
  /** The intermediate/objective metric key, e.g. `val_accuracy`. */
  metric: string;
  seed: number;
}

/** A trial as stored, with what samplers and pruners need. */
export interface StoredTrial extends TrialView {
  readonly runId: string;
  /** Epoch ms of the latest write (start, metric or heartbeat). */
  readonly lastSeen: number;
  readonly host: string | null;
  readonly pid: number | null;
  /** A claim past the trial budget or past the end of the grid, never run. */
  readonly surplus: boolean;
}

/** A running trial with no number: its claimer died between createRun and registerModel. */
export interface UnnumberedRun {
  readonly runId: string;
  readonly run: Run;
}

/** sha256 (16 hex digits) of the space's canonical JSON: trials of one study must share it. */
export function spaceHash(space: SearchSpace): string {
  const canon = JSON.stringify(
    Object.keys(space)
      .sort()
      .map((k) => [k, space[k]]),
  );
  return createHash('sha256').update(canon).digest('hex').slice(0, 16);
}

const STATE_OF: Record<Run['status'], TrialState> = {
  running: 'running',
  finished: 'finished',
  killed: 'pruned',
  failed: 'failed',
  crashed: 'failed',
};

function flatParam(v: unknown): StoreParam {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : JSON.stringify(v);
}

/** Whether a process with this pid exists on this machine. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads and writes one study's trials. Terminal trials are cached (they never change). */
export class StudyStorage {
  readonly host = hostname();
  readonly pid = process.pid;
  private readonly cache = new Map<string, StoredTrial>();

  constructor(
    readonly store: TrackingStore,
    readonly study: string,
    readonly meta: StudyMeta,
    /** Extra JSON kept in every trial run's config (e.g. the base study config). */
    readonly extra: Record<string, unknown> = {},
  ) {}

  /** The model-registry name whose versions number the trials. */
  get counterName(): string {
    return `${this.study}#trials`;
  }

  /** Creates a trial run and allocates its number (see the file comment). */
  async claim(): Promise<{ runId: string; number: number }> {
    const run = await this.store.createRun({
      experiment: this.study,
      name: `trial@${this.host}:${this.pid}`,
      config: { kind: 'tune-trial', study: this.study, ...this.meta, ...this.extra },
      seed: this.meta.seed,
      host: this.host,
    });
    const v = await this.store.registerModel({
      name: this.counterName,
      runId: run.id,
      artifactPath: 'tune-trial',
    });
    const number = v.version - 1;
    await this.store.logParams(run.id, { 'tune.trial': number, 'tune.pid': this.pid });
    return { runId: run.id, number };
  }

  /** Records the sampled point. */
  async setParams(runId: string, params: Params): Promise<void> {
    const flat: Record<string, StoreParam> = { 'tune.params': JSON.stringify(params) };
    for (const [k, v] of Object.entries(params)) flat[`p.${k}`] = flatParam(v);
    await this.store.logParams(runId, flat);
  }

  /** Logs an epoch's finite logs as metric points at `step`. */
  async report(runId: string, step: number, logs: Readonly<Record<string, number>>): Promise<void> {
    const points = Object.entries(logs)
      .filter(([, v]) => Number.isFinite(v))
      .map(([key, value]) => ({ key, step, value }));
    if (points.length > 0) await this.store.logMetrics(runId, points);
  }

  /** Says "still running" for the staleness check of other processes. */
  async heartbeat(runId: string): Promise<void> {
    await this.store.logMetrics(runId, [
      { key: 'tune.heartbeat', step: Math.floor(Date.now() / 1000), value: 1 },
    ]);
  }

  /** Ends a trial: `tune.objective` (when known), extra params, and the run status. */
  async finish(
    runId: string,
    state: Exclude<TrialState, 'running'>,
    value?: number,
    params: Record<string, StoreParam> = {},
  ): Promise<void> {
    if (value !== undefined && Number.isFinite(value))
      await this.store.logMetrics(runId, [{ key: 'tune.objective', step: 0, value }]);
    if (Object.keys(params).length > 0) await this.store.logParams(runId, params);
    await this.store.updateRun(runId, { status: state === 'pruned' ? 'killed' : state });
  }

  /**
   * Every trial of the study, by number, plus unnumbered running runs. Throws
   * `TUNE_STUDY_MISMATCH` when a stored trial was made with another search space.
   */
  async load(): Promise<{ trials: StoredTrial[]; unnumbered: UnnumberedRun[] }> {
    const [runs, versions] = await Promise.all([
      this.store.listRuns({ experiment: this.study }),
      this.store.listModelVersions(this.counterName),
    ]);
    const numberOf = new Map(versions.map((v) => [v.runId, v.version - 1]));
    const trials: StoredTrial[] = [];
    const unnumbered: UnnumberedRun[] = [];
    for (const run of runs) {
      const config = run.config as { kind?: string; spaceHash?: string } | null;
      if (config?.kind !== 'tune-trial') continue;
      if (config.spaceHash !== this.meta.spaceHash) {
        throw new FrontierError(
          'TUNE_STUDY_MISMATCH',
          `study ${JSON.stringify(this.study)} already holds trials of a different search space`,
          {
            where: `run ${run.id}`,
            hint: 'pick a new study name (--study) or restore the original search block',
          },
        );
      }
      const number = numberOf.get(run.id);
      if (number === undefined) {
        if (run.status === 'running') unnumbered.push({ runId: run.id, run });
        continue;
      }
      const cached = this.cache.get(run.id);
      if (cached) {
        trials.push(cached);
        continue;
      }
      const t = await this.readTrial(run, number);
      if (t.state !== 'running') this.cache.set(run.id, t);
      trials.push(t);
    }
    trials.sort((a, b) => a.number - b.number);
    return { trials, unnumbered };
  }

  private async readTrial(run: Run, number: number): Promise<StoredTrial> {
    const detail = await this.store.getRun(run.id);
    const series = await this.store.getMetricSeries(run.id, this.meta.metric);
    const lastSeen = Math.max(run.startTime, ...Object.values(detail.metrics).map((m) => m.time));
    const paramsText = detail.params['tune.params'];
    return {
      runId: run.id,
      number,
      params: paramsText === undefined ? {} : (JSON.parse(paramsText) as Params),
      state: STATE_OF[run.status],
      value: detail.metrics['tune.objective']?.value,
      intermediate: new Map(series.map((p) => [p.step, p.value])),
      lastSeen,
      host: run.host,
      pid: detail.params['tune.pid'] === undefined ? null : Number(detail.params['tune.pid']),
      surplus: detail.params['tune.surplus'] === 'true',
    };
  }

  /**
   * Marks running trials whose process is gone as failed (param `tune.orphaned`):
   * on this host, a dead claimer pid; anywhere, no write for `staleAfterMs`. Trials in
   * `mine` (this process's in-flight run ids) are never touched. Returns the run ids failed.
   */
  async markOrphans(mine: ReadonlySet<string>, staleAfterMs: number, now = Date.now()): Promise<string[]> {
    const { trials, unnumbered } = await this.load();
    const failed: string[] = [];
    const orphan = (runId: string, host: string | null, pid: number | null, lastSeen: number) =>
      !mine.has(runId) &&
      ((host === this.host && pid !== null && pid !== this.pid && !pidAlive(pid)) ||
        now - lastSeen > staleAfterMs);
    for (const t of trials) {
      if (t.state === 'running' && orphan(t.runId, t.host, t.pid, t.lastSeen)) failed.push(t.runId);
    }
    for (const u of unnumbered) {
      // The claimer's pid is in the run name, trial@host:pid
      const pid = /:(\d+)$/.exec(u.run.name)?.[1];
      if (orphan(u.runId, u.run.host, pid === undefined ? null : Number(pid), u.run.startTime))
        failed.push(u.runId);
    }
    for (const runId of failed) await this.finish(runId, 'failed', undefined, { 'tune.orphaned': true });
    return failed;
  }
}
