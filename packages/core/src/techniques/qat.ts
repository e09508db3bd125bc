import { join } from 'node:path';
import { z } from 'zod';
import { cloneModel, loadInt8, QuantizationAwareTraining, saveInt8 } from '../compress/index.ts';
import type { TechniqueKind } from '../study/technique.ts';

const params = z.strictObject({
  epochs: z.int().min(1).default(1).describe('fine-tuning epochs with fake-quant'),
});

/**
 * Quantization-aware training: `epochs` of fine-tuning with int8 per-channel fake-quant
 * kernels (straight-through estimator), then stored as int8 per-channel.
 */
export const qatKind: TechniqueKind<typeof params> = {
  kind: 'qat',
  summary: 'quantization-aware fine-tuning, stored as int8 per-channel',
  params,
  create: ({ epochs }, name = 'qat-int8') => ({
    name,
    trains: true,
    description: `quantization-aware fine-tuning (${epochs} epoch(s), int8 per-channel fake-quant, STE), stored as int8`,
    async apply(ctx) {
      const model = await cloneModel(ctx.baseline);
      const qat = new QuantizationAwareTraining(model, { scheme: 'int8-per-channel' });
      await ctx.train(model, { epochs, callbacks: [qat] });
      const dir = join(ctx.workDir, 'int8');
      await saveInt8(model, dir);
      const loaded = await loadInt8(dir);
      return {
        model: loaded,
        // The harness saves the fine-tuned model as int8 (the format measured), then it is dropped.
        save: async (out) => {
          await saveInt8(model, out);
          model.dispose();
        },
        notes: ['accuracy on the int8 weights as stored'],
      };
    },
  }),
};
