// The study layer: the one config schema, its parsing, the data split, the tracked
// session and the technique contract. Everything that reads a study goes through here.
export {
  studySchema,
  datasetSchema,
  trainSchema,
  modelSchema,
  preprocessSchema,
  optimizerSchema,
  scheduleSchema,
  augmentSchema,
  techniqueEntrySchema,
  CLEAN_STEP_ALIASES,
  CLEAN_STEP_OPTIONS,
  type StudyConfig,
  type DatasetConfig,
  type ImagesDatasetConfig,
  type TableDatasetConfig,
  type StudyTrainConfig,
  type TechniqueEntry,
} from './schema.ts';
export { parseConfig, formatPath, closest, ConfigError, type ConfigIssue } from './parse.ts';
export {
  resolveStudy,
  studyModel,
  isImageDataset,
  type ResolvedStudy,
  type StudyPreprocessConfig,
} from './study.ts';
export { splitExamples, stratifiedOrder, type SplitOptions, type SplitIndices } from './split.ts';
export {
  startSession,
  trainWithStudy,
  flattenParams,
  logArtifacts,
  type Session,
  type SessionOptions,
} from './session.ts';
export { environment, type RunEnvironment } from './environment.ts';
export {
  registerTechniqueKind,
  listTechniqueKinds,
  getTechniqueKind,
  type Technique,
  type TechniqueKind,
  type TechniqueContext,
  type Variant,
  type StudyData,
} from './technique.ts';
