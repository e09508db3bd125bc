import * as tf from '@tensorflow/tfjs';
import { buildModel } from './build.ts';
import type { ModelConfig } from './config.ts';
import { transformerClassifier } from './presets.ts';
import { gatherRows } from './layers/ops.ts';
import { makeOptimizer, type OptimizerConfig } from '../train/optimizers.ts';
import { epochPermutation } from '../train/rng.ts';
import { maskTokens } from '../text/masking.ts';
import { FrontierError } from '../util/errors.ts';

/** A BERT-style encoder's size. Defaults (BERT-mini-ish, tiny): dim 32, 2 heads, ffDim 64, 2 layers, dropout 0.1. */
export interface BertConfig {
  vocabSize: number;
  maxLen: number;
  classes?: number;
  dim?: number;
  numHeads?: number;
  ffDim?: number;
  layers?: number;
  dropout?: number;
}

/**
 * The classifier config of a BERT-style model: token + position embeddings, `layers`
 * post-norm Transformer encoder blocks, masked mean pooling, Dense(classes, softmax).
 * It is a plain model config, so it builds, trains with the Trainer and saves like any other.
 */
export function bertClassifierConfig(cfg: BertConfig): ModelConfig {
  return {
    ...transformerClassifier({
      vocabSize: cfg.vocabSize,
      maxLen: cfg.maxLen,
      classes: cfg.classes ?? 2,
      dim: cfg.dim ?? 32,
      numHeads: cfg.numHeads ?? 2,
      ffDim: cfg.ffDim ?? 64,
      layers: cfg.layers ?? 2,
      dropout: cfg.dropout ?? 0.1,
      normFirst: false,
    }),
    name: 'bert_classifier',
  };
}

/**
 * The encoder part of a classifier built from bertClassifierConfig: a model from the
 * token ids to the last encoder block's sequence output [b, t, dim], sharing its weights.
 */
export function encoderOf(classifier: tf.LayersModel): tf.LayersModel {
  const blocks = classifier.layers.filter((l) => l.getClassName() === 'FrontierTransformerEncoder');
  if (blocks.length === 0) {
    throw new FrontierError('MODEL_CONFIG', 'the model has no Transformer encoder block', {
      where: classifier.name,
      hint: 'build it from bertClassifierConfig or transformerClassifier',
    });
  }
  return tf.model({
    inputs: classifier.inputs,
    outputs: blocks[blocks.length - 1].output as tf.SymbolicTensor,
  });
}

/** Options of pretrainMaskedLm. Defaults: 3 epochs, batch 32, AdamW 1e-3 (weight decay 0.01), seed 42. */
export interface MaskedLmOptions {
  vocabSize: number;
  epochs?: number;
  batchSize?: number;
  optimizer?: OptimizerConfig;
  seed?: number;
  /** Called after every epoch with the mean masked-token loss and accuracy. */
  onEpoch?: (epoch: number, logs: { loss: number; accuracy: number }) => void;
}

/**
 * Masked-LM pretraining (BERT): each batch of id rows [n, maxLen] is corrupted by
 * maskTokens (fresh masks every epoch, seeded), the encoder runs on it, a linear
 * head over the vocabulary predicts the original ids at the selected positions, and
 * the mean cross-entropy there is minimized over encoder and head together. Returns
 * the per-epoch logs; the head is disposed at the end (only the encoder matters).
 */
export async function pretrainMaskedLm(
  encoder: tf.LayersModel,
  ids: Int32Array,
  maxLen: number,
  opts: MaskedLmOptions,
): Promise<Array<{ loss: number; accuracy: number }>> {
  const epochs = opts.epochs ?? 3;
  const batchSize = opts.batchSize ?? 32;
  const seed = opts.seed ?? 42;
  const n = ids.length / maxLen;
  const dim = encoder.outputs[0].shape[2] as number;
  const head = tf.layers.dense({
    units: opts.vocabSize,
    kernelInitializer: tf.initializers.glorotUniform({ seed }),
    name: 'mlm_head',
  });
  head.build([null, dim]);
  const optimizer = makeOptimizer(opts.optimizer ?? { name: 'adamw', learningRate: 1e-3, weightDecay: 0.01 });
  const vars = [...encoder.trainableWeights, ...head.trainableWeights].map((w) => w.read() as tf.Variable);
  const history: Array<{ loss: number; accuracy: number }> = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = epochPermutation(n, seed, epoch);
    let lossSum = 0;
    let correct = 0;
    let count = 0;
    for (let start = 0; start < n; start += batchSize) {
      const rows = order.subarray(start, Math.min(n, start + batchSize));
      const batch = new Int32Array(rows.length * maxLen);
      rows.forEach((r, i) => batch.set(ids.subarray(r * maxLen, (r + 1) * maxLen), i * maxLen));
      const m = maskTokens(batch, maxLen, {
        vocabSize: opts.vocabSize,
        seed: seed * 7919 + epoch * 104729 + start,
      });
      if (m.positions.length === 0) continue;
      const x = tf.tensor2d(m.inputs, [rows.length, maxLen], 'int32');
      const positions = tf.tensor1d(m.positions, 'int32');
      const labels = tf.tensor1d(m.labels, 'int32');
      let right: tf.Scalar | undefined;
      const { value, grads } = tf.variableGrads(() => {
        const seq = encoder.apply(x, { training: true }) as tf.Tensor;
        const picked = gatherRows(tf.reshape(seq, [-1, dim]), positions);
        const logits = head.apply(picked) as tf.Tensor2D;
        right = tf.keep(tf.sum(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32'))) as tf.Scalar;
        return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, opts.vocabSize), logits) as tf.Scalar;
      }, vars);
      optimizer.applyGradients(grads);
      lossSum += value.dataSync()[0] * m.positions.length;
      correct += right!.dataSync()[0];
      count += m.positions.length;
      tf.dispose([x, positions, labels, value, right!, ...Object.values(grads)]);
      await tf.nextFrame();
    }
    const logs = { loss: lossSum / count, accuracy: correct / count };
    if (!Number.isFinite(logs.loss)) {
      throw new FrontierError('LOSS_NOT_FINITE', `masked-LM loss became ${logs.loss}`, {
        where: `pretraining epoch ${epoch + 1}`,
        hint: 'lower the learning rate',
      });
    }
    history.push(logs);
    opts.onEpoch?.(epoch, logs);
  }
  optimizer.dispose();
  head.weights.forEach((w) => w.dispose()); // Layer.dispose refuses a layer never applied symbolically
  return history;
}

/** Builds a BERT-style classifier (see bertClassifierConfig) with weights seeded from `seed`. */
export function buildBert(cfg: BertConfig, seed = 42): tf.Sequential {
  return buildModel(bertClassifierConfig(cfg), seed);
}
