// Preprocessing stated in a study config (`StudyConfig.preprocess`): cleaning steps
// for table datasets, feature scaling and image augmentation. Every step is fitted on
// the training split only; the fitted steps come back so they can be saved next to
// the model (saveSteps) and applied unchanged at evaluation and serving time.
import * as tf from '@tensorflow/tfjs';
import { tableToMatrix, type Cell, type Matrix, type Table } from '../data/index.ts';
import { epochPermutation } from '../train/rng.ts';
import { FrontierError } from '../util/errors.ts';
import type { AugmentOptions } from './augment.ts';
import { AUGMENT_KEYS, ImageAugmenter } from './augment.ts';
import { MinMaxScaler, RobustScaler, StandardScaler, type AffineScaler } from './scalers.ts';
import { stepFromJson, type AnyStep, type JsonObject } from './step.ts';
import type { TableStep } from './table-step.ts';
import './register-all.ts';

/** One cleaning step of a study config: `step` names it, the other keys are its options. */
export type CleanStepConfig = { step: string } & Record<string, unknown>;

/**
 * `StudyConfig.preprocess`. Every field is optional.
 * - `clean` (table datasets): steps run in order, each fitted on the training rows
 *   only: `dropna` (how, thresh, subset), `dropDuplicates` (subset, keep), `fillna`
 *   (strategies, indicator), `outliers` (columns, method, factor, action), `coerce`
 *   (types, missing, onError), `oneHot` (columns, handleUnknown, categories), `ordinal`
 *   (columns, handleUnknown, unknownValue, categories); the registered class names
 *   (`FillNa`, …) work too. A feature replaced by one-hot columns `F=value` is
 *   expanded to them.
 * - `scale`: 'standard' (z-score; tables' default), 'minmax', 'robust' or 'none'
 *   (images' default); per feature for tables, per channel for images.
 * - `augment` (images): {@link AugmentOptions} without `rescale`; adds an augmentation
 *   layer in front of the model (active in training only, saved with the model).
 */
export interface StudyPreprocessConfig {
  clean?: CleanStepConfig[];
  scale?: 'standard' | 'minmax' | 'robust' | 'none';
  augment?: Omit<AugmentOptions, 'rescale'>;
}

const STEP_OPTIONS: Record<string, string[]> = {
  DropNa: ['how', 'thresh', 'subset'],
  DropDuplicates: ['subset', 'keep'],
  FillNa: ['strategies', 'indicator'],
  Outliers: ['columns', 'method', 'factor', 'action'],
  Coerce: ['types', 'missing', 'onError'],
  OneHotEncoder: ['columns', 'handleUnknown', 'categories'],
  OrdinalEncoder: ['columns', 'handleUnknown', 'unknownValue', 'categories'],
};
const ALIASES: Record<string, string> = {
  dropna: 'DropNa',
  dropDuplicates: 'DropDuplicates',
  fillna: 'FillNa',
  outliers: 'Outliers',
  coerce: 'Coerce',
  oneHot: 'OneHotEncoder',
  ordinal: 'OrdinalEncoder',
};

function bad(where: string, message: string, hint: string): FrontierError {
  return new FrontierError('STUDY_CONFIG', message, { where, hint });
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

/** The unfitted cleaning steps of `clean`; throws `STUDY_CONFIG` naming the bad entry or key. */
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
      throw new FrontierError('STUDY_CONFIG', e.message, {
        where: `${at} (${e.where ?? className})`,
        hint: e.hint,
        cause,
      });
    }
  });
}

