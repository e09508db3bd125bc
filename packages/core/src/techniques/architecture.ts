import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import type { Technique, TechniqueContext, TechniqueKind, Variant } from '../study/technique.ts';
import { buildModel } from '../models/build.ts';
import type { ModelConfig } from '../models/config.ts';
import { deepCnn, mlp } from '../models/presets.ts';
import { countParams } from '../models/summary.ts';

/** One architecture of the comparison: a name and a config for the study's data. */
export interface ArchitectureSpec {
  /** Technique name, e.g. 'arch-mlp'. */
  name: string;
  description: string;
  /** The model config for inputs of `inputShape` and `classes` classes; undefined when it does not apply. */
  config(inputShape: number[], classes: number): ModelConfig | undefined;
}

/**
 * The comparison: an MLP (hidden [128], dropout 0.2), in the default study, and a
 * deeper CNN (16/32 conv blocks, batch norm, GAP), opt-in: on the onednn backend it
 * trains about 13× slower per step than the brief's CNN (3 epochs of MNIST would take
 * minutes, past the default study's budget).
 */
export const DEFAULT_ARCHITECTURES: ArchitectureSpec[] = [
  {
    name: 'arch-mlp',
    description:
      'Architecture: MLP (flatten → Dense 128 relu → dropout 0.2 → softmax), trained with the study recipe',
    config: (inputShape, classes) => ({
      ...mlp({ inputShape, hidden: [128], dropout: 0.2, classes }),
      name: 'arch_mlp',
    }),
  },
  {
    name: 'arch-deep-cnn',
    description:
      'Architecture: deeper CNN (2 × [Conv 3×3 → BatchNorm → ReLU → MaxPool] with 16, 32 filters → global average pooling → softmax)',
    config: (inputShape, classes) =>
      inputShape.length === 3
        ? { ...deepCnn({ inputShape, classes, blocks: [16, 32] }), name: 'arch_deep_cnn' }
        : undefined,
  },
];

/**
 * A technique row that trains `spec`'s architecture from scratch on the study's data
 * with the study's recipe (ctx.train), seeded by ctx.seed. The harness measures it
 * like every row (accuracy, parameters, size, latency, and time in its `seconds`
 * column); the notes name the layers and the final validation accuracy. Marked
 * `trains: true`, so the default study on the pure-JS cpu backend leaves it out.
 * Where the architecture does not apply
 * (a CNN on tabular data) the row is the baseline, with a note saying so.
 */
export function architectureTechnique(spec: ArchitectureSpec): Technique {
  return {
    name: spec.name,
    description: spec.description,
    trains: true,
    skip: (data) =>
      spec.config(data.train.x.shape.slice(1), data.classes.length)
        ? undefined
        : `${spec.name} does not apply to inputs of shape [${data.train.x.shape.slice(1).join(', ')}]`,
    async apply(ctx: TechniqueContext): Promise<Variant> {
      const inputShape = ctx.data.train.x.shape.slice(1);
      const config = spec.config(inputShape, ctx.data.classes.length)!;
      const model: tf.LayersModel = buildModel(config, ctx.seed);
      ctx.log(`${spec.name}: training ${config.name} (${countParams(model)} parameters)`);
      const history = await ctx.train(model);
      const last = history[history.length - 1] ?? {};
      return {
        model,
        // The harness measures parameters, accuracy, size, latency and seconds itself.
        notes: [
          `${config.name}: ${config.layers.map((l) => l.type).join(' → ')}; ${history.length} epochs` +
            (last.val_accuracy !== undefined ? `, final val_accuracy ${last.val_accuracy.toFixed(4)}` : ''),
        ],
      };
    },
  };
}

/**
 * The architecture comparison for `frontier evaluate`: one technique per spec
 * (default MLP and deeper CNN), to sit next to the baseline row (the brief's CNN) so the
 * report shows accuracy, parameters and time of each architecture side by side.
 */
export function architectureComparison(specs: ArchitectureSpec[] = DEFAULT_ARCHITECTURES): Technique[] {
  return specs.map(architectureTechnique);
}

const archParams = z.strictObject({
  architecture: z
    .enum(['mlp', 'deep-cnn'])
    .default('mlp')
    .describe('the architecture trained with the study recipe'),
});

/** `{ "kind": "architecture", "architecture": "mlp" | "deep-cnn" }`: another architecture, same recipe. */
export const architectureKind: TechniqueKind<typeof archParams> = {
  kind: 'architecture',
  summary: 'another architecture (mlp, deep-cnn) trained with the study recipe',
  params: archParams,
  create: ({ architecture }, name) => {
    const spec = DEFAULT_ARCHITECTURES.find((a) => a.name === `arch-${architecture}`)!;
    return { ...architectureTechnique(spec), ...(name ? { name } : {}) };
  },
};
