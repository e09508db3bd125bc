/**
 * Raw table rows through a saved model's preprocessing: the cleaning steps fitted at
 * training time, the saved feature order (one-hot `col=value` columns included), then
 * the saved scaler. Nothing is refitted on the rows given, so a model sees the same
 * transform wherever it is applied (explain, serving, a user's script) as in training.
 */
import * as tf from '@tensorflow/tfjs';
import type { Cell, Table } from '../data/index.ts';
import { FrontierError } from '../util/errors.ts';
import { completeRows, encodeRows } from './encode-rows.ts';
import type { ModelBundle } from './model-bundle.ts';
import type { AnyStep, NDArray } from './step.ts';
import type { TableStep } from './table-step.ts';

/** A table's rows as model inputs: `x` row-major `[n, d]`, and which rows of the table they are. */
export interface TableInputs {
  x: Float32Array;
  shape: [number, number];
  /** For each input row, its index (0-based) in the table given. */
  rows: number[];
}

/** What {@link predictTable} returns: class probabilities `[n, classes]`, row-major. */
export interface TablePrediction {
  probabilities: Float32Array;
  /** Class names in output order, when the model folder records them. */
  classes?: string[];
  /** For each prediction, its row's index (0-based) in the table given. */
  rows: number[];
}

/**
 * `bundle`'s saved steps; `MODEL_NO_PREPROCESSING` when the folder has no preprocess.json.
 * `alternative` is appended to the hint (e.g. a flag that skips preprocessing).
 */
export function savedSteps(bundle: ModelBundle, alternative?: string): NonNullable<ModelBundle['steps']> {
  if (bundle.steps) return bundle.steps;
  throw new FrontierError(
    'MODEL_NO_PREPROCESSING',
    'the model folder has no saved preprocessing (preprocess.json), so its inputs cannot be rebuilt from raw rows',
    {
      where: bundle.dir,
      hint: `retrain it with frontier train, which saves preprocess.json beside model.json${alternative ? `; ${alternative}` : ''}`,
    },
  );
}

/** `bundle`'s saved feature names; `MODEL_NO_FEATURE_NAMES` when model.json records none. */
export function savedFeatureNames(bundle: ModelBundle): string[] {
  if (bundle.featureNames) return bundle.featureNames;
  throw new FrontierError(
    'MODEL_NO_FEATURE_NAMES',
    "the model folder does not record its input features (featureNames in model.json's metadata), so raw rows cannot be encoded in its feature order",
    { where: bundle.dir, hint: 'retrain it with frontier train, which records the feature names and order' },
  );
}

// A row's position before a step, carried through the steps that drop rows (they copy rows with spread).
const ROW = Symbol('row');

/**
 * Applies fitted table steps in order and says which input rows survive: `rows[i]` is
 * the index in `table` of the output's row i. Steps that keep the row count keep the
 * order; a step that drops rows is traced by a tag each row carries through it.
 */
export function applyTableSteps(steps: TableStep[], table: Table): { table: Table; rows: number[] } {
  let rows = table.rows.map((_, i) => i);
  let cur = table;
  for (const step of steps) {
    const tagged = cur.rows.map((r, i) => Object.assign({ ...r }, { [ROW]: i }));
    const out = step.transform({ ...cur, rows: tagged });
    if (out.rows.length !== cur.rows.length) {
      const at = out.rows.map((r) => (r as Record<string | symbol, Cell | number>)[ROW]);
      if (!at.every((i): i is number => typeof i === 'number'))
        throw new FrontierError(
          'MODEL_BAD_PREPROCESSING',
          `the step ${step.className} dropped rows without keeping the others' identity, so predictions cannot be matched to rows`,
          {
            where: step.className,
            hint: 'leave this step out of the saved preprocessing, or report it as a bug',
          },
        );
      rows = at.map((i) => rows[i]);
    }
    cur = out;
  }
  return { table: cur, rows };
}

/** Applies fitted array steps (scalers) to `x` of shape `[n, d]`; a new array. */
export function applyArraySteps(steps: AnyStep[], x: Float32Array, shape: [number, number]): Float32Array {
  let cur: NDArray = { data: x, shape };
  for (const step of steps) cur = step.transform(cur) as NDArray;
  return Float32Array.from(cur.data);
}

/**
 * `table`'s rows as `bundle`'s inputs: the saved table steps, rows missing a used value
 * dropped (`rows` says which were kept), encoded in the saved feature order, then the
 * saved array steps. Throws `MODEL_NOT_TABLE` for an image model,
 * `MODEL_NO_PREPROCESSING` / `MODEL_NO_FEATURE_NAMES` for a folder without them,
 * `TABLE_MISSING_COLUMN` / `TABLE_TEXT_IN_NUMERIC` from encoding. No rows left is
 * not an error: `x` is empty.
 */
export function tableInputs(bundle: ModelBundle, table: Table): TableInputs {
  if (bundle.kind !== 'table')
    throw new FrontierError(
      'MODEL_NOT_TABLE',
      `the model takes images of shape [${bundle.inputShape.join(', ')}], not table rows`,
      { where: bundle.dir, hint: 'use a model trained on a table' },
    );
  const steps = savedSteps(bundle);
  const names = savedFeatureNames(bundle);
  const cleaned = applyTableSteps(steps.table, table);
  const keep = completeRows(cleaned.table, names);
  const shape: [number, number] = [keep.length, names.length];
  const encoded = encodeRows({ ...cleaned.table, rows: keep.map((i) => cleaned.table.rows[i]) }, names);
  return {
    x: applyArraySteps(steps.array, encoded, shape),
    shape,
    rows: keep.map((i) => cleaned.rows[i]),
  };
}

/**
 * Runs `bundle`'s model on {@link tableInputs}`(bundle, table)`: one row of class
 * probabilities per kept row. Throws what tableInputs throws.
 */
export function predictTable(bundle: ModelBundle, table: Table): TablePrediction {
  const inputs = tableInputs(bundle, table);
  if (inputs.shape[0] === 0) return { probabilities: new Float32Array(0), classes: bundle.classes, rows: [] };
  const x = tf.tensor2d(inputs.x, inputs.shape);
  const out = bundle.model.predict(x) as tf.Tensor;
  const probabilities = Float32Array.from(out.dataSync());
  tf.dispose([x, out]);
  return { probabilities, classes: bundle.classes, rows: inputs.rows };
}
