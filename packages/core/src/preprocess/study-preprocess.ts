// Preprocessing stated in a study config (`StudyConfig.preprocess`): cleaning steps
// for table datasets, feature scaling and image augmentation. Every step is fitted on
// the training split only; the fitted steps come back so they can be saved next to
// the model (saveSteps) and applied unchanged at evaluation and serving time.
import * as tf from '@tensorflow/tfjs';
import { tableToMatrix, type Cell, type Matrix, type Table } from '../data/index.ts';
import { FrontierError } from '../util/errors.ts';
import { CLEAN_STEP_ALIASES, CLEAN_STEP_OPTIONS } from '../study/schema.ts';
import { splitExamples, type SplitOptions } from '../study/split.ts';
import type { StudyPreprocessConfig } from '../study/study.ts';
import { MinMaxScaler, RobustScaler, StandardScaler, type AffineScaler } from './scalers.ts';
import { stepFromJson, type AnyStep, type JsonObject } from './step.ts';
import type { TableStep } from './table-step.ts';
import './register-all.ts';

/** One cleaning step of a study config: `step` names it, the other keys are its options. */
export type CleanStepConfig = { step: string } & Record<string, unknown>;

export type { StudyPreprocessConfig };

const STEP_OPTIONS: Record<string, readonly string[]> = CLEAN_STEP_OPTIONS;
const ALIASES: Record<string, string> = CLEAN_STEP_ALIASES;

function bad(where: string, message: string, hint: string): FrontierError {
  return new FrontierError('CONFIG_INVALID', message, { where, hint });
}

function unknownKeys(obj: object, allowed: readonly string[], where: string): void {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (extra.length)
    throw bad(
      `${where}.${extra[0]}`,
      `unknown key${extra.length > 1 ? 's' : ''} ${extra.map((k) => JSON.stringify(k)).join(', ')}`,
      `allowed: ${allowed.join(', ')}`,
    );
}

/** The unfitted cleaning steps of `clean`; throws `CONFIG_INVALID` naming the bad entry or key. */
export function cleaningSteps(clean: CleanStepConfig[], where = 'preprocess.clean'): TableStep[] {
  if (!Array.isArray(clean)) throw bad(where, 'clean must be a list of steps', 'e.g. [{ "step": "dropna" }]');
  return clean.map((entry, i) => {
    const at = `${where}[${i}]`;
    if (typeof entry !== 'object' || entry === null || typeof entry.step !== 'string')
      throw bad(
        `${at}.step`,
        'each cleaning step needs a "step" name',
        `use one of: ${Object.keys(ALIASES).join(', ')}`,
      );
    const className = ALIASES[entry.step] ?? entry.step;
    const allowed = STEP_OPTIONS[className];
    if (!allowed)
      throw bad(
        `${at}.step`,
        `unknown cleaning step ${JSON.stringify(entry.step)}`,
        `use one of: ${Object.keys(ALIASES).join(', ')}`,
      );
    const { step: _step, ...opts } = entry;
    unknownKeys(opts, allowed, at);
    try {
      return stepFromJson({ className, config: opts as JsonObject }, at) as TableStep;
    } catch (cause) {
      const e = cause as FrontierError;
      throw new FrontierError('CONFIG_INVALID', e.message, {
        where: `${at} (${e.where ?? className})`,
        hint: e.hint,
        cause,
      });
    }
  });
}

/** A new scaler for `scale` (undefined for 'none'). */
export function makeScaler(
  scale: StudyPreprocessConfig['scale'],
  per: 'feature' | 'channel',
): AffineScaler | undefined {
  if (scale === 'standard') return new StandardScaler({ per });
  if (scale === 'minmax') return new MinMaxScaler({ per });
  if (scale === 'robust') return new RobustScaler({ per });
  return undefined;
}

/** Tensors of one split. */
export interface Split {
  x: tf.Tensor;
  y: tf.Tensor;
}

/**
 * Fits `scaler` on `train.x` and applies it to every split's x (new tensors; the
 * old x tensors are disposed). Returns the splits in the same order.
 */
export function scaleSplits(scaler: AffineScaler, splits: Split[]): Split[] {
  const [train] = splits;
  scaler.fit({ data: train.x.dataSync() as Float32Array, shape: train.x.shape });
  return splits.map((s) => {
    const out = scaler.transform({ data: s.x.dataSync() as Float32Array, shape: s.x.shape });
    s.x.dispose();
    return { x: tf.tensor(out.data, out.shape), y: s.y };
  });
}

/** What {@link preprocessTable} needs of the study. */
export interface TablePreprocessOptions extends Omit<SplitOptions, 'labels' | 'testFraction'> {
  seed: number;
  /** Feature columns; default every column but the label. */
  features?: string[];
  /** The label column; absent is an error that lists the table's columns. */
  label?: string;
  /** Class names in label order; default the label's values in code-unit order. */
  classes?: string[];
  preprocess: StudyPreprocessConfig;
}

/** Train/validation/test matrices of a cleaned table, and the fitted steps (cleaning, then the scaler). */
export interface PreprocessedTable {
  train: Matrix;
  validation: Matrix;
  test: Matrix;
  featureNames: string[];
  classes: string[];
  steps: AnyStep[];
  /** Rows dropped because a used value was still missing after cleaning, per split. */
  droppedRows: { train: number; validation: number; test: number };
}

/**
 * Splits the table's rows with the study's one split (seeded and stratified by label:
 * 20 % test, then `validationSplit` of the rest for validation, `trainLimit` and
 * `testLimit` applied), fits each cleaning step on the training rows and applies it to
 * all three, drops rows still missing a used value (counted in `droppedRows`), encodes
 * with tableToMatrix (one encoding for all splits) and fits the scaler on the training
 * matrix. Errors name the file and column: a table with no rows, a missing label
 * column (listing the columns), an empty or all-missing feature column, a label that
 * looks continuous.
 */
