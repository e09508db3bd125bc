/**
 * Training throughput of a small Transformer encoder classifier, side by side on the
 * onednn backend, pure-JS tfjs-cpu and PyTorch (Debian's python3-torch, same
 * architecture, 2 threads): row (c) of the backend benchmark.
 *
 *   node --import tsx packages/core/bench/transformer.ts [--quick]
 *
 * Model: token + position embeddings (vocab 1,000, 64 tokens, width 64) → 2 post-norm
 * encoder blocks (4 heads, feed-forward 256, GELU, dropout 0.1) → mean over tokens →
 * softmax over 2 classes; Adam 1e-3 through Frontier's Trainer step (fused Adam on
 * onednn), batch 32, random token ids in [1, 1000) so no padding mask is involved.
 * Throughput is the median of timed rounds after warm-up.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';

import { selectBackend } from '../src/backend.ts';
import { Trainer } from '../src/train/trainer.ts';
import { buildModel } from '../src/models/build.ts';
import { transformerClassifier } from '../src/models/presets.ts';
import { countParams } from '../src/models/summary.ts';

const quick = process.argv.includes('--quick');
const PYTHON = '/usr/bin/python3';
const SHAPE = { vocabSize: 1000, maxLen: 64, dim: 64, numHeads: 4, ffDim: 256, layers: 2, classes: 2 };
const BATCH = 32;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Samples/s of Trainer steps on `backend`: `rounds` rounds of at least `roundSec` and `minSteps` steps. */
async function trainRate(backend: string, rounds: number, roundSec: number, minSteps: number) {
  await tf.setBackend(backend);
  const model = buildModel(transformerClassifier(SHAPE), 1);
  const trainer = new Trainer(model, { optimizer: { name: 'adam', learningRate: 1e-3 } });
  let state = 12345;
  const ids = Float32Array.from({ length: BATCH * SHAPE.maxLen }, () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return 1 + (state % (SHAPE.vocabSize - 1));
  });
  const x = tf.tensor2d(ids, [BATCH, SHAPE.maxLen]);
  const y = tf.oneHot(
    tf.tensor1d(
      Array.from({ length: BATCH }, (_, i) => i % 2),
      'int32',
    ),
    2,
  );
  trainer.trainStep(x, y, 0); // warm-up: slot variables, primitive cache
  trainer.trainStep(x, y, 0);
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let steps = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < roundSec * 1000 || steps < minSteps) {
      trainer.trainStep(x, y, 0);
      steps++;
    }
    rates.push((steps * BATCH * 1000) / (performance.now() - t0));
  }
  const params = countParams(model);
  tf.dispose([x, y]);
  trainer.optimizer.dispose();
  model.dispose();
  return { samplesPerSec: median(rates), params };
}

function torchRate(): { samplesPerSec: number; params: number; torch: string } | string {
  if (!existsSync(PYTHON)) return `skipped: ${PYTHON} not found`;
  const script = join(dirname(fileURLToPath(import.meta.url)), 'transformer_bench.py');
  const r = spawnSync(PYTHON, [script, JSON.stringify({ ...SHAPE, batch: BATCH, seconds: quick ? 1 : 4 })], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (r.status !== 0)
    return `skipped: transformer_bench.py failed (${(r.stderr || '').trim().split('\n').pop()})`;
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, unknown>;
  if (typeof out.error === 'string') return `skipped: ${out.error}`;
  return out as { samplesPerSec: number; params: number; torch: string };
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const native = await selectBackend();
if (native !== 'onednn') {
  console.error('the onednn backend is not available; run `make setup`');
  process.exit(1);
}
const one = await trainRate('onednn', quick ? 3 : 5, quick ? 0.5 : 2, 3);
const cpu = await trainRate('cpu', 1, 0, quick ? 1 : 3);
const torch = torchRate();
const t = typeof torch === 'string' ? NaN : torch.samplesPerSec;
console.log(
  `(c) Transformer encoder, ${fmt(one.params)} parameters (PyTorch: ${typeof torch === 'string' ? 'n/a' : fmt(torch.params)}), batch ${BATCH}, training samples/s`,
);
console.log();
console.log(
  '| model | batch | onednn | tfjs-cpu | PyTorch 2 threads | onednn / PyTorch | onednn / tfjs-cpu |',
);
console.log('|---|---|---|---|---|---|---|');
console.log(
  `| Transformer encoder (2 blocks, width 64, 64 tokens) | ${BATCH} | ${fmt(one.samplesPerSec)} | ${fmt(cpu.samplesPerSec, 1)} | ${typeof torch === 'string' ? torch : fmt(t)} | ${Number.isNaN(t) ? 'n/a' : fmt(one.samplesPerSec / t, 2) + 'x'} | ${fmt(one.samplesPerSec / cpu.samplesPerSec)}x |`,
);
console.log();
console.log(
  `Machine: ${cpus()[0]?.model ?? 'unknown cpu'}, ${cpus().length} cores; node ${process.version}; ${typeof torch === 'string' ? '' : `PyTorch ${torch.torch}; `}load average at end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
