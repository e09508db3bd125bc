export { evaluate, toHistoryPoints, type EvaluateOptions, type EvaluateResult } from './evaluate.ts';
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
export { loadStudyData, type LoadedStudyData } from '../preprocess/study-data.ts';
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
export { checkConfig, configJsonSchema, type CheckedConfig } from './check.ts';
export {
  SECTIONS,
  pickSectionNames,
  pickSections,
  type SectionKind,
  type SectionContext,
} from './sections.ts';
