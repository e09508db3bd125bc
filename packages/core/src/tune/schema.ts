// The schema of a tune config: a study config plus its `search` block (the space,
// checked in depth by validateSpace) and the `tune` settings.
import { z } from 'zod';
import { studySchema } from '../study/schema.ts';
import { PRUNERS } from './pruners.ts';
import { SAMPLERS } from './samplers.ts';

/** The `tune` block of a tune config; command-line flags override it. */
export const tuneSettingsSchema = z.strictObject({
  trials: z.int().min(1).optional().describe('total trials; default 20'),
  sampler: z.enum(SAMPLERS).optional().describe('default tpe'),
  pruner: z.enum(PRUNERS).optional().describe('default asha'),
  workers: z.int().min(1).optional().describe('worker processes; default 2'),
  metric: z.string().min(1).optional().describe('default val_accuracy'),
  direction: z
    .enum(['maximize', 'minimize'])
    .optional()
    .describe('default maximize (minimize for a *loss metric)'),
  study: z.string().min(1).optional().describe('study name; default the config’s experiment, else "tune"'),
  minResource: z.int().min(1).optional().describe('ASHA/Hyperband first rung in epochs; default 1'),
  reductionFactor: z.number().gt(1).optional().describe('ASHA/Hyperband η; default 3'),
  nStartupTrials: z.int().min(0).optional().describe('TPE random startup trials; default 10'),
  gamma: z.number().gt(0).lt(1).optional().describe('TPE γ; default 0.25'),
  multivariate: z.boolean().optional().describe('TPE joint densities; default true'),
  floatPoints: z.int().min(2).optional().describe('grid points per float without a step; default 5'),
  staleAfterMs: z
    .int()
    .min(1)
    .optional()
    .describe('a silent running trial counts as orphaned after this; default 600000'),
});

const paramSchema = z.looseObject({ type: z.enum(['int', 'float', 'choice']) });

/** A tune config: every study field, a required `search` space and optional settings. */
export const tuneSchema = studySchema.extend({
  search: z
    .record(z.string().min(1), paramSchema)
    .refine((s) => Object.keys(s).length > 0, 'the search space is empty')
    .describe('parameter path → { "type": "int" | "float" | "choice", … }'),
  tune: tuneSettingsSchema.optional(),
});
