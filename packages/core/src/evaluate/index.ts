export { evaluate, toHistoryPoints, type EvaluateOptions, type EvaluateResult } from './evaluate.ts';
export { startSession, trainWithStudy, flattenParams, type Session, type SessionOptions } from './session.ts';
export {
  registerTechnique,
  listTechniques,
  getTechnique,
  type Technique,
  type TechniqueContext,
  type Variant,
  type StudyData,
} from './technique.ts';
export {
  measureModel,
  measureSpeed,
  classify,
  measureThroughput,
  percentile,
  countNonzeros,
  type Measurement,
  type SpeedOptions,
} from './measure.ts';
export {
  resolveStudy,
  studyModel,
  type StudyConfig,
  type DatasetConfig,
  type StudyTrainConfig,
  type ResolvedStudy,
} from './study.ts';
export { loadStudyData, splitIndices } from './study-data.ts';
export { environment, type RunEnvironment } from './environment.ts';
export { trainStudy, type TrainStudyOptions, type TrainStudyResult } from './train-study.ts';
export {
  compareOptimizers,
  optimizerComparisonSection,
  optimizerComparisonSpec,
  studyOptimizerSection,
  DEFAULT_OPTIMIZER_CONTENDERS,
  type OptimizerComparison,
  type OptimizerComparisonOptions,
  type OptimizerContender,
  type OptimizerCurve,
  type OptimizerCurvePoint,
} from './optimizer-comparison.ts';
export {
  tunedTechnique,
  searchHyperparameters,
  defaultPoint,
  DEFAULT_TUNED_SPACE,
  type TunedOptions,
  type HyperparameterSearch,
  type SearchData,
} from './tuned-technique.ts';
