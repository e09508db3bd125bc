// Test fixtures for explainModel (not exported from the package): tiny saved models with
// saved preprocessing, tables, IDX folders.
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { encodeIdx } from '../data/idx.ts';
import { saveModel } from '../io/index.ts';
import { buildModel, mlp } from '../models/index.ts';
import { StandardScaler } from '../preprocess/scalers.ts';
import { saveSteps } from '../preprocess/steps-file.ts';

/** The saved scaler's statistics: mean 5, std 10 for feature a (1 and 1 for b and c). */
export const SCALER = { mean: [5, 1, 1], std: [10, 1, 1] };

/**
 * A 3-feature, 2-class softmax model over standardized features, logits [2·z_a, −2·z_a]
 * (so p(high) = σ(4·z_a) with z_a = (a − 5)/10, and b, c are ignored), saved with
 * classes [high, low], feature names [a, b, c], label y, and a StandardScaler fitted to
 * mean 5 / std 10 for a (unless `preprocess` is false). Plus a 12-row CSV sorted by
 * label: a = 0..11, 6 rows `low` then 6 `high`.
 */
export async function tableFixture(opts: { preprocess?: boolean; metadata?: boolean } = {}): Promise<{
  root: string;
  model: string;
  csv: string;
}> {
  const root = await mkdtemp(join(tmpdir(), 'frontier-explain-'));
  const model = buildModel(mlp({ inputShape: [3], hidden: [], classes: 2 }), 1);
  model.setWeights([tf.tensor2d([2, -2, 0, 0, 0, 0], [3, 2]), tf.zeros([2])]);
  const dir = join(root, 'model');
  await saveModel(model, dir, {
    metadata:
      opts.metadata === false ? {} : { classes: ['high', 'low'], featureNames: ['a', 'b', 'c'], label: 'y' },
  });
  model.dispose();
  if (opts.preprocess !== false) {
    const scaler = new StandardScaler({ per: 'feature' });
    scaler.fit({ data: Float32Array.from([-5, 0, 0, 15, 2, 2]), shape: [2, 3] });
    await saveSteps(dir, [scaler]);
  }
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 12; i++) lines.push(`${i},${(i * 7) % 5},${(i * 3) % 4},${i < 6 ? 'low' : 'high'}`);
  await writeFile(join(root, 'data.csv'), `${lines.join('\n')}\n`);
  return { root, model: dir, csv: join(root, 'data.csv') };
}

/** p(class) of the fixture model at raw a, by hand: σ(±4·(a − 5)/10). */
export function fixtureProbability(a: number, cls: 'high' | 'low'): number {
  const z = (a - SCALER.mean[0]) / SCALER.std[0];
  const p = 1 / (1 + Math.exp(-4 * z));
  return cls === 'high' ? p : 1 - p;
}

/** A folder of the four IDX files: `n` `size`×`size` images (image i is all i/n gray) with labels i % classes. */
export async function idxFolder(size: number, n = 6, classes = 3): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-explain-idx-'));
  await mkdir(dir, { recursive: true });
  const images = new Uint8Array(n * size * size);
  for (let i = 0; i < n; i++) images.fill(Math.round((255 * i) / n), i * size * size, (i + 1) * size * size);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % classes);
  for (const split of ['train', 't10k']) {
    await writeFile(
      join(dir, `${split}-images-idx3-ubyte`),
      encodeIdx({ dtype: 'uint8', shape: [n, size, size], data: images }),
    );
    await writeFile(
      join(dir, `${split}-labels-idx1-ubyte`),
      encodeIdx({ dtype: 'uint8', shape: [n], data: labels }),
    );
  }
  return dir;
}

/** A tiny saved CNN over `size`×`size`×`channels` images with `classes` outputs (seeded weights). */
export async function imageModel(size: number, channels = 1, classes = 3): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-explain-cnn-'));
  const model = buildModel(
    {
      name: 'tiny-cnn',
      inputShape: [size, size, channels],
      layers: [
        { type: 'conv2d', filters: 2, kernelSize: 3, activation: 'relu' },
        { type: 'flatten' },
        { type: 'dense', units: classes, activation: 'softmax' },
      ],
    },
    3,
  );
  await saveModel(model, dir);
  model.dispose();
  return dir;
}
