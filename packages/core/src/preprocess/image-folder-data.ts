/**
 * The `images` study data set: a folder of class subfolders of PNG/JPEG images (as
 * flowFromDirectory reads them), decoded once into tensors for the study. The
 * training folder is shuffled (seeded) and split into train and validation; the
 * test split is `testPath` (the same class subfolders) or, without one, a seeded
 * 20 % of the training folder. Decoding runs in the loader's worker threads, and
 * with `cache` the decoded pixels are kept in that file for the next run.
 */
import * as tf from '@tensorflow/tfjs';
import { open, readdir, stat } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { basename, extname, join } from 'node:path';
import { closeDecodePools, flowFromDirectory, type DirectoryIterator } from './index.ts';
import { readImageHeader } from './image-decode.ts';
import { splitExamples } from '../study/split.ts';
import { FrontierError } from '../util/errors.ts';
import type { LoadedStudyData } from './study-data.ts';
import type { ImagesDatasetConfig, ResolvedStudy } from '../study/study.ts';

/** Largest default image size of an `images` study: 64 × 64 (larger images are resized to it). */
export const DEFAULT_IMAGE_SIZE: [number, number] = [64, 64];

/**
 * The default `dataset.targetSize` of a folder: the size of its first image (first
 * class subfolder, first image file, both by sorted name; or the first of `classes`)
 * when both sides are at most 64, so 28 × 28 digits stay 28 × 28 instead of being
 * upscaled; otherwise {@link DEFAULT_IMAGE_SIZE}. Other images are resized to it,
 * so a folder of mixed sizes follows its first image. Only the first image's header
 * is read. A folder that cannot be listed or read gives 64 × 64 here and its error
 * from flowFromDirectory, which names the file.
 */
export async function defaultImageSize(path: string, classes?: string[]): Promise<[number, number]> {
  try {
    let first = classes?.[0];
    if (first === undefined) {
      for (const name of (await readdir(path)).sort()) {
        if ((await stat(join(path, name))).isDirectory()) {
          first = name;
          break;
        }
      }
    }
    if (first === undefined) return DEFAULT_IMAGE_SIZE;
    const dir = join(path, first);
    const file = (await readdir(dir))
      .sort()
      .find((f) => ['.png', '.jpg', '.jpeg'].includes(extname(f).toLowerCase()));
    if (file === undefined) return DEFAULT_IMAGE_SIZE;
    const fh = await open(join(dir, file), 'r');
    let head: Uint8Array;
    try {
      const buf = Buffer.alloc(65536);
      const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
    const { height, width } = readImageHeader(head, join(dir, file));
    const [maxH, maxW] = DEFAULT_IMAGE_SIZE;
    return height <= maxH && width <= maxW ? [height, width] : DEFAULT_IMAGE_SIZE;
  } catch {
    // flowFromDirectory reads the same folder next and reports what is wrong with it.
    return DEFAULT_IMAGE_SIZE;
  }
}

/** Loads an `images` study's splits as tensors (pixels in [0, 1], one-hot labels). */
export async function loadImageFolderData(
  dataset: ImagesDatasetConfig,
  study: ResolvedStudy,
): Promise<LoadedStudyData> {
  const options = {
    targetSize: dataset.targetSize ?? (await defaultImageSize(dataset.path, dataset.classes)),
    colorMode: dataset.colorMode ?? 'auto',
    classMode: 'sparse' as const,
    shuffle: false,
    batchSize: 256,
  };
  try {
    const folder = await flowFromDirectory(dataset.path, {
      ...options,
      ...(dataset.cache ? { cache: dataset.cache } : {}),
      ...(dataset.classes ? { classes: dataset.classes } : {}),
    });
    checkFitsInMemory(dataset.path, folder.samples, folder.imageShape, totalmem());
    const all = await readAll(folder);
    const split = splitExamples(folder.samples, {
      seed: study.seed,
      labels: folder.labels,
      validationSplit: study.train.validationSplit,
      trainLimit: study.train.trainLimit,
      testLimit: study.train.testLimit,
      testFraction: dataset.testPath ? 0 : 0.2,
      source: dataset.path,
    });
    const k = folder.classes.length;
    const take = (data: { x: tf.Tensor4D; labels: Int32Array }, idx: Int32Array) =>
      tf.tidy(() => ({
        x: tf.gather(data.x, tf.tensor1d(idx, 'int32')),
        y: tf
          .oneHot(
            tf.tensor1d(
              Int32Array.from(idx, (i) => data.labels[i]),
              'int32',
            ),
            k,
          )
          .toFloat(),
      }));
    let test: { x: tf.Tensor; y: tf.Tensor };
    if (dataset.testPath) {
      const testFolder = await flowFromDirectory(dataset.testPath, { ...options, classes: folder.classes });
      const t = await readAll(testFolder);
      const limit = Math.min(testFolder.samples, study.train.testLimit ?? Infinity);
      test = take(
        t,
        Int32Array.from({ length: limit }, (_, i) => i),
      );
      t.x.dispose();
    } else {
      test = take(all, split.test);
    }
    const data: LoadedStudyData = {
      name: basename(dataset.path),
      classes: folder.classes,
      inputShape: [...folder.imageShape],
      train: take(all, split.train),
      validation: take(all, split.validation),
      test,
    };
    all.x.dispose();
    return data;
  } finally {
    await closeDecodePools();
  }
}

/**
 * Throws `STUDY_DATA_TOO_LARGE` (naming the folder) when decoding `samples` images of
 * `shape` as float32 would not fit: the folder's tensor and its splits hold about
 * twice its size at once, and that must stay within half of `memoryBytes`.
 */
export function checkFitsInMemory(
  path: string,
  samples: number,
  shape: readonly number[],
  memoryBytes: number,
): void {
  const bytes = samples * shape.reduce((a, b) => a * b, 1) * 4;
  if (2 * bytes <= memoryBytes / 2) return;
  const size = (b: number) =>
    b < 2 ** 30 ? `${(b / 2 ** 20).toFixed(1)} MiB` : `${(b / 2 ** 30).toFixed(1)} GiB`;
  throw new FrontierError(
    'STUDY_DATA_TOO_LARGE',
    `${samples} images of ${shape.join('×')} take ${size(bytes)} as float32; a study holds them in memory twice, more than half of this machine's ${size(memoryBytes)}`,
    {
      where: path,
      hint: 'use a smaller dataset.targetSize or train.trainLimit, or stream the folder with flowFromDirectory and Trainer.trainStep',
    },
  );
}

/** Every image of the folder, in file order, as one tensor (read batch by batch). */
async function readAll(folder: DirectoryIterator): Promise<{ x: tf.Tensor4D; labels: Int32Array }> {
  const [h, w, c] = folder.imageShape;
  const size = h * w * c;
  const pixels = new Float32Array(folder.samples * size);
  let offset = 0;
  for await (const batch of folder.batches(0)) {
    pixels.set(batch.x, offset);
    offset += batch.x.length;
  }
  return { x: tf.tensor4d(pixels, [folder.samples, h, w, c]), labels: folder.labels };
}
