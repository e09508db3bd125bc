// The most used entry points; each feature area is also a subpath export
// (@frontier/core/data, /models, /train, /io, /track, /report, /study, /techniques,
// /evaluate, …).
export { FrontierError } from './util/errors.ts';
export { writeFileAtomic } from './util/atomic.ts';
export { selectBackend, activeBackend } from './backend.ts';
export { evaluate, trainStudy, type EvaluateResult, type TrainStudyResult } from './evaluate/index.ts';
export {
  resolveStudy,
  ConfigError,
  type StudyConfig,
  type Technique,
  type TechniqueKind,
} from './study/index.ts';
export { registerTechniqueKind, resolveTechniques } from './techniques/index.ts';
