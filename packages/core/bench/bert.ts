/**
 * Measures whether masked-LM pretraining on unlabelled SpamAssassin text helps a
 * tiny BERT classify spam from few labels. Run:
 *
 *   node --import tsx packages/core/bench/bert.ts [--labels 200] [--seeds 3]
 *     [--pretrain-epochs 4] [--pretrain-limit N] [--finetune-epochs 20] [--max-len 64] [--vocab 1000] [--dim 32]
 *     [--layers 2] [--pretrain-lr 0.001]
 *
 * Protocol: a fixed shuffle (seed 0) holds out 1,000 messages for test; the BPE
 * tokenizer and the masked-LM pretraining see only the other messages' text, never a
 * label (`--pretrain-limit` caps how many of them pretraining reads). For each label seed, `--labels` messages are drawn from the non-test
 * messages; the same architecture, initial seed and fine-tuning recipe (AdamW 1e-3,
 * batch 16, fixed epochs, no early stopping) train (a) from the pretrained encoder and
 * (b) from scratch. Test accuracy of both, and their difference, are printed as
 * a table on stderr and as JSON on stdout.
 */
import * as tf from '@tensorflow/tfjs';
import { spamAssassin } from '../src/data/index.ts';
import { trainBpe } from '../src/text/index.ts';
import { Trainer } from '../src/train/trainer.ts';
import { epochPermutation, mulberry32 } from '../src/train/rng.ts';
import { buildBert, encoderOf, pretrainMaskedLm, type BertConfig } from '../src/models/bert.ts';
import { countParams } from '../src/models/summary.ts';

function arg(name: string, dflt: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
}

/** Subject line + body: the headers (routing, dates, list names) are dropped. */
export function subjectAndBody(message: string): string {
  const split = message.search(/\r?\n\r?\n/);
  const head = split < 0 ? '' : message.slice(0, split);
  const body = split < 0 ? message : message.slice(split);
  const subject = /^subject:(.*)$/im.exec(head)?.[1] ?? '';
  return `${subject.trim()}\n${body.replace(/<[^>]*>/g, ' ')}`;
}

