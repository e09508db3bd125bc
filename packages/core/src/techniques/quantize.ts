import { join } from 'node:path';
import { z } from 'zod';
import { loadInt8, saveInt8, saveQuantized } from '../compress/index.ts';
import { loadModel, modelFileSize } from '../io/index.ts';
import type { TechniqueKind, Variant } from '../study/technique.ts';

const params = z.strictObject({
  dtype: z
    .enum(['float16', 'uint8', 'uint16', 'int8'])
    .default('uint8')
    .describe('float16/uint8/uint16: the tfjs weights-manifest format; int8: symmetric per-channel kernels'),
  base: z.string().optional().describe('quantize the variant of this earlier row (e.g. a pruned one)'),
});

/**
 * Post-training weight quantization. float16/uint8/uint16 write the tfjs manifest
 * format (stock tfjs loads it); int8 writes symmetric per-channel kernels in the
 * frontier-int8 format. Bytes are measured on the written folder, accuracy on the
 * model loaded back from it. With `base`, the row is `<base>+<dtype>`.
 */
export const quantizeKind: TechniqueKind<typeof params> = {
  kind: 'quantize',
  summary: 'post-training weight quantization (float16, uint8, uint16, int8 per-channel)',
  params,
  create(p, name) {
    const int8 = p.dtype === 'int8';
    return {
      name: name ?? (p.base ? `${p.base}+${p.dtype}` : int8 ? 'int8-per-channel' : `quant-${p.dtype}`),
      base: p.base,
      description: int8
        ? `${p.base ? `${p.base}, then ` : 'post-training '}int8 symmetric per-channel kernels, float32 biases`
        : p.base
          ? `${p.base}, then ${p.dtype} weights in the tfjs weights-manifest format (pruning and quantization compound)`
          : `post-training ${p.dtype} weights in the tfjs weights-manifest format (loads in stock tfjs)`,
      async apply(ctx): Promise<Variant> {
        const dir = join(ctx.workDir, p.dtype);
        if (int8) await saveInt8(ctx.baseline, dir);
        else await saveQuantized(ctx.baseline, dir, { dtype: p.dtype as 'float16' | 'uint8' | 'uint16' });
        const size = await modelFileSize(dir);
        return {
          model: int8 ? await loadInt8(dir) : await loadModel(dir),
          metrics: {
            bytes: { value: size.rawBytes, unit: 'bytes' },
            gzipBytes: { value: size.gzipBytes, unit: 'bytes' },
          },
          notes: [
            int8
              ? 'stored in the frontier-int8 format (stock tfjs has no per-channel int8); accuracy on the weights as stored'
              : `bytes measured on the quantized folder; accuracy on the weights as stored`,
          ],
        };
      },
    };
  },
};
