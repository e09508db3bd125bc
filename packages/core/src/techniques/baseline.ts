import { z } from 'zod';
import type { TechniqueKind } from '../study/technique.ts';

/** The model as trained: the row every other row is compared with. */
export const baselineKind: TechniqueKind = {
  kind: 'baseline',
  summary: 'the model as trained, float32 weights',
  params: z.strictObject({}),
  create: (_p, name = 'baseline') => ({
    name,
    description: 'The model as trained, float32 weights',
    apply: async (ctx) => ({ model: ctx.baseline }),
  }),
};
