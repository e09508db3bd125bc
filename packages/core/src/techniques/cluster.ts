import { z } from 'zod';
import { clusterWeights } from '../compress/index.ts';
import type { TechniqueKind } from '../study/technique.ts';

const params = z.strictObject({
  clusters: z.int().min(2).max(65536).default(16).describe('centroids per kernel'),
});

/** k-means weight clustering of every kernel, post-training. */
export const clusterKind: TechniqueKind<typeof params> = {
  kind: 'cluster',
  summary: 'k-means weight clustering of every kernel (post-training)',
  params,
  create: ({ clusters }, name) => ({
    name: name ?? `cluster-${clusters}`,
    description: `k-means weight clustering, ${clusters} centroids per kernel (post-training)`,
    async apply(ctx) {
      const { model, report } = await clusterWeights(ctx.baseline, { clusters });
      return {
        model,
        metrics: { packedBytes: { value: report.packedBytes, unit: 'bytes' } },
        notes: [
          `packedBytes: ${Math.ceil(Math.log2(clusters))}-bit indices + centroids; bytes/gzipBytes are the float32 tfjs files`,
        ],
      };
    },
  }),
};