/** Checks `StudyConfig.preprocess` for a dataset (images or a table); throws `STUDY_CONFIG` naming the bad key. */
export function validateStudyPreprocess(p: unknown, images: boolean, where = 'preprocess'): void {
  if (typeof p !== 'object' || p === null || Array.isArray(p))
    throw bad(where, 'preprocess must be an object', 'e.g. { "scale": "standard" }');
  const cfg = p as StudyPreprocessConfig;
  unknownKeys(cfg, ['clean', 'scale', 'augment'], where);
  if (cfg.scale !== undefined && !['standard', 'minmax', 'robust', 'none'].includes(cfg.scale))
    throw bad(
      `${where}.scale`,
      `unknown scale ${JSON.stringify(cfg.scale)}`,
      "use 'standard', 'minmax', 'robust' or 'none'",
    );
  if (cfg.clean !== undefined) {
    if (images)
      throw bad(
        `${where}.clean`,
        'cleaning steps apply to table datasets only',
        'remove clean, or use a table dataset',
      );
    cleaningSteps(cfg.clean, `${where}.clean`);
  }
  if (cfg.augment !== undefined) {
    if (!images)
      throw bad(`${where}.augment`, 'augmentation applies to image datasets only', 'remove augment');
    if (typeof cfg.augment !== 'object' || cfg.augment === null)
      throw bad(
        `${where}.augment`,
        'augment must be an object of augmentation options',
        'e.g. { "rotationRange": 10 }',
      );
    unknownKeys(cfg.augment, AUGMENT_KEYS, `${where}.augment`);
    try {
      new ImageAugmenter(cfg.augment);
    } catch (cause) {
      const e = cause as FrontierError;
      const key = e.where?.split('.').pop() ?? '';
      throw new FrontierError('STUDY_CONFIG', e.message, {
        where: `${where}.augment.${key}`,
        hint: e.hint,
        cause,
      });
    }
  }
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
export interface TablePreprocessOptions {
  seed: number;
  validationSplit: number;
  features: string[];
  label: string;
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
}

/**
 * Splits the table's rows (seeded: 20 % test, then `validationSplit` of the rest
 * for validation), fits each cleaning step on the training rows and applies it to
 * all three, drops rows still missing a used value, encodes with tableToMatrix (one
 * encoding for all splits) and fits the scaler on the training matrix.
 */
export function preprocessTable(table: Table, o: TablePreprocessOptions): PreprocessedTable {
  const n = table.rows.length;
  const order = epochPermutation(n, o.seed, -1);
  const nTest = Math.max(1, Math.round(n * 0.2));
  const rest = order.subarray(nTest);
  const nVal = Math.max(1, Math.round(rest.length * o.validationSplit));
  const pick = (idx: Int32Array): Table => ({ ...table, rows: [...idx].map((i) => table.rows[i]) });
  let parts = [
    pick(rest.subarray(0, rest.length - nVal)),
    pick(rest.subarray(rest.length - nVal)),
    pick(order.subarray(0, nTest)),
  ];
  const steps: AnyStep[] = [];
  for (const step of cleaningSteps(o.preprocess.clean ?? [])) {
    step.fit(parts[0]);
    parts = parts.map((t) => step.transform(t));
    steps.push(step);
  }
  const columns = parts[0].columns;
  const features = o.features.flatMap((f) => {
    if (columns.includes(f)) return [f];
    const expanded = columns.filter((c) => c.startsWith(`${f}=`));
    if (expanded.length) return expanded;
    throw new FrontierError('STUDY_CONFIG', `feature ${JSON.stringify(f)} is not a column after cleaning`, {
      where: 'preprocess.clean',
      hint: `columns after cleaning: ${columns.join(', ')}`,
    });
  });
  const used = [...features, o.label];
  const kept = parts.map((t) =>
    t.rows.filter((r) => used.every((c) => (r as Record<string, Cell>)[c] !== null)),
  );
  const all = tableToMatrix(
    { ...parts[0], rows: kept.flat() },
    { features, label: o.label, task: 'classification' },
  );
  const d = all.shape[1];
  const counts = kept.map((k) => k.length);
  let from = 0;
  const mats = counts.map((len) => {
    const m: Matrix = {
      ...all,
      x: all.x.slice(from * d, (from + len) * d),
      y: all.y.slice(from, from + len),
      shape: [len, d],
    };
    from += len;
    return m;
  });
  if (counts[0] === 0)
    throw new FrontierError('STUDY_CONFIG', 'no training rows are left after cleaning', {
      where: 'preprocess.clean',
      hint: 'loosen the dropna/outliers steps',
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
  };
}
