// The most used entry points; each feature area is also a subpath export
// (@frontier/core/data, /models, /train, /io, /track, /report, /evaluate).
export { FrontierError } from './util/errors.ts';
export { writeFileAtomic } from './util/atomic.ts';
export { selectBackend } from './backend.ts';
export {
  evaluate,
  trainStudy,
  registerTechnique,
  type StudyConfig,
  type EvaluateResult,
  type TrainStudyResult,
  type Technique,
} from './evaluate/index.ts';
