import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeImageFolder } from './test-images.ts';
import { expectError } from '../util/expect-error.ts';
import { resolveStudy, type StudyConfig } from '../study/study.ts';
import { loadStudyData } from './study-data.ts';
import { checkFitsInMemory, defaultImageSize } from './image-folder-data.ts';
import { encodePng } from './image-decode.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const CATS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
const DOGS = [110, 120, 130, 140, 150, 160, 170, 180, 190, 200];

/** The gray level of each row (every image is one level, scaled to [0, 1]) and its class id. */
function rows(split: { x: tf.Tensor; y: tf.Tensor }): Array<[number, number]> {
  const n = split.x.shape[0];
  const size = split.x.size / n;
  const x = split.x.dataSync();
  const y = tf.tidy(() => tf.argMax(split.y, -1)).dataSync();
  return Array.from({ length: n }, (_, i) => [Math.round(x[i * size] * 255), y[i]]);
}

test('an images folder is split seeded into train, validation and a 20 % test, every image once, labels from its subfolder', async () => {
  const path = await makeImageFolder({ cat: CATS, dog: DOGS });
  const config: StudyConfig = {
    seed: 3,
    dataset: { name: 'images', path, targetSize: [4, 4] },
    train: { validationSplit: 0.25 },
  };
  const data = await loadStudyData(resolveStudy(config, 'onednn'));
  assert.deepEqual(data.classes, ['cat', 'dog']);
  assert.deepEqual(data.inputShape, [4, 4, 1]);
  const [train, val, testRows] = [data.train, data.validation, data.test].map(rows);
  assert.deepEqual([train.length, val.length, testRows.length], [12, 4, 4]);
  const all = [...train, ...val, ...testRows];
  assert.deepEqual(
    all.map(([v]) => v).sort((a, b) => a - b),
    [...CATS, ...DOGS],
  );
  for (const [v, label] of all) assert.equal(label, v <= 100 ? 0 : 1, `image ${v}`);
  // Seeded: the same seed gives the same split, another seed another one.
  const again = await loadStudyData(resolveStudy(config, 'onednn'));
  assert.deepEqual(rows(again.test), testRows);
  const other = await loadStudyData(resolveStudy({ ...config, seed: 4 }, 'onednn'));
  assert.notDeepEqual(rows(other.test), testRows);
});

test('testPath is the test split, read with the training folder’s classes; testLimit and trainLimit apply', async () => {
  const path = await makeImageFolder({ cat: CATS, dog: DOGS });
  const testPath = await makeImageFolder({ cat: [5, 6], dog: [205, 206, 207] });
  const data = await loadStudyData(
    resolveStudy(
      {
        dataset: { name: 'images', path, testPath, targetSize: [4, 4] },
        train: { validationSplit: 0.1, trainLimit: 10, testLimit: 4 },
      },
      'onednn',
    ),
  );
  assert.deepEqual(rows(data.test), [
    [5, 0],
    [6, 0],
    [205, 1],
    [206, 1],
  ]);
  assert.equal(data.train.x.shape[0], 10);
  // Validation keeps the split's proportion of the limited training set: round(10 · 0.1 / 0.9) = 1.
  assert.equal(data.validation.x.shape[0], 1);
});

test('an images data set without a path is a config error naming dataset.path', () => {
  expectError(
    () => resolveStudy({ dataset: { name: 'images' } as never }, 'onednn'),
    'CONFIG_INVALID',
    'dataset.path',
    /dataset\.path is required/,
  );
});

test('a folder too large to decode into memory is a clear error naming it, before anything is read', () => {
  // 1,000 images of 64×64×3 as float32: 49,152,000 bytes, held twice; the limit is half of memory.
  checkFitsInMemory('photos', 1000, [64, 64, 3], 4 * 49_152_000);
  expectError(
    () => checkFitsInMemory('photos', 1000, [64, 64, 3], 4 * 49_152_000 - 4),
    'STUDY_DATA_TOO_LARGE',
    'photos',
    /1000 images of 64×64×3 take 46\.9 MiB as float32; .* this machine's 187\.5 MiB/,
  );
});

/** Writes a gray `height`×`width` PNG of level `v` at `root/cls/name`. */
async function writeGray(root: string, cls: string, name: string, height: number, width: number, v = 0) {
  await mkdir(join(root, cls), { recursive: true });
  await writeFile(join(root, cls, name), encodePng(new Uint8Array(height * width).fill(v), height, width, 1));
}

test('without targetSize, small images keep their own size: 4×4 folders give 4×4×1 inputs, no upscaling', async () => {
  const path = await makeImageFolder({ cat: CATS, dog: DOGS });
  const data = await loadStudyData(resolveStudy({ dataset: { name: 'images', path } }, 'onednn'));
  assert.deepEqual(data.inputShape, [4, 4, 1]);
  assert.deepEqual(data.train.x.shape.slice(1), [4, 4, 1]);
  // Pixels are the images' own, not interpolated: every value is a file's gray level.
  assert.deepEqual(rows(data.test).length, 4);
});

test('defaultImageSize: the first image’s height × width up to 64 on both sides, else 64 × 64', async () => {
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const root = await mkdtemp(join(tmpdir(), 'frontier-size-'));
  // Non-square and small: [height, width] in that order.
  await writeGray(join(root, 'a'), 'x', '1.png', 3, 5);
  await writeGray(join(root, 'a'), 'y', '1.png', 9, 9); // later images follow the first
  assert.deepEqual(await defaultImageSize(join(root, 'a')), [3, 5]);
  // 64 on both sides is still "small"; 65 on one side is resized to 64 × 64.
  await writeGray(join(root, 'b'), 'x', '1.png', 64, 64);
  assert.deepEqual(await defaultImageSize(join(root, 'b')), [64, 64]);
  await writeGray(join(root, 'c'), 'x', '1.png', 10, 65);
  assert.deepEqual(await defaultImageSize(join(root, 'c')), [64, 64]);
  // `classes` picks the folder read first.
  await writeGray(join(root, 'd'), 'a', '1.png', 2, 2);
  await writeGray(join(root, 'd'), 'b', '1.png', 6, 7);
  assert.deepEqual(await defaultImageSize(join(root, 'd'), ['b', 'a']), [6, 7]);
  // Missing folder: the fallback size; flowFromDirectory then reports the folder itself.
  assert.deepEqual(await defaultImageSize(join(root, 'missing')), [64, 64]);
});
