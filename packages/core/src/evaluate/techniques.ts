// The one list of built-in techniques: each later capability (pruning, quantization,
// distillation, DP-SGD, …) adds its own file and one line here; the harness is untouched.
import { registerTechnique } from './technique.ts';

registerTechnique({
  name: 'baseline',
  description: 'The model as trained, float32 weights',
  apply: async (ctx) => ({ model: ctx.baseline }),
});
