/**
 * Benchmark of the onednn backend against tfjs-cpu and PyTorch (same models).
 *
 *   node --import tsx packages/backend-onednn/bench/bench.ts [--quick] [--markdown FILE]
 *
 * (a) MNIST CNN training samples/s, batch 32 and 128   (b) MLP 784-512-512-10 likewise
 * (d) sgemm 1024^3 GFLOP/s through tf.matMul vs oneDNN called directly
 * (e) inference latency at batch 1 and 256
 * Throughputs are the median of timed rounds after warm-up; RSS and tfjs tensor
 * counts are checked to stay flat across the onednn training rounds.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import * as tf from '@tensorflow/tfjs';

import { OnednnAdamOptimizer, OnednnBackend, registerOnednnBackend } from '../src/index.ts';
import { mlp, mnistCnn, randomBatch, trainStep } from '../src/testing/models.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const markdownPath = args.includes('--markdown') ? args[args.indexOf('--markdown') + 1] : undefined;
const here = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';

interface ModelSpec {
  name: string;
  make: (seed: number) => tf.LayersModel;
  inputShape: number[];
}
const CNN: ModelSpec = { name: 'MNIST CNN', make: mnistCnn, inputShape: [28, 28, 1] };
const MLP: ModelSpec = { name: 'MLP 784-512-512-10', make: mlp, inputShape: [784] };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface TrainResult {
  samplesPerSec: number;
  rssDriftMiB?: number;
  tensorDrift?: number;
}

/** Training throughput; `rounds` timed rounds of about `roundSec` each, median reported. */
async function trainRate(
  backend: string,
  spec: ModelSpec,
  batch: number,
  rounds: number,
  roundSec: number,
  maxSteps = Infinity,
): Promise<TrainResult> {
  await tf.setBackend(backend);
  const model = spec.make(1);
  const optimizer = backend === 'onednn' ? new OnednnAdamOptimizer(1e-3) : tf.train.adam(1e-3);
  const { x, y } = randomBatch(3, batch, spec.inputShape);
  trainStep(model, optimizer, x, y); // warm-up: primitive cache, slot variables
  if (backend === 'onednn') for (let i = 0; i < 3; i++) trainStep(model, optimizer, x, y);
  let tensors0 = tf.memory().numTensors;
  let rss0 = process.memoryUsage().rss;
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    if (r === 1) {
      // Drift is measured from the end of the first round: the malloc heap and
      // the primitive cache reach their working size during it.
      tensors0 = tf.memory().numTensors;
      rss0 = process.memoryUsage().rss;
    }
    let steps = 0;
    const t0 = performance.now();
    while ((performance.now() - t0 < roundSec * 1000 || steps < 1) && steps < maxSteps) {
      trainStep(model, optimizer, x, y);
      steps++;
    }
    rates.push((steps * batch * 1000) / (performance.now() - t0));
  }
  const result: TrainResult = {
    samplesPerSec: median(rates),
    rssDriftMiB: (process.memoryUsage().rss - rss0) / 2 ** 20,
    tensorDrift: tf.memory().numTensors - tensors0,
  };
  tf.dispose([x, y]);
  model.dispose();
  optimizer.dispose();
  return result;
}

/** Mean predict() latency in ms. */
async function latency(backend: string, spec: ModelSpec, batch: number, runs: number): Promise<number> {
  await tf.setBackend(backend);
  const model = spec.make(1);
  const { x, y } = randomBatch(4, batch, spec.inputShape);
  tf.dispose(model.predict(x) as tf.Tensor);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const out = model.predict(x) as tf.Tensor;
    out.dataSync();
    times.push(performance.now() - t0);
    out.dispose();
  }
  tf.dispose([x, y]);
  model.dispose();
  return median(times);
}

function sgemmThroughBackend(iterations: number): number {
  const n = 1024;
  const a = tf.randomUniform([n, n]),
    b = tf.randomUniform([n, n]);
  tf.dispose(tf.matMul(a, b));
  const t0 = performance.now();
  for (let i = 0; i < iterations; i++) tf.matMul(a, b).dispose();
  const sec = (performance.now() - t0) / 1000;
  tf.dispose([a, b]);
  return (2 * n ** 3 * iterations) / sec / 1e9;
}

