/**
 * The `images` study data set: a folder of class subfolders of PNG/JPEG images (as
 * flowFromDirectory reads them), decoded once into tensors for the study. The
 * training folder is shuffled (seeded) and split into train and validation; the
 * test split is `testPath` (the same class subfolders) or, without one, a seeded
 * 20 % of the training folder. Decoding runs in the loader's worker threads, and
 * with `cache` the decoded pixels are kept in that file for the next run.
 */
import * as tf from '@tensorflow/tfjs';
import { totalmem } from 'node:os';
import { basename } from 'node:path';
import { closeDecodePools, flowFromDirectory, type DirectoryIterator } from './index.ts';
import { splitExamples } from '../study/split.ts';
import { FrontierError } from '../util/errors.ts';
import type { LoadedStudyData } from './study-data.ts';
import type { ImagesDatasetConfig, ResolvedStudy } from '../study/study.ts';

/** Default image size of an `images` study: 64 × 64. */
export const DEFAULT_IMAGE_SIZE: [number, number] = [64, 64];

/** Loads an `images` study's splits as tensors (pixels in [0, 1], one-hot labels). */
export async function loadImageFolderData(
  dataset: ImagesDatasetConfig,
  study: ResolvedStudy,
): Promise<LoadedStudyData> {
  const options = {
    targetSize: dataset.targetSize ?? DEFAULT_IMAGE_SIZE,
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
