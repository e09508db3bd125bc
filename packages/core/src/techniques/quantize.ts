import { join } from 'node:path';
import { z } from 'zod';
import type * as tf from '@tensorflow/tfjs';
import { saveInt8, saveQuantized } from '../compress/index.ts';
import { loadModel } from '../io/index.ts';
import type { TechniqueKind, Variant } from '../study/technique.ts';

const params = z.strictObject({
  dtype: z
    .enum(['float16', 'uint8', 'uint16', 'int8'])
    .default('uint8')
    .describe(
      'float16/uint8/uint16: the tfjs weights-manifest format; int8: symmetric per-channel kernels (tfjs folder with int8 quantization entries)',
    ),
  base: z.string().optional().describe('quantize the variant of this earlier row (e.g. a pruned one)'),
});

/**
 * Post-training weight quantization. float16/uint8/uint16 write the tfjs manifest
 * format (stock tfjs loads it); int8 writes symmetric per-channel kernels. The
 * harness saves and measures the quantized folder itself; accuracy is measured on
 * the model loaded back from it. With `base`, the row is `<base>+<dtype>`.
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
        // The variant is the model loaded back from the quantized folder; the harness
        // saves (and measures) the same format under models/<row>.
        const save = async (model: tf.LayersModel, dir: string) => {
          if (int8) await saveInt8(model, dir);
          else await saveQuantized(model, dir, { dtype: p.dtype as 'float16' | 'uint8' | 'uint16' });
        };
        const dir = join(ctx.workDir, p.dtype);
        await save(ctx.baseline, dir);
        return {
          model: await loadModel(dir),
          save: (out) => save(ctx.baseline, out),
          notes: [
            int8
              ? 'int8 symmetric per-channel kernels in a tfjs folder (our loaders dequantize at load; stock tfjs refuses the int8 dtype loudly); accuracy on the weights as stored'
              : 'a tfjs weights-manifest folder that stock tfjs loads; accuracy on the weights as stored',
          ],
        };
      },
    };
  },
};
