// Benchmark: augmentation throughput (images/s) at 28×28 gray and 150×150 RGB, PNG
// decode+resize throughput of a directory source, and training throughput of the
// matching model on the current backend, to show whether loading is the bottleneck.
// Run: node --import tsx packages/core/bench/preprocess.ts [--quick] [--no-train]
// Directory rates are measured with decoding on the main thread and in 1 and 2 workers;
// training from the folder also with the decoded-image cache (`cache` option): epoch 1
// builds it, later epochs read it.
import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { briefCnn, buildModel } from '../src/models/index.ts';
import { Trainer } from '../src/train/index.ts';
import { ImageAugmenter } from '../src/models/layers/augment.ts';
import { selectBackend } from '../src/backend.ts';
import { closeDecodePools } from '../src/preprocess/decode-pool.ts';
import { batchToTensors, flowFromDirectory } from '../src/preprocess/directory.ts';
import { encodePng } from '../src/preprocess/image-decode.ts';

const quick = process.argv.includes('--quick');

/** Images per second of `fn` processing `n` images, best of `reps` runs after one warm-up. */
function rate(n: number, reps: number, fn: () => void): number {
  fn();
  let best = Infinity;
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    best = Math.min(best, performance.now() - t0);
  }
  return (n * 1000) / best;
}

const AUG = {
  rotationRange: 15,
  widthShiftRange: 0.1,
  heightShiftRange: 0.1,
  shearRange: 5,
  zoomRange: 0.1,
  horizontalFlip: true,
  fillMode: 'reflect' as const,
};

async function augmentRate(h: number, w: number, c: number, batch: number): Promise<number> {
  const x = {
    data: Float32Array.from({ length: batch * h * w * c }, (_, i) => (i % 251) / 251),
    shape: [batch, h, w, c],
  };
  const aug = new ImageAugmenter(AUG);
  let key = 0;
  return rate(batch, quick ? 2 : 5, () => void aug.augment(x, key++));
}

/** A temporary folder of 2 classes × files/2 distinct h×w×c PNGs (the caller removes it). */
async function pngFolder(h: number, w: number, c: number, files: number): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'frontier-bench-'));
  for (const cls of ['a', 'b']) {
    await mkdir(join(root, cls));
    for (let i = 0; i < files / 2; i++) {
      const px = Uint8Array.from({ length: h * w * c }, (_, k) => (k * 7 + i) % 256);
      await writeFile(join(root, cls, `${i}.png`), encodePng(px, h, w, c));
    }
  }
  return root;
}

