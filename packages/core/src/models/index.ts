export type * from './config.ts';
export { buildModel, validateModelConfig } from './build.ts';
export { briefCnn, mlp } from './presets.ts';
export { summary, countParams } from './summary.ts';
