import { join } from 'node:path';
import type { Technique, Variant } from '../evaluate/technique.ts';
import { loadModel, modelFileSize } from '../io/index.ts';
import { countParams } from '../models/index.ts';
import { clusterWeights } from './cluster.ts';
import { distill, makeStudent } from './distill.ts';
import { loadInt8, saveInt8 } from './int8.ts';
import type { SparsityPattern } from './masks.ts';
import { MagnitudePruner } from './pruner.ts';
import { constantSparsity, polynomialDecay } from './schedule.ts';
import { pruneStructured } from './structured.ts';
import { cloneModel } from './surgery.ts';
import { QuantizationAwareTraining } from './qat.ts';
import { saveQuantized, type WeightQuantDtype } from './weight-quantization.ts';

/**
 * Options of {@link pruneTechnique}. Defaults: global scope, unstructured, 1 epoch of
 * fine-tuning with the polynomial schedule ending at 60% of it.
 */
export interface PruneTechniqueOptions {
  sparsity: number;
  epochs?: number;
  scope?: 'layer' | 'global';
  pattern?: SparsityPattern;
  name?: string;
}

/**
 * Gradual magnitude pruning to `sparsity` during a short fine-tune (Zhu & Gupta:
 * PolynomialDecay, power 3; the update frequency is 100 steps, or a tenth of the
 * pruning span when the fine-tune is shorter). N:M patterns prune once, then fine-tune.
 */
export function pruneTechnique(opts: PruneTechniqueOptions): Technique {
  const epochs = opts.epochs ?? 1;
  const pattern = opts.pattern ?? { kind: 'unstructured' };
  const name = opts.name ?? `prune-${Math.round(opts.sparsity * 100)}`;
  return {
    name,
    trains: true,
    description:
      pattern.kind === 'nm'
        ? `${pattern.n}:${pattern.m} magnitude pruning, then ${epochs} epoch(s) of fine-tuning with the mask`
        : `gradual magnitude pruning to ${opts.sparsity * 100}% (${opts.scope ?? 'global'}, ${pattern.kind}) over ${epochs} epoch(s) of fine-tuning`,
    async apply(ctx) {
      const model = await cloneModel(ctx.baseline);
      const steps = epochs * Math.ceil(ctx.data.train.x.shape[0] / 32);
      const endStep = Math.max(1, Math.floor(0.6 * steps));
      const schedule =
        pattern.kind === 'nm'
          ? constantSparsity(0.5)
          : polynomialDecay({
              initialSparsity: 0,
              finalSparsity: opts.sparsity,
              endStep,
              frequency: Math.min(100, Math.max(1, Math.floor(endStep / 10))),
            });
      const pruner = new MagnitudePruner(model, { schedule, scope: opts.scope ?? 'global', pattern });
      await ctx.train(model, { epochs, transforms: [pruner], callbacks: [pruner] });
      const report = pruner.strip();
      ctx.log(`${name}: kernel sparsity ${(report.kernelSparsity * 100).toFixed(2)}%`);
      return {
        model,
        metrics: { sparsity: { value: report.sparsity, unit: 'ratio' } },
        notes: report.weights
          .filter((w) => w.zeros > 0)
          .map((w) => `${w.weight}: ${(w.sparsity * 100).toFixed(1)}% zeros`),
      };
    },
  };
}

/**
 * Post-training weight quantization in the tfjs manifest format: the variant is the
 * folder stock tfjs loads (bytes measured on it), evaluated as the dequantized model.
 * With `base`, it quantizes that technique's variant (e.g. the pruned model: zeros stay
 * exactly zero, so pruning and quantization compound) and is named `<base>+<dtype>`.
 */
export function quantTechnique(dtype: WeightQuantDtype, base?: string): Technique {
  return {
    name: base ? `${base}+${dtype}` : `quant-${dtype}`,
    base,
    description: base
      ? `${base}, then ${dtype} weights in the tfjs weights-manifest format (pruning and quantization compound)`
      : `post-training ${dtype} weights in the tfjs weights-manifest format (loads in stock tfjs)`,
    async apply(ctx): Promise<Variant> {
      const dir = join(ctx.workDir, dtype);
      await saveQuantized(ctx.baseline, dir, { dtype });
      const size = await modelFileSize(dir);
      return {
        model: await loadModel(dir),
        metrics: {
          bytes: { value: size.rawBytes, unit: 'bytes' },
          gzipBytes: { value: size.gzipBytes, unit: 'bytes' },
        },
        notes: [`bytes measured on the quantized folder ${dir}; accuracy on its dequantized weights`],
      };
    },
  };
}

