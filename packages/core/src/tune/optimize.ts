/**
 * The study loop: `workers` slots each claim a trial, sample its point, run it on a
 * {@link TrialExecutor} (in process or in a worker process), relay every epoch's
 * logs to the store and ask the pruner whether to stop, then record the outcome.
 * Several processes (or machines sharing PostgreSQL) may run the loop on one study
 * at once: everything they share goes through the store.
 */
import type { TrackingStore } from '../track/index.ts';
import { FrontierError } from '../util/errors.ts';
import { trialRandom } from './samplers.ts';
import { validateSpace, type Params, type SearchSpace } from './space.ts';
import { spaceHash, StudyStorage, type StoredTrial } from './storage.ts';
import { NopPruner } from './pruners.ts';
import { isBetter, type Direction, type Pruner, type Sampler, type TrialView } from './types.ts';

/** What an executor gets for one trial. */
export interface TrialRequest {
  readonly number: number;
  readonly runId: string;
  readonly params: Params;
}

/** Called after each epoch with its logs; resolves true when the trial should stop (pruned). */
export type ReportFn = (step: number, logs: Readonly<Record<string, number>>) => Promise<boolean>;

/** How a trial ended. `value` is the objective (the metric at the last epoch run). */
export interface TrialOutcome {
  value: number;
  /** True when it stopped because the report callback said so. */
  pruned: boolean;
  /** Epochs run. */
  steps: number;
  /** Folder of the trained model, when the executor saved one. */
  modelDir?: string;
}

/** Runs trials: in process (tests, benchmarks) or in a pool of worker processes. */
export interface TrialExecutor {
  run(request: TrialRequest, report: ReportFn): Promise<TrialOutcome>;
  close?(): Promise<void>;
}

/** Options of {@link optimize}. Defaults: maximize `val_accuracy`, 1 worker, seed 42, stale after 10 min. */
export interface OptimizeOptions {
  space: SearchSpace;
  store: TrackingStore;
  /** Study (experiment) name; runs of the same name join or resume the study. */
  study: string;
  /** Total trials of the study (finished + pruned + running, over all processes). */
  nTrials: number;
  sampler: Sampler;
  pruner?: Pruner;
  executor: TrialExecutor;
  direction?: Direction;
  metric?: string;
  workers?: number;
  seed?: number;
  /** A running trial with no write for this long is failed as orphaned. */
  staleAfterMs?: number;
  /** How often in-flight trials write a heartbeat. Default 15 s. */
  heartbeatMs?: number;
  /** Stop with an error after this many trials in a row fail in this process. Default 3. */
  maxConsecutiveFailures?: number;
  /**
   * Stop claiming trials once the study's trials have run this many epochs in all
   * (Σ steps reported, running trials included). Trials in flight still finish.
   * Default: no epoch budget, only `nTrials`.
   */
  maxTrialEpochs?: number;
  /** Extra JSON for every trial run's config. */
  extra?: Record<string, unknown>;
  log?: (message: string) => void;
}

/** A trial in the result. */
export interface TrialRecord {
  number: number;
  runId: string;
  params: Params;
  state: StoredTrial['state'];
  value?: number;
  /** [step, value] of the metric, by step. */
  intermediate: Array<[number, number]>;
  modelDir?: string;
}

/** What {@link optimize} returns. */
export interface StudyResult {
  study: string;
  direction: Direction;
  metric: string;
  trials: TrialRecord[];
  /** The best finished trial, or null if none finished. */
  best: TrialRecord | null;
  /** Epochs run by all trials (Σ steps), the budget measure. */
  trialEpochs: number;
  /** Run ids failed as orphans when this call started. */
  orphaned: string[];
}