async function main(): Promise<void> {
  const labels = arg('labels', 200);
  const seeds = arg('seeds', 3);
  const pretrainEpochs = arg('pretrain-epochs', 4);
  const finetuneEpochs = arg('finetune-epochs', 20);
  const maxLen = arg('max-len', 64);
  const vocab = arg('vocab', 1000);
  const dim = arg('dim', 32);
  const pretrainLimit = arg('pretrain-limit', Infinity);
  const layers = arg('layers', 2);
  const pretrainLr = arg('pretrain-lr', 1e-3);
  const log = (m: string) => process.stderr.write(`${m}\n`);
  const t0 = Date.now();

  const data = await spamAssassin();
  const texts = data.texts.map(subjectAndBody);
  const order = epochPermutation(texts.length, 0, 0);
  const test = order.subarray(0, 1000);
  const pool = order.subarray(1000);
  const tok = trainBpe(
    Array.from(pool, (i) => texts[i].slice(0, 3000)),
    { vocabSize: vocab },
  );
  log(`tokenizer: ${tok.vocabSize} tokens from ${pool.length} unlabelled messages (${Date.now() - t0} ms)`);
  const ids = tok.encodeBatch(texts, maxLen);
  const rowsOf = (idx: ArrayLike<number>) => {
    const out = new Int32Array(idx.length * maxLen);
    Array.from(idx).forEach((r, i) => out.set(ids.subarray(r * maxLen, (r + 1) * maxLen), i * maxLen));
    return out;
  };
  const cfg: BertConfig = {
    vocabSize: tok.vocabSize,
    maxLen,
    dim,
    numHeads: 2,
    ffDim: 2 * dim,
    layers,
    dropout: 0.1,
  };

  const pretrained = buildBert(cfg, 42);
  log(`model: ${countParams(pretrained)} parameters, ${JSON.stringify(cfg)}`);
  const t1 = Date.now();
  const unlabelled = pool.subarray(0, Math.min(pool.length, pretrainLimit));
  const mlm = await pretrainMaskedLm(encoderOf(pretrained), rowsOf(unlabelled), maxLen, {
    vocabSize: tok.vocabSize,
    epochs: pretrainEpochs,
    batchSize: 32,
    optimizer: { name: 'adamw', learningRate: pretrainLr, weightDecay: 0.01 },
    seed: 42,
    onEpoch: (e, l) =>
      log(`pretrain epoch ${e + 1}: masked-LM loss ${l.loss.toFixed(3)}, accuracy ${l.accuracy.toFixed(3)}`),
  });
  const pretrainSeconds = (Date.now() - t1) / 1000;
  const pretrainedWeights = pretrained.getWeights().map((w) => w.clone());
  pretrained.dispose();

  const xTest = tf.tensor2d(rowsOf(test), [test.length, maxLen], 'int32');
  const yTest = tf
    .oneHot(
      tf.tensor1d(
        Array.from(test, (i) => data.labels[i]),
        'int32',
      ),
      2,
    )
    .toFloat();
  const runs: Array<{ seed: number; scratch: number; pretrained: number }> = [];
  for (let s = 1; s <= seeds; s++) {
    const rand = mulberry32(s);
    const picked = Array.from(pool)
      .map((i) => [rand(), i] as const)
      .sort((a, b) => a[0] - b[0])
      .slice(0, labels)
      .map(([, i]) => i);
    const x = tf.tensor2d(rowsOf(picked), [picked.length, maxLen], 'int32');
    const y = tf
      .oneHot(
        tf.tensor1d(
          picked.map((i) => data.labels[i]),
          'int32',
        ),
        2,
      )
      .toFloat();
    const accuracy: Record<string, number> = {};
    for (const variant of ['scratch', 'pretrained'] as const) {
      const model = buildBert(cfg, 42);
      if (variant === 'pretrained')
        model.setWeights(pretrainedWeights.slice(0, -2).concat(model.getWeights().slice(-2)));
      const trainer = new Trainer(model, {
        optimizer: { name: 'adamw', learningRate: 1e-3, weightDecay: 0.01 },
      });
      await trainer.fit(x, y, { epochs: finetuneEpochs, batchSize: 16, seed: s });
      accuracy[variant] = trainer.evaluate(xTest, yTest).accuracy as number;
      trainer.optimizer.dispose();
      model.dispose();
    }
    const spam = picked.filter((i) => data.labels[i] === 1).length;
    log(
      `labels seed ${s} (${spam} spam of ${labels}): scratch ${accuracy.scratch.toFixed(3)}, pretrained ${accuracy.pretrained.toFixed(3)}`,
    );
    runs.push({ seed: s, scratch: accuracy.scratch, pretrained: accuracy.pretrained });
    tf.dispose([x, y]);
  }
  const mean = (k: 'scratch' | 'pretrained') => runs.reduce((a, r) => a + r[k], 0) / runs.length;
  const testSpam = Array.from(test).filter((i) => data.labels[i] === 1).length / test.length;
  const result = {
    labels,
    testSize: test.length,
    testMajorityAccuracy: Math.max(testSpam, 1 - testSpam),
    config: cfg,
    pretrain: {
      messages: unlabelled.length,
      epochs: pretrainEpochs,
      learningRate: pretrainLr,
      seconds: pretrainSeconds,
      history: mlm,
    },
    finetuneEpochs,
    runs,
    meanScratch: mean('scratch'),
    meanPretrained: mean('pretrained'),
    pretrainedWins: runs.filter((r) => r.pretrained > r.scratch).length,
    seconds: (Date.now() - t0) / 1000,
  };
  log(
    `mean test accuracy over ${runs.length} label seeds: scratch ${result.meanScratch.toFixed(3)}, ` +
      `pretrained ${result.meanPretrained.toFixed(3)} (majority class ${result.testMajorityAccuracy.toFixed(3)}); ` +
      `pretrained wins ${result.pretrainedWins}/${runs.length}; ${result.seconds.toFixed(0)} s`,
  );
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