export function preprocessTable(table: Table, o: TablePreprocessOptions): PreprocessedTable {
  const where = table.source;
  const label = o.label;
  if (label === undefined || !table.columns.includes(label))
    throw new FrontierError(
      'TABLE_NO_LABEL',
      label === undefined
        ? 'the study does not say which column is the label'
        : `the label column ${JSON.stringify(label)} is not in the table`,
      {
        where: label === undefined ? `${where} (dataset.label)` : where,
        hint: `set dataset.label to one of: ${table.columns.join(', ')}`,
      },
    );
  const features = o.features ?? table.columns.filter((c) => c !== label);
  if (table.rows.length === 0)
    throw new FrontierError('TABLE_EMPTY', 'the table has a header but no rows', {
      where,
      hint: 'add data rows, or point dataset.path at the right file',
    });
  if (features.length === 0)
    throw new FrontierError(
      'TABLE_NO_FEATURES',
      `the table has no column besides the label ${JSON.stringify(label)}`,
      {
        where,
        hint: 'add feature columns to the file',
      },
    );
  const labels = table.rows.map((r) => r[label]);
  checkClassLabel(labels, label, where);
  const ids = new Map<string, number>();
  const split = splitExamples(table.rows.length, {
    ...o,
    testFraction: 0.2,
    labels: labels.map((v) => ids.get(String(v)) ?? (ids.set(String(v), ids.size), ids.size - 1)),
    source: where,
  });
  const pick = (idx: Int32Array): Table => ({ ...table, rows: [...idx].map((i) => table.rows[i]) });
  let parts = [pick(split.train), pick(split.validation), pick(split.test)];
  const steps: AnyStep[] = [];
  for (const step of cleaningSteps((o.preprocess.clean ?? []) as CleanStepConfig[])) {
    step.fit(parts[0]);
    parts = parts.map((t) => step.transform(t));
    steps.push(step);
  }
  const columns = parts[0].columns;
  const expanded = features.flatMap((f) => {
    if (columns.includes(f)) return [f];
    const oneHot = columns.filter((c) => c.startsWith(`${f}=`));
    if (oneHot.length) return oneHot;
    throw new FrontierError(
      'TABLE_UNKNOWN_COLUMN',
      `feature ${JSON.stringify(f)} is not a column${steps.length ? ' after cleaning' : ''}`,
      {
        where,
        hint: `columns: ${columns.filter((c) => c !== label).join(', ')}`,
      },
    );
  });
  for (const f of expanded)
    if (
      parts[0].rows.every(
        (r) => r[f] === null || r[f] === undefined || (typeof r[f] === 'number' && Number.isNaN(r[f])),
      )
    )
      throw new FrontierError(
        'TABLE_EMPTY_COLUMN',
        `column ${JSON.stringify(f)} has no value in any training row`,
        {
          where: `${where}, column ${JSON.stringify(f)}`,
          hint: 'leave it out of dataset.features, or fill it with a preprocess.clean fillna step',
        },
      );
  const used = [...expanded, label];
  const kept = parts.map((t) => t.rows.filter((r) => used.every((c) => r[c] !== null && r[c] !== undefined)));
  const dropped = parts.map((t, i) => t.rows.length - kept[i].length);
  if (kept[0].length === 0)
    throw new FrontierError(
      'TABLE_NO_ROWS_LEFT',
      'no training rows are left once rows with missing values are dropped',
      {
        where,
        hint: 'fill missing values with a preprocess.clean fillna step, or leave the emptiest columns out of dataset.features',
      },
    );
  const all = tableToMatrix(
    { ...parts[0], rows: kept.flat() },
    { features: expanded, label, task: 'classification', classes: o.classes },
  );
  const d = all.shape[1];
  let from = 0;
  const mats = kept.map(({ length }) => {
    const m: Matrix = {
      ...all,
      x: all.x.slice(from * d, (from + length) * d),
      y: all.y.slice(from, from + length),
      shape: [length, d],
    };
    from += length;
    return m;
  });
  const scaler = makeScaler(o.preprocess.scale ?? 'standard', 'feature');
  if (scaler) {
    scaler.fit({ data: mats[0].x, shape: mats[0].shape });
    for (const m of mats) if (m.shape[0] > 0) m.x = scaler.transform({ data: m.x, shape: m.shape }).data;
    steps.push(scaler);
  }
  return {
    train: mats[0],
    validation: mats[1],
    test: mats[2],
    featureNames: all.featureNames,
    classes: all.classes ?? [],
    steps,
    droppedRows: { train: dropped[0], validation: dropped[1], test: dropped[2] },
  };
}

/**
 * Refuses a label that looks continuous for classification: numbers with more than
 * 20 distinct values, over half of them unique (a price, a temperature).
 */
function checkClassLabel(values: Cell[], label: string, where: string): void {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length === 0)
    throw new FrontierError('TABLE_EMPTY_COLUMN', `the label column ${JSON.stringify(label)} has no values`, {
      where: `${where}, column ${JSON.stringify(label)}`,
      hint: 'point dataset.label at the column that holds the classes',
    });
  if (!present.every((v) => typeof v === 'number')) return;
  const distinct = new Set(present).size;
  if (distinct > 20 && distinct > present.length / 2)
    throw new FrontierError(
      'TABLE_CONTINUOUS_LABEL',
      `the label ${JSON.stringify(label)} looks continuous (${distinct} distinct numbers in ${present.length} rows), not a set of classes`,
      {
        where: `${where}, column ${JSON.stringify(label)}`,
        hint: 'classification needs a label of a few classes; bin the values into classes, or pick another label (regression studies are not supported yet)',
      },
    );
}
