/**
 * `frontier tune` as a library call: a study config plus a `search` block → a
 * stored, resumable study, the best config and model, and a tune report.
 */
import * as tf from '@tensorflow/tfjs';
import { cp, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { flattenParams, logArtifacts, parseConfig, resolveStudy, type StudyConfig } from '../study/index.ts';
import { tuneSchema } from './schema.ts';
import { openStore, type TrackingStore } from '../track/index.ts';
import { FrontierError } from '../util/errors.ts';
import { paramImportance, type ParamImportance } from './importance.ts';
import { optimize, type StudyResult, type TrialExecutor } from './optimize.ts';
import { makePruner, PRUNERS } from './pruners.ts';
import { writeTuneReport } from './report.ts';
import { makeSampler, SAMPLERS } from './samplers.ts';
import { applyParams, validateSpace, type SearchSpace } from './space.ts';
import { inProcessExecutor } from './train-trial.ts';
import type { Direction } from './types.ts';
import { workerPool } from './worker-pool.ts';

/** Study settings a config file may give in its `tune` block; flags override them. */
export interface TuneSettings {
  /** Total trials. Default 20. */
  trials?: number;
  /** Default 'tpe'. */
  sampler?: (typeof SAMPLERS)[number];
  /** Default 'asha'. */
  pruner?: (typeof PRUNERS)[number];
  /** Worker processes. Default 2. */
  workers?: number;
  /** Default 'val_accuracy'. */
  metric?: string;
  /** Default 'maximize' (or 'minimize' when the metric ends in `loss`). */
  direction?: Direction;
  /** Study name (the tracking experiment). Default the config's experiment, else 'tune'. */
  study?: string;
  /** ASHA/Hyperband: first rung (epochs, default 1) and reduction factor η (default 3). */
  minResource?: number;
  reductionFactor?: number;
  /** TPE: random startup trials (default 10) and γ (default 0.25). */
  nStartupTrials?: number;
  gamma?: number;
  /** TPE: model the unconditional parameters jointly (default true) or one at a time. */
  multivariate?: boolean;
  /** Grid: points per float without a step (default 5). */
  floatPoints?: number;
  /** A running trial with no write for this long (ms) counts as orphaned. Default 600,000. */
  staleAfterMs?: number;
}

/** A tune config: the study config, the search space over its fields, and settings. */
export type TuneConfig = StudyConfig & { search: SearchSpace; tune?: TuneSettings };

/** Options of {@link tune}: settings override the config's `tune` block. */
export interface TuneOptions extends TuneSettings {
  /** Report and models folder. Default `<reportsDir>/tune-<study>`. */
  out?: string;
  /** An open store (else the config's tracking URL / FRONTIER_TRACKING_URL / default). */
  store?: TrackingStore;
  /** Train trials in this process instead of worker processes. Default false. */
  inProcess?: boolean;
  log?: (message: string) => void;
}

/** What {@link tune} returns. */
export interface TuneResult extends StudyResult {
  sampler: string;
  pruner: string;
  /** The study config with the best point applied (no `search` block), or null. */
  bestConfig: StudyConfig | null;
  /** `<out>/best-model` when the best trial's model is on this machine. */
  bestModelDir?: string;
  importance: ParamImportance[];
  reportPath: string;
}

/**
 * Runs (or resumes, or joins) the study of `config`: samples points of `search`,
 * trains each with the study recipe in worker processes, prunes weak trials, stores
 * every trial, then copies the best model to `<out>/best-model` (logged as artifacts
 * of its trial run) and writes `<out>/tune.html` + `tune.json`.
 */
export async function tune(input: TuneConfig, opts: TuneOptions = {}): Promise<TuneResult> {
  if (typeof input === 'object' && input !== null && !('search' in input)) {
    throw new FrontierError('TUNE_NO_SEARCH', 'the tune config has no search block', {
      where: 'search',
      hint: 'add e.g. "search": { "train.optimizer.learningRate": { "type": "float", "low": 1e-4, "high": 1e-1, "log": true } }',
    });
  }
  const config = parseConfig(tuneSchema, input) as unknown as TuneConfig;
  validateSpace(config.search);
  const s: TuneSettings = {
    ...config.tune,
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
  };
  const { search, tune: _settings, ...given } = config;
  // Points apply to the study with its defaults filled in, so `train.optimizer.learningRate`
  // lands in a complete optimizer config.
  const study = resolveStudy(given, tf.getBackend());
  const base = study as StudyConfig;
  const name = s.study ?? config.experiment ?? 'tune';
  const metric = s.metric ?? 'val_accuracy';
  const direction = s.direction ?? (/loss$/.test(metric) ? 'minimize' : 'maximize');
  const out = opts.out ?? join(study.reportsDir, `tune-${name}`);
  const modelRoot = join(out, 'trials');
  const sampler = makeSampler(s.sampler ?? 'tpe', s);
  const pruner = makePruner(s.pruner ?? 'asha', study.train.epochs, {
    minResource: s.minResource,
    reductionFactor: s.reductionFactor,
  });
  const workers = s.workers ?? 2;
  const store = opts.store ?? (await openStore(config.tracking));
  const executor: TrialExecutor = opts.inProcess
    ? inProcessExecutor(base, { metric, modelRoot })
    : workerPool(base, { size: workers, metric, modelRoot });
  try {
    const result = await optimize({
      space: search,
      store,
      study: name,
      nTrials: s.trials ?? 20,
      sampler,
      pruner,
      executor,
      direction,
      metric,
      workers,
      seed: study.seed,
      staleAfterMs: s.staleAfterMs,
      extra: { base },
      log: opts.log,
    });
    const best = result.best;
    const bestConfig = best ? applyParams(base, best.params) : null;
    let bestModelDir: string | undefined;
    if (best) {
      const dir = join(modelRoot, `trial-${best.number}`);
      if (
        await stat(join(dir, 'model.json')).then(
          () => true,
          () => false,
        )
      ) {
        bestModelDir = join(out, 'best-model');
        await cp(dir, bestModelDir, { recursive: true, force: true });
        await logArtifacts(store, best.runId, bestModelDir, () => 'model');
        await store.logParams(best.runId, { 'tune.best': true });
      }
    }
    const finished = result.trials.filter((t) => t.state === 'finished' && t.value !== undefined);
    const importance = paramImportance(
      search,
      finished.map((t) => ({ params: t.params, value: t.value! })),
    );
    const { htmlPath } = await writeTuneReport(out, {
      result,
      space: search,
      sampler: sampler.name,
      pruner: pruner.name,
      importance,
      bestConfig,
      bestModelDir,
    });
    if (best) await store.logParams(best.runId, flattenParams({ best: { params: best.params } }));
    return {
      ...result,
      sampler: sampler.name,
      pruner: pruner.name,
      bestConfig,
      bestModelDir,
      importance,
      reportPath: htmlPath,
    };
  } finally {
    await executor.close?.();
    if (!opts.store) await store.close();
  }
}
