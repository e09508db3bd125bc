import { z } from 'zod';
import { pruneStructured } from '../compress/index.ts';
import type { TechniqueKind } from '../study/technique.ts';

const params = z.strictObject({
  fraction: z.number().gt(0).lt(1).default(0.5).describe('fraction of hidden filters/units removed'),
  epochs: z.int().min(1).default(1).describe('fine-tuning epochs'),
});

/** Structured filter/unit pruning (the model shrinks), then fine-tuning with the study recipe. */
export const filtersKind: TechniqueKind<typeof params> = {
  kind: 'filters',
  summary: 'structured pruning: remove hidden filters/units by L1 norm, then fine-tune',
  params,
  create: ({ fraction, epochs }, name) => ({
    name: name ?? `filters-${Math.round(fraction * 100)}`,
    trains: true,
    description: `structured pruning: remove ${fraction * 100}% of hidden filters/units by L1 norm, then ${epochs} epoch(s) of fine-tuning`,
    async apply(ctx) {
      const { model, report } = await pruneStructured(ctx.baseline, { fraction });
      await ctx.train(model, { epochs });
      return { model, notes: report.layers.map((l) => `${l.layer}: ${l.before} → ${l.after}`) };
    },
  }),
};