async function directoryRate(
  h: number,
  w: number,
  c: number,
  files: number,
  workers: number,
  cached = false,
): Promise<{ rate: number; activeMs: number }> {
  const root = await pngFolder(h, w, c, files);
  try {
    const it = await flowFromDirectory(root, {
      targetSize: [h, w],
      batchSize: 32,
      augment: new ImageAugmenter(AUG),
      workers,
      cache: cached ? join(root, 'decoded.cache') : undefined,
    });
    // Warm-up epoch (starts the workers, fills the page cache, builds the image cache
    // when `cached`), then the best of 3 timed ones.
    for await (const _ of it.batches(0));
    // Rate: best of 3 epochs. Main-thread cost: event-loop active time per 1,000 images
    // (what loading takes away from a training loop on the main thread; barely
    // sensitive to other processes' load, unlike wall-clock rates).
    let best = 0;
    let activeMs = Infinity;
    for (let e = 1; e <= 3; e++) {
      const t0 = performance.now();
      const elu0 = performance.eventLoopUtilization();
      let n = 0;
      for await (const b of it.batches(e)) n += b.shape[0];
      const elu = performance.eventLoopUtilization(elu0);
      best = Math.max(best, (n * 1000) / (performance.now() - t0));
      activeMs = Math.min(activeMs, (elu.active * 1000) / n);
    }
    return { rate: best, activeMs };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Samples/s of training the brief CNN one step per batch streamed from a PNG folder
 * (loading overlaps training only with workers): best of 3 epochs after a warm-up one.
 * With `cached`, after the warm-up a second iterator with a fresh image cache trains
 * one epoch that builds the cache (`build`), then the best of 3 that read it.
 */
async function folderTrainRate(
  h: number,
  w: number,
  c: number,
  files: number,
  workers: number,
  cached = false,
): Promise<{ rate: number; build?: number }> {
  const root = await pngFolder(h, w, c, files);
  try {
    const flow = {
      targetSize: [h, w] as [number, number],
      batchSize: 32,
      augment: new ImageAugmenter(AUG),
      workers,
    };
    let it = await flowFromDirectory(root, flow);
    const trainer = new Trainer(buildModel(briefCnn({ inputShape: [h, w, c], classes: 2 }), 1));
    const epoch = async (e: number) => {
      let n = 0;
      for await (const b of it.batches(e)) {
        const { x, y } = batchToTensors(b);
        trainer.trainStep(x, y as tf.Tensor, e);
        tf.dispose([x, y as tf.Tensor]);
        n += b.shape[0];
      }
      return n;
    };
    await epoch(0);
    let build: number | undefined;
    if (cached) {
      it = await flowFromDirectory(root, { ...flow, cache: join(root, 'decoded.cache') });
      const t0 = performance.now();
      build = ((await epoch(1)) * 1000) / (performance.now() - t0);
    }
    let best = 0;
    for (let e = 2; e <= 4; e++) {
      const t0 = performance.now();
      const n = await epoch(e);
      best = Math.max(best, (n * 1000) / (performance.now() - t0));
    }
    return { rate: best, build };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/**
 * Samples/s of training the same model one step per batch from tensors in memory
 * (the folder's size and batch 32), with the folder runs' augmentation applied to each
 * batch on the main thread or without any: best of 3 epochs after a warm-up one.
 */
async function memoryTrainRate(
  h: number,
  w: number,
  c: number,
  n: number,
  augment: boolean,
): Promise<number> {
  const trainer = new Trainer(buildModel(briefCnn({ inputShape: [h, w, c], classes: 2 }), 1));
  const x = tf.randomUniform([n, h, w, c]);
  const y = tf.oneHot(tf.randomUniform([n], 0, 2, 'int32'), 2).toFloat();
  const aug = new ImageAugmenter(AUG);
  const epoch = (e: number) => {
    const t0 = performance.now();
    for (let b = 0; b < n; b += 32) {
      const size = Math.min(32, n - b);
      const xb = tf.slice(x, b, size);
      const yb = tf.slice(y, b, size);
      const xa = augment ? aug.augmentTensor(xb, e * 100003 + b) : xb;
      trainer.trainStep(xa, yb, e);
      tf.dispose([xb, yb, xa]);
    }
    return (n * 1000) / (performance.now() - t0);
  };
  epoch(0);
  const rate = Math.max(epoch(1), epoch(2), epoch(3));
  tf.dispose([x, y]);
  return rate;
}

await selectBackend();
console.log(`backend ${tf.getBackend()}, node ${process.version}${quick ? ', quick' : ''}`);
const report = (name: string, v: number) => console.log(`${name.padEnd(52)} ${v.toFixed(1)}`);
report('augment 28×28×1 (images/s)', await augmentRate(28, 28, 1, 256));
report('augment 150×150×3 (images/s)', await augmentRate(150, 150, 3, quick ? 16 : 32));
for (const workers of [0, 1, 2]) {
  const tag = workers ? `${workers} worker${workers > 1 ? 's' : ''}` : 'main thread';
  for (const [h, w, c, files] of [
    [28, 28, 1, quick ? 64 : 512],
    [150, 150, 3, quick ? 16 : 128],
  ]) {
    const r = await directoryRate(h, w, c, files, workers);
    report(`PNG folder → aug. batches ${h}×${w}×${c}, ${tag} (img/s)`, r.rate);
    report(`  main-thread busy ms per 1,000 images`, r.activeMs);
    const rc = await directoryRate(h, w, c, files, workers, true);
    report(`  cached, later epochs (img/s)`, rc.rate);
    report(`  cached, main-thread busy ms per 1,000 images`, rc.activeMs);
  }
}
if (!process.argv.includes('--no-train')) {
  for (const workers of [0, 1, 2]) {
    const tag = workers ? `${workers} worker${workers > 1 ? 's' : ''}` : 'main thread';
    const sizes: Array<[number, number, number, number]> = [[28, 28, 1, quick ? 128 : 4096]];
    if (!quick) sizes.push([150, 150, 3, 128]);
    for (const [h, w, c, files] of sizes) {
      const name = `train from PNG folder ${h}×${w}×${c}, ${tag}`;
      report(`${name} (samples/s)`, (await folderTrainRate(h, w, c, files, workers)).rate);
      const cached = await folderTrainRate(h, w, c, files, workers, true);
      report(`  cached, epoch 1 building the cache (samples/s)`, cached.build as number);
      report(`  cached, later epochs reading it (samples/s)`, cached.rate);
    }
  }
}
await closeDecodePools();
const skipTrain = process.argv.includes('--no-train');
if (!skipTrain) {
  const sizes: Array<[number, number, number, number]> = [[28, 28, 1, quick ? 128 : 4096]];
  if (!quick) sizes.push([150, 150, 3, 128]);
  for (const [h, w, c, n] of sizes) {
    report(
      `train from memory ${h}×${w}×${c}, augmenting (samples/s)`,
      await memoryTrainRate(h, w, c, n, true),
    );
    report(
      `train from memory ${h}×${w}×${c}, no augmentation (samples/s)`,
      await memoryTrainRate(h, w, c, n, false),
    );
  }
}
