/**
 * A saved model folder as the code that applies a model needs it: the tfjs model, what
 * `frontier train` wrote beside it (class names, feature names and order, label column in
 * model.json's metadata) and its fitted preprocessing (`preprocess.json`), split into the
 * table steps that clean rows and the array steps (scalers) that map encoded rows to the
 * model's inputs. `tableInputs` and `predictTable` (table-inputs.ts) apply it to raw rows.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { loadModel } from '../io/index.ts';
import { FrontierError } from '../util/errors.ts';
import { loadSteps, STEPS_FILE } from './steps-file.ts';
import type { AnyStep } from './step.ts';
import { TableStep } from './table-step.ts';

/** A loaded model folder; see the module comment. */
export interface ModelBundle {
  dir: string;
  model: tf.LayersModel;
  /** One example's input shape, e.g. [4] for a table model or [28, 28, 1] for images. */
  inputShape: number[];
  /** `table` when the model takes a flat vector, `image` when it takes [h, w, c]. */
  kind: 'table' | 'image';
  /** Class names in output order, when saved. */
  classes?: string[];
  /** The model's input features in order (tables), when saved; one-hot columns read `col=value`. */
  featureNames?: string[];
  /** The label column (tables), when saved. */
  label?: string;
  /**
   * The saved preprocessing, or undefined when the folder has no preprocess.json.
   * `table`: steps on rows (cleaning), applied before encoding; `array`: steps on the
   * encoded `{ data, shape }` array (scalers), applied after.
   */
  steps?: { table: TableStep[]; array: AnyStep[] };
}

/**
 * Loads the model in `dir` through the hardened loader, reads its metadata, and its
 * preprocess.json when there is one. The caller owns `model` (dispose it). Throws the
 * loader's FrontierError for a missing or bad folder, `MODEL_INPUT_SHAPE` for a model
 * whose input is neither a flat vector nor an image or whose saved feature names do not
 * match its input width, and `MODEL_BAD_PREPROCESSING` for steps in an order that cannot
 * be applied.
 */
export async function loadModelBundle(dir: string): Promise<ModelBundle> {
  const model = await loadModel(dir);
  try {
    return await describe(dir, model);
  } catch (err) {
    model.dispose();
    throw err;
  }
}

async function describe(dir: string, model: tf.LayersModel): Promise<ModelBundle> {
  const inputShape = model.inputs[0].shape.slice(1).map((d) => d ?? 1);
  if (inputShape.length !== 1 && inputShape.length !== 3) {
    throw new FrontierError(
      'MODEL_INPUT_SHAPE',
      `the model takes inputs of shape [${inputShape.join(', ')}]; Frontier applies models to flat feature vectors and [height, width, channels] images`,
      { where: dir, hint: 'use a model trained on a table, an IDX folder or an image folder' },
    );
  }
  const meta = (model.getUserDefinedMetadata() ?? {}) as Record<string, unknown>;
  const bundle: ModelBundle = {
    dir,
    model,
    inputShape,
    kind: inputShape.length === 1 ? 'table' : 'image',
    classes: stringList(meta.classes),
    featureNames: stringList(meta.featureNames) ?? stringList(meta.features),
    label: typeof meta.label === 'string' ? meta.label : undefined,
  };
  const dataset = meta.dataset as Record<string, unknown> | undefined;
  if (dataset && typeof dataset === 'object') {
    bundle.featureNames ??= stringList(dataset.featureNames) ?? stringList(dataset.features);
    if (typeof dataset.label === 'string') bundle.label ??= dataset.label;
  }
  if (bundle.kind === 'table' && bundle.featureNames && bundle.featureNames.length !== inputShape[0]) {
    throw new FrontierError(
      'MODEL_INPUT_SHAPE',
      `model.json records ${bundle.featureNames.length} feature names, but the model takes ${inputShape[0]} features per row`,
      {
        where: join(dir, 'model.json'),
        hint: 'the folder mixes files of two models; retrain it with frontier train',
      },
    );
  }
  if (await exists(join(dir, STEPS_FILE)))
    bundle.steps = splitSteps(await loadSteps(dir), join(dir, STEPS_FILE));
  return bundle;
}

/** Table steps first, then array steps; anything else is `MODEL_BAD_PREPROCESSING`. */
export function splitSteps(steps: AnyStep[], where: string): { table: TableStep[]; array: AnyStep[] } {
  const firstArray = steps.findIndex((s) => !(s instanceof TableStep));
  const table = (firstArray < 0 ? steps : steps.slice(0, firstArray)) as TableStep[];
  const array = firstArray < 0 ? [] : steps.slice(firstArray);
  const late = array.find((s) => s instanceof TableStep);
  if (late) {
    throw new FrontierError(
      'MODEL_BAD_PREPROCESSING',
      `the table step ${late.className} comes after an array step; it cannot be applied to encoded rows`,
      { where, hint: 'save the cleaning steps before the scaler, as frontier train does' },
    );
  }
  return { table, array };
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) && v.length > 0 && v.every((s) => typeof s === 'string')
    ? (v as string[])
    : undefined;
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}
