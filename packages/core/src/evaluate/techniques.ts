// The one list of built-in techniques: each capability (pruning, quantization,
// distillation, DP-SGD, …) exports its techniques and gets one line here; the
// harness is untouched.
import { compressionTechniques } from '../compress/index.ts';
import { architectureComparison } from '../models/architecture-comparison.ts';
import { augmentationTechnique } from '../preprocess/index.ts';
import { registerTechnique } from './technique.ts';
import { tunedTechnique } from './tuned-technique.ts';

registerTechnique({
  name: 'baseline',
  description: 'The model as trained, float32 weights',
  apply: async (ctx) => ({ model: ctx.baseline }),
});
registerTechnique({ ...augmentationTechnique(), trains: true });
for (const t of compressionTechniques) registerTechnique(t);
for (const t of architectureComparison()) registerTechnique(t);
registerTechnique(tunedTechnique());
