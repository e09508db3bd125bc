/**
 * Hyperparameter search: search spaces, samplers (random, grid, TPE), pruners
 * (ASHA, Hyperband), the study loop over the tracking store, worker processes,
 * parameter importance, charts and the tune report.
 */
export {
  applyParams,
  isActive,
  sampleSpace,
  validateSpace,
  type ChoiceParam,
  type Condition,
  type FloatParam,
  type IntParam,
  type ParamSpec,
  type ParamValue,
  type Params,
  type SearchSpace,
} from './space.ts';
export { gridPoints, paramGrid, type GridOptions } from './grid.ts';
export {
  RandomSampler,
  GridSampler,
  makeSampler,
  trialRandom,
  SAMPLERS,
  type SamplerName,
  type SamplerOptions,
} from './samplers.ts';
export { TpeSampler, rankTrials, type TpeOptions } from './tpe.ts';
export { fitParzen, parzenDensity } from './parzen.ts';
export {
  AshaPruner,
  HyperbandPruner,
  NopPruner,
  makePruner,
  rungSteps,
  PRUNERS,
  type AshaOptions,
  type HyperbandOptions,
} from './pruners.ts';
export type { Direction, Pruner, Sampler, SampleContext, TrialState, TrialView } from './types.ts';
export {
  optimize,
  summarize,
  type OptimizeOptions,
  type ReportFn,
  type StudyResult,
  type TrialExecutor,
  type TrialOutcome,
  type TrialRecord,
  type TrialRequest,
} from './optimize.ts';
export { StudyStorage, spaceHash, type StudyMeta, type StoredTrial } from './storage.ts';
export { functionExecutor, type Objective, type TrialContext } from './function-executor.ts';
export { trainTrial, inProcessExecutor, StudyDataCache, type TrainTrialOptions } from './train-trial.ts';
export { workerPool, type WorkerPoolOptions } from './worker-pool.ts';
export { paramImportance, correlationRatio, type ParamImportance } from './importance.ts';
export { historySpec, importanceSpec, parallelSpec } from './charts.ts';
export { writeTuneReport, renderTuneHtml, renderTuneCharts, type TuneReportInput } from './report.ts';
export { tune, type TuneConfig, type TuneOptions, type TuneResult, type TuneSettings } from './tune.ts';
export { tuneSchema, tuneSettingsSchema } from './schema.ts';