/** Runs (or resumes, or joins) a study until it holds `nTrials` live trials; see the file comment. */
export async function optimize(opts: OptimizeOptions): Promise<StudyResult> {
  validateSpace(opts.space);
  if (!Number.isSafeInteger(opts.nTrials) || opts.nTrials < 1) {
    throw new FrontierError('TUNE_BAD_TRIALS', `trials must be a positive integer, got ${opts.nTrials}`, {
      where: '--trials',
      hint: 'e.g. --trials 20',
    });
  }
  const direction = opts.direction ?? 'maximize';
  const metric = opts.metric ?? 'val_accuracy';
  const pruner = opts.pruner ?? new NopPruner();
  const seed = opts.seed ?? 42;
  const log = opts.log ?? (() => undefined);
  const storage = new StudyStorage(
    opts.store,
    opts.study,
    {
      spaceHash: spaceHash(opts.space),
      sampler: opts.sampler.name,
      pruner: pruner.name,
      direction,
      metric,
      seed,
    },
    opts.extra,
  );
  const inFlight = new Set<string>();
  const staleAfterMs = opts.staleAfterMs ?? 600_000;
  const orphaned = await storage.markOrphans(inFlight, staleAfterMs);
  if (orphaned.length > 0)
    log(`failed ${orphaned.length} orphaned trial(s) of an interrupted run: ${orphaned.join(', ')}`);
  const modelDirs = new Map<string, string>();
  let claiming = Promise.resolve();
  let failuresInARow = 0;
  let lastError: unknown;
  const live = (t: StoredTrial) => !t.surplus && t.state !== 'failed';

  // Check-then-claim is serialized inside this process; across processes a claim
  // past the budget is detected afterwards and marked surplus.
  const claimNext = (): Promise<{ runId: string; number: number; params: Params } | null> => {
    const next = claiming.then(async () => {
      // Another process of the study may have died since we started: free its trials' slots.
      const lost = await storage.markOrphans(inFlight, staleAfterMs);
      if (lost.length > 0) log(`failed ${lost.length} orphaned trial(s): ${lost.join(', ')}`);
      let { trials } = await storage.load();
      if (trials.filter(live).length >= opts.nTrials) return null;
      if (
        opts.maxTrialEpochs !== undefined &&
        trials.reduce((n, t) => n + t.intermediate.size, 0) >= opts.maxTrialEpochs
      )
        return null;
      const { runId, number } = await storage.claim();
      inFlight.add(runId);
      ({ trials } = await storage.load());
      const ahead = trials.filter((t) => live(t) && t.number < number).length;
      const params =
        ahead >= opts.nTrials
          ? null
          : opts.sampler.sample(
              opts.space,
              trials.filter((t) => !t.surplus && t.number !== number),
              { number, rand: trialRandom(seed, number), direction },
            );
      if (params === null) {
        inFlight.delete(runId);
        await storage.finish(runId, 'pruned', undefined, { 'tune.surplus': true });
        return null;
      }
      await storage.setParams(runId, params);
      return { runId, number, params };
    });
    claiming = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  };

  const runTrial = async (claim: { runId: string; number: number; params: Params }): Promise<void> => {
    const { runId, number, params } = claim;
    inFlight.add(runId);
    const intermediate = new Map<number, number>();
    const beat = setInterval(
      () => void storage.heartbeat(runId).catch(() => undefined),
      opts.heartbeatMs ?? 15_000,
    );
    log(`trial ${number} (${runId}): ${JSON.stringify(params)}`);
    try {
      const report: ReportFn = async (step, logs) => {
        await storage.report(runId, step, logs);
        const v = logs[metric];
        if (v === undefined || !Number.isFinite(v)) return false;
        intermediate.set(step, v);
        if (pruner instanceof NopPruner) return false;
        const me: TrialView = { number, params, state: 'running', intermediate };
        const { trials } = await storage.load();
        return pruner.shouldPrune(
          me,
          step,
          [...trials.filter((t) => t.number !== number && !t.surplus), me],
          direction,
        );
      };
      const out = await opts.executor.run({ number, runId, params }, report);
      if (out.modelDir) modelDirs.set(runId, out.modelDir);
      await storage.finish(runId, out.pruned ? 'pruned' : 'finished', out.value, { 'tune.steps': out.steps });
      log(
        `trial ${number}: ${out.pruned ? `pruned at epoch ${out.steps}` : 'finished'}, ${metric} ${out.value.toFixed(4)}`,
      );
      failuresInARow = 0;
    } catch (err) {
      lastError = err;
      failuresInARow++;
      log(`trial ${number} failed: ${(err as Error).message}`);
      await storage.finish(runId, 'failed', undefined, {
        'tune.error': String((err as Error).message).slice(0, 500),
      });
    } finally {
      clearInterval(beat);
      inFlight.delete(runId);
    }
  };

  const slot = async () => {
    for (;;) {
      if (failuresInARow >= (opts.maxConsecutiveFailures ?? 3)) return;
      const claim = await claimNext();
      if (claim === null) return;
      await runTrial(claim);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.workers ?? 1) }, slot));
  if (failuresInARow >= (opts.maxConsecutiveFailures ?? 3)) {
    throw new FrontierError(
      'TUNE_TRIALS_FAILING',
      `${failuresInARow} trials in a row failed; last error: ${(lastError as Error)?.message}`,
      {
        where: `study ${opts.study}`,
        hint: 'fix the config or search space (run one trial with `frontier train` to see the error), then rerun to resume',
        cause: lastError,
      },
    );
  }
  const { trials } = await storage.load();
  return summarize(
    opts.study,
    direction,
    metric,
    trials.filter((t) => !t.surplus),
    modelDirs,
    orphaned,
  );
}

/** Builds the result from stored trials: the best finished one and the epochs spent. */
export function summarize(
  study: string,
  direction: Direction,
  metric: string,
  trials: readonly StoredTrial[],
  modelDirs: ReadonlyMap<string, string> = new Map(),
  orphaned: string[] = [],
): StudyResult {
  const records: TrialRecord[] = trials.map((t) => ({
    number: t.number,
    runId: t.runId,
    params: t.params,
    state: t.state,
    value: t.value,
    intermediate: [...t.intermediate.entries()].sort((a, b) => a[0] - b[0]),
    modelDir: modelDirs.get(t.runId),
  }));
  let best: TrialRecord | null = null;
  for (const r of records) {
    if (
      r.state === 'finished' &&
      r.value !== undefined &&
      (best === null || isBetter(r.value, best.value!, direction))
    )
      best = r;
  }
  const trialEpochs = records.reduce((s, r) => s + r.intermediate.length, 0);
  return { study, direction, metric, trials: records, best, trialEpochs, orphaned };
}