/** int8 symmetric per-channel kernels (Frontier int8 format), measured on the written folder. */
export const int8Technique: Technique = {
  name: 'int8-per-channel',
  description: 'post-training int8 symmetric per-channel kernels, float32 biases',
  async apply(ctx) {
    const dir = join(ctx.workDir, 'int8');
    const size = await saveInt8(ctx.baseline, dir);
    return {
      model: await loadInt8(dir),
      metrics: {
        bytes: { value: size.rawBytes, unit: 'bytes' },
        gzipBytes: { value: size.gzipBytes, unit: 'bytes' },
      },
      notes: [
        'stored in the frontier-int8 format (stock tfjs has no per-channel int8); accuracy on dequantized weights',
      ],
    };
  },
};

/** Options of {@link distillTechnique}. Defaults: ≤ ¼ of the parameters, T = 4, alpha 0.1, 1 epoch. */
export interface DistillTechniqueOptions {
  maxFraction?: number;
  temperature?: number;
  alpha?: number;
  epochs?: number;
}

/** Knowledge distillation into a narrower student of the same architecture. */
export function distillTechnique(opts: DistillTechniqueOptions = {}): Technique {
  const maxFraction = opts.maxFraction ?? 0.25;
  const temperature = opts.temperature ?? 4;
  const alpha = opts.alpha ?? 0.1;
  const epochs = opts.epochs ?? 1;
  return {
    name: 'distill',
    trains: true,
    description: `student with ≤ ${maxFraction} of the parameters (initialised from the baseline's strongest units) trained on its soft targets (T=${temperature}, alpha=${alpha}, ${epochs} epoch(s))`,
    async apply(ctx) {
      const student = await makeStudent(ctx.baseline, maxFraction);
      await distill(ctx.baseline, student, ctx.data.train.x, ctx.data.train.y, {
        temperature,
        alpha,
        epochs,
        seed: ctx.seed,
        onEpochEnd: (e, logs) => ctx.log(`distill epoch ${e + 1}: loss ${logs.loss.toFixed(4)}`),
      });
      const ratio = countParams(student) / countParams(ctx.baseline);
      return {
        model: student,
        notes: [`student has ${(ratio * 100).toFixed(1)}% of the teacher's parameters`],
      };
    },
  };
}

/** k-means weight clustering of every kernel, post-training. */
export function clusterTechnique(clusters = 16): Technique {
  return {
    name: `cluster-${clusters}`,
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
  };
}

/** Structured filter/unit pruning (the model shrinks), then fine-tuning via the study recipe. */
export function structuredTechnique(fraction = 0.5, epochs = 1): Technique {
  return {
    name: `filters-${Math.round(fraction * 100)}`,
    trains: true,
    description: `structured pruning: remove ${fraction * 100}% of hidden filters/units by L1 norm, then ${epochs} epoch(s) of fine-tuning`,
    async apply(ctx) {
      const { model, report } = await pruneStructured(ctx.baseline, { fraction });
      await ctx.train(model, { epochs });
      return { model, notes: report.layers.map((l) => `${l.layer}: ${l.before} → ${l.after}`) };
    },
  };
}

/**
 * Quantization-aware training: `epochs` of fine-tuning with int8 per-channel fake-quant
 * kernels (straight-through estimator), then stored in the frontier-int8 format.
 */
export function qatTechnique(epochs = 1): Technique {
  return {
    name: 'qat-int8',
    trains: true,
    description: `quantization-aware fine-tuning (${epochs} epoch(s), int8 per-channel fake-quant, STE), stored as int8`,
    async apply(ctx) {
      const model = await cloneModel(ctx.baseline);
      const qat = new QuantizationAwareTraining(model, { scheme: 'int8-per-channel' });
      await ctx.train(model, { epochs, callbacks: [qat] });
      const dir = join(ctx.workDir, 'int8');
      const size = await saveInt8(model, dir);
      const loaded = await loadInt8(dir);
      model.dispose();
      return {
        model: loaded,
        metrics: {
          bytes: { value: size.rawBytes, unit: 'bytes' },
          gzipBytes: { value: size.gzipBytes, unit: 'bytes' },
        },
        notes: ['accuracy on the int8 weights as stored'],
      };
    },
  };
}

/**
 * Rows that cost an extra fine-tuning epoch each and are left out of the default study
 * to keep it near five minutes: 2:4 pruning, block pruning and QAT.
 */
export const extraCompressionTechniques: Technique[] = [
  pruneTechnique({ sparsity: 0.5, pattern: { kind: 'nm', n: 2, m: 4 }, name: 'prune-2of4' }),
  pruneTechnique({ sparsity: 0.9, pattern: { kind: 'block', rows: 4, cols: 1 }, name: 'prune-block4-90' }),
  qatTechnique(1),
];

/** The compression rows of the technique matrix, in report order. */
export const compressionTechniques: Technique[] = [
  pruneTechnique({ sparsity: 0.9 }),
  quantTechnique('uint8', 'prune-90'),
  quantTechnique('float16'),
  quantTechnique('uint8'),
  int8Technique,
  clusterTechnique(16),
  structuredTechnique(0.5),
  distillTechnique(),
];
