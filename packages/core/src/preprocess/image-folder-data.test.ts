import * as tf from '@tensorflow/tfjs';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeImageFolder } from './test-images.ts';
import { expectError } from '../util/expect-error.ts';
import { resolveStudy, type StudyConfig } from '../study/study.ts';
import { loadStudyData } from './study-data.ts';
import { checkFitsInMemory } from './image-folder-data.ts';

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
  assert.equal(data.validation.x.shape[0], 2);
});

test('an images data set without a path is a config error naming dataset.path', () => {
  expectError(
    () => resolveStudy({ dataset: { name: 'images' } as never }, 'onednn'),
    'STUDY_CONFIG',
    'dataset.path',
    /needs the path/,
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
