import { z } from 'zod';
import { distill, makeStudent } from '../compress/index.ts';
import { countParams } from '../models/index.ts';
import type { TechniqueKind } from '../study/technique.ts';

const params = z.strictObject({
  fraction: z
    .number()
    .gt(0)
    .lt(1)
    .default(0.25)
    .describe('the student has at most this fraction of the parameters'),
  temperature: z.number().positive().default(4),
  alpha: z.number().min(0).max(1).default(0.1).describe('weight of the hard-label loss'),
  epochs: z.int().min(1).default(1),
});

/** Knowledge distillation into a narrower student of the same architecture. */
export const distillKind: TechniqueKind<typeof params> = {
  kind: 'distill',
  summary: 'knowledge distillation into a narrower student',
  params,
  create: (p, name = 'distill') => ({
    name,
    trains: true,
    description: `student with ≤ ${p.fraction} of the parameters (initialised from the baseline's strongest units) trained on its soft targets (T=${p.temperature}, alpha=${p.alpha}, ${p.epochs} epoch(s))`,
    async apply(ctx) {
      const student = await makeStudent(ctx.baseline, p.fraction);
      await distill(ctx.baseline, student, ctx.data.train.x, ctx.data.train.y, {
        temperature: p.temperature,
        alpha: p.alpha,
        epochs: p.epochs,
        seed: ctx.seed,
        onEpochEnd: (e, logs) => ctx.log(`distill epoch ${e + 1}: loss ${logs.loss.toFixed(4)}`),
      });
      const ratio = countParams(student) / countParams(ctx.baseline);
      return {
        model: student,
        metrics: { parameterFraction: { value: ratio, unit: 'ratio' } },
        notes: [`student has ${(ratio * 100).toFixed(1)}% of the teacher's parameters`],
      };
    },
  }),
};
