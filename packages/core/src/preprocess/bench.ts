// Benchmark: augmentation throughput (images/s) at 28×28 gray and 150×150 RGB, PNG
// decode+resize throughput of a directory source, and training throughput of the
// matching model on the current backend, to show whether loading is the bottleneck.
// Run: node --import tsx packages/core/src/preprocess/bench.ts [--quick]
import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { briefCnn, buildModel } from '../models/index.ts';
import { Trainer } from '../train/index.ts';
import { ImageAugmenter } from './augment.ts';
import { flowFromDirectory } from './directory.ts';
import { encodePng } from './image-decode.ts';

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

async function directoryRate(h: number, w: number, c: number, files: number): Promise<number> {
  const root = await mkdtemp(join(tmpdir(), 'frontier-bench-'));
  try {
    for (const cls of ['a', 'b']) {
      await mkdir(join(root, cls));
      for (let i = 0; i < files / 2; i++) {
        const px = Uint8Array.from({ length: h * w * c }, (_, k) => (k * 7 + i) % 256);
        await writeFile(join(root, cls, `${i}.png`), encodePng(px, h, w, c));
      }
    }
    const it = await flowFromDirectory(root, {
      targetSize: [h, w],
      batchSize: 32,
      augment: new ImageAugmenter(AUG),
    });
    const t0 = performance.now();
    let n = 0;
    for await (const b of it.batches(0)) n += b.shape[0];
    return (n * 1000) / (performance.now() - t0);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

async function trainRate(h: number, w: number, c: number, n: number): Promise<number> {
  const model = buildModel(briefCnn({ inputShape: [h, w, c] }), 1);
  const x = tf.randomUniform([n, h, w, c]);
  const y = tf.oneHot(tf.randomUniform([n], 0, 10, 'int32'), 10).toFloat();
  const t = new Trainer(model);
  await t.fit(tf.slice(x, 0, 32), tf.slice(y, 0, 32), { epochs: 1, batchSize: 32 });
  const t0 = performance.now();
  await t.fit(x, y, { epochs: 2, batchSize: 32 });
  const s = (performance.now() - t0) / 1000;
  tf.dispose([x, y]);
  return n / s;
}

await tf.ready();
console.log(`backend ${tf.getBackend()}, node ${process.version}${quick ? ', quick' : ''}`);
const report = (name: string, v: number) => console.log(`${name.padEnd(52)} ${v.toFixed(1)}`);
report('augment 28×28×1 (images/s)', await augmentRate(28, 28, 1, 256));
report('augment 150×150×3 (images/s)', await augmentRate(150, 150, 3, quick ? 16 : 32));
report('PNG folder → augmented batches 28×28×1 (images/s)', await directoryRate(28, 28, 1, quick ? 64 : 256));
report(
  'PNG folder → augmented batches 150×150×3 (images/s)',
  await directoryRate(150, 150, 3, quick ? 16 : 64),
);
report('train brief CNN 28×28×1 (samples/s)', await trainRate(28, 28, 1, quick ? 64 : 128));
if (!quick) report('train brief CNN 150×150×3 (samples/s)', await trainRate(150, 150, 3, 32));
