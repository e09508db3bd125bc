import { z } from 'zod';
import { cloneModel, constantSparsity, MagnitudePruner, polynomialDecay } from '../compress/index.ts';
import type { TechniqueKind } from '../study/technique.ts';

const params = z.strictObject({
  sparsity: z.number().gt(0).lt(1).default(0.9).describe('fraction of kernel weights set to zero'),
  epochs: z.int().min(1).default(1).describe('fine-tuning epochs with the mask'),
  scope: z.enum(['layer', 'global']).default('global'),
  pattern: z
    .union([z.literal('unstructured'), z.string().regex(/^\d+:\d+$/), z.string().regex(/^block:\d+x\d+$/)])
    .default('unstructured')
    .describe('unstructured, N:M (e.g. 2:4) or block:RxC (e.g. block:4x1)'),
  base: z.string().optional().describe('prune the variant of this earlier row instead of the baseline'),
});

/**
 * Gradual magnitude pruning to `sparsity` during a short fine-tune (Zhu & Gupta:
 * PolynomialDecay, power 3; the update frequency is 100 steps, or a tenth of the
 * pruning span when the fine-tune is shorter). N:M patterns prune once, then fine-tune.
 */
export const pruneKind: TechniqueKind<typeof params> = {
  kind: 'prune',
  summary: 'magnitude pruning during a short fine-tune (unstructured, N:M or block)',
  params,
  create(p, name) {
    const nm = /^(\d+):(\d+)$/.exec(p.pattern);
    const block = /^block:(\d+)x(\d+)$/.exec(p.pattern);
    const pattern = nm
      ? ({ kind: 'nm', n: Number(nm[1]), m: Number(nm[2]) } as const)
      : block
        ? ({ kind: 'block', rows: Number(block[1]), cols: Number(block[2]) } as const)
        : ({ kind: 'unstructured' } as const);
    const rowName =
      name ??
      (nm
        ? `prune-${nm[1]}of${nm[2]}`
        : `prune-${block ? `block${block[1]}${block[2] === '1' ? '' : `x${block[2]}`}-` : ''}${Math.round(p.sparsity * 100)}`);
    return {
      name: rowName,
      base: p.base,
      trains: true,
      description: nm
        ? `${nm[1]}:${nm[2]} magnitude pruning, then ${p.epochs} epoch(s) of fine-tuning with the mask`
        : `gradual magnitude pruning to ${p.sparsity * 100}% (${p.scope}, ${pattern.kind}) over ${p.epochs} epoch(s) of fine-tuning`,
      async apply(ctx) {
        const model = await cloneModel(ctx.baseline);
        const steps = p.epochs * Math.ceil(ctx.data.train.x.shape[0] / 32);
        const endStep = Math.max(1, Math.floor(0.6 * steps));
        const schedule = nm
          ? constantSparsity(1 - Number(nm[1]) / Number(nm[2]))
          : polynomialDecay({
              initialSparsity: 0,
              finalSparsity: p.sparsity,
              endStep,
              frequency: Math.min(100, Math.max(1, Math.floor(endStep / 10))),
            });
        const pruner = new MagnitudePruner(model, { schedule, scope: p.scope, pattern });
        await ctx.train(model, { epochs: p.epochs, transforms: [pruner], callbacks: [pruner] });
        const report = pruner.strip();
        ctx.log(`${rowName}: kernel sparsity ${(report.kernelSparsity * 100).toFixed(2)}%`);
        return {
          model,
          metrics: { sparsity: { value: report.sparsity, unit: 'ratio' } },
          notes: report.weights
            .filter((w) => w.zeros > 0)
            .map((w) => `${w.weight}: ${(w.sparsity * 100).toFixed(1)}% zeros`),
        };
      },
    };
  },
};