type TorchResult = Record<string, number | string>;
function runTorch(): TorchResult | string {
  if (!existsSync(PYTHON)) return `skipped: ${PYTHON} not found`;
  const r = spawnSync(PYTHON, [join(here, 'torch_bench.py'), ...(quick ? ['--quick'] : [])], {
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (r.status !== 0) return `skipped: torch_bench.py failed (${(r.stderr || '').trim().split('\n').pop()})`;
  const parsed = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as TorchResult;
  return typeof parsed.error === 'string' ? `skipped: ${parsed.error}` : parsed;
}

const fmt = (x: number, digits = 0) =>
  x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function main(): Promise<void> {
  const reg = registerOnednnBackend();
  if (!reg.ok) {
    console.error(`onednn unavailable: ${reg.reason}. Fix: ${reg.fix}`);
    process.exit(1);
  }
  await tf.setBackend('onednn');
  const native = (tf.backend() as OnednnBackend).native;
  const info = native.info();
  const rounds = quick ? 3 : 5,
    roundSec = quick ? 0.3 : 1.5;
  const lines: string[] = [];
  const out = (s = '') => {
    console.log(s);
    lines.push(s);
  };

  const torch = runTorch();
  const torchVal = (key: string, digits = 0) =>
    typeof torch === 'string'
      ? torch
      : typeof torch[key] === 'number'
        ? fmt(torch[key] as number, digits)
        : 'n/a';

  out('### Training throughput (samples/s, Adam 1e-3, categorical cross-entropy)');
  out();
  out(
    '| model | batch | onednn | tfjs-cpu | PyTorch 2 threads | onednn / PyTorch | onednn / tfjs-cpu | onednn RSS / tensor drift over rounds 2..n |',
  );
  out('|---|---|---|---|---|---|---|---|');
  for (const spec of [CNN, MLP]) {
    for (const batch of [32, 128]) {
      const one = await trainRate('onednn', spec, batch, rounds, roundSec);
      const cpuSteps = spec === CNN ? (batch === 32 ? 2 : 1) : quick ? 2 : 4;
      const cpu = await trainRate('cpu', spec, batch, 1, 0, cpuSteps);
      const key = `${spec === CNN ? 'cnn' : 'mlp'}_train_${batch}`;
      const t = typeof torch === 'string' ? NaN : Number(torch[key]);
      out(
        `| ${spec.name} | ${batch} | ${fmt(one.samplesPerSec)} | ${fmt(cpu.samplesPerSec, 1)} | ${torchVal(key)} | ${Number.isNaN(t) ? 'n/a' : fmt(one.samplesPerSec / t, 1) + 'x'} | ${fmt(one.samplesPerSec / cpu.samplesPerSec)}x | ${fmt(one.rssDriftMiB ?? 0, 1)} MiB, ${one.tensorDrift} |`,
      );
    }
  }
  out();

  await tf.setBackend('onednn');
  const iterations = quick ? 5 : 20;
  // Interleaved rounds, best of each: on a shared machine the two measurements
  // would otherwise see different amounts of contention.
  let viaBackend = 0,
    direct = 0;
  for (let r = 0; r < 5; r++) {
    viaBackend = Math.max(viaBackend, sgemmThroughBackend(iterations));
    direct = Math.max(
      direct,
      (2 * 1024 ** 3 * iterations) / native.sgemmBench([1024, 1024, 1024], iterations) / 1e9,
    );
  }
  out('### sgemm 1024 x 1024 x 1024 (GFLOP/s, best of 5 interleaved rounds)');
  out();
  out('| through tf.matMul on onednn | oneDNN called directly | ratio |');
  out('|---|---|---|');
  out(`| ${fmt(viaBackend, 1)} | ${fmt(direct, 1)} | ${fmt((100 * viaBackend) / direct, 1)}% |`);
  out();

  out('### Inference latency (ms per predict, median)');
  out();
  out('| model | batch | onednn | tfjs-cpu | PyTorch 2 threads |');
  out('|---|---|---|---|---|');
  for (const spec of [CNN, MLP]) {
    for (const batch of [1, 256]) {
      const one = await latency('onednn', spec, batch, quick ? 5 : 30);
      const cpu = await latency('cpu', spec, batch, batch === 1 ? 10 : 2);
      const key = `${spec === CNN ? 'cnn' : 'mlp'}_infer_${batch}_ms`;
      out(`| ${spec.name} | ${batch} | ${fmt(one, 2)} | ${fmt(cpu, 2)} | ${torchVal(key, 2)} |`);
    }
  }
  out();
  const cpuModel = cpus()[0]?.model ?? 'unknown cpu';
  const machine = `${cpuModel}, ${cpus().length} cores; node ${process.version}; oneDNN ${info.onednnVersion} (${info.threads} threads); ${typeof torch === 'string' ? 'PyTorch: ' + torch : 'PyTorch ' + String(torch.torch)}; load average at end ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;
  out(`Machine: ${machine}`);

  if (markdownPath) {
    const header = existsSync(markdownPath)
      ? readFileSync(markdownPath, 'utf8').split('<!-- results -->')[0]
      : '';
    writeFileSync(markdownPath, `${header}<!-- results -->\n\n${lines.join('\n')}\n`);
    console.log(`\nwrote ${markdownPath}`);
  }
}

await main();
