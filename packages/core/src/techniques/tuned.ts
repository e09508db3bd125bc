/**
 * Default vs tuned hyperparameters, as a row of the technique matrix: a small,
 * budgeted search (TPE sampler + ASHA pruner from the tune library) over the study's
 * learning rate and batch size, on a subset of the training split scored on a subset
 * of the validation split, then the study's model trained from the study's seed with
 * the best point, the same way (epochs, schedule, clipping, tracking) as the baseline.
 * The search never reads the test split; the harness measures the tuned model on it
 * afterwards like every other row.
 */
import * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { buildModel, type ModelConfig } from '../models/index.ts';
import { openStore } from '../track/index.ts';
import { Trainer, trainingRecipe, type TrainingKnobs } from '../train/index.ts';
import { optimize, type StudyResult, type TrialExecutor } from '../tune/optimize.ts';
import { AshaPruner } from '../tune/pruners.ts';
import { ReportCallback } from '../tune/report-callback.ts';
import { applyParams, sameValue, type ParamValue, type Params, type SearchSpace } from '../tune/space.ts';
import { TpeSampler } from '../tune/tpe.ts';
import type { Sampler } from '../tune/types.ts';
import { FrontierError } from '../util/errors.ts';
import type { TechniqueKind, Technique, TechniqueContext, Variant } from '../study/technique.ts';

/**
 * The default search space, as dot paths into the training knobs: the optimizer's
 * learning rate, log-uniform in [1e-4, 1e-2], and the batch size in {16, 32, 64, 128}.
 */
export const DEFAULT_TUNED_SPACE: SearchSpace = {
  'optimizer.learningRate': { type: 'float', low: 1e-4, high: 1e-2, log: true },
  batchSize: { type: 'choice', values: [16, 32, 64, 128] },
};

/**
 * Options of the tuned row. Defaults: {@link DEFAULT_TUNED_SPACE}, 8 trials of at most
 * 2 epochs each on the first 4,000 training and 1,000 validation examples, TPE with
 * 4 random startup trials, ASHA with η = 3 from epoch 1, objective val_accuracy.
 */
export interface TunedOptions {
  space?: SearchSpace;
  trials?: number;
  epochsPerTrial?: number;
  trainLimit?: number;
  validationLimit?: number;
  nStartupTrials?: number;
}

/** What the search found and what it cost. */
export interface HyperparameterSearch {
  /** The best trial's point (keys of the space). */
  best: Params;
  /** Its val_accuracy on the validation subset. */
  bestValue: number;
  trials: number;
  pruned: number;
  /** Epochs run by all trials together. */
  trialEpochs: number;
  seconds: number;
  result: StudyResult;
}

/** The data the search may see: only training and validation, never the test split. */
export interface SearchData {
  train: { x: tf.Tensor; y: tf.Tensor };
  validation: { x: tf.Tensor; y: tf.Tensor };
}

/** The value at `path` (dot path) in `config`, or undefined. */
function valueAt(config: unknown, path: string): unknown {
  let node = config;
  for (const key of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/**
 * The study's own values of the space's parameters, when every one is a point of the
 * space (so the search's first trial is the default, as Optuna's enqueue_trial does);
 * undefined otherwise.
 */
export function defaultPoint(space: SearchSpace, knobs: TrainingKnobs): Params | undefined {
  const point: Params = {};
  for (const [path, spec] of Object.entries(space)) {
    const v = valueAt(knobs, path);
    if (spec.when) return undefined;
    const inside =
      spec.type === 'choice'
        ? spec.values.some((c) => sameValue(c, v as ParamValue))
        : typeof v === 'number' &&
          v >= spec.low &&
          v <= spec.high &&
          (spec.type === 'float' || Number.isInteger(v)) &&
          spec.step === undefined;
    if (!inside) return undefined;
    point[path] = v as ParamValue;
  }
  return point;
}

/** Trial 0 is `first`; every other trial comes from `next`. */
function startingAt(first: Params | undefined, next: Sampler): Sampler {
  return {
    name: next.name,
    sample: (space, trials, ctx) =>
      ctx.number === 0 && first ? { ...first } : next.sample(space, trials, ctx),
  };
}

/**
 * Searches `opts.space` (dot paths applied to `knobs`) with TPE + ASHA in a private
 * in-memory study whose trial 0 is the study's own point when it lies in the space
 * ({@link defaultPoint}): each trial builds `modelConfig` from `seed` and trains it with the
 * knobs the point gives on the first `trainLimit` training examples, scored by
 * val_accuracy on the first `validationLimit` validation examples. Only `data.train`
 * and `data.validation` are read.
 */
export async function searchHyperparameters(
  modelConfig: ModelConfig,
  knobs: TrainingKnobs,
  data: SearchData,
  seed: number,
  opts: TunedOptions = {},
  log: (message: string) => void = () => undefined,
): Promise<HyperparameterSearch> {
  const start = performance.now();
  const space = opts.space ?? DEFAULT_TUNED_SPACE;
  const epochs = opts.epochsPerTrial ?? 2;
  const nTrain = Math.min(opts.trainLimit ?? 4_000, data.train.x.shape[0]);
  const nVal = Math.min(opts.validationLimit ?? 1_000, data.validation.x.shape[0]);
  const train = { x: tf.slice(data.train.x, 0, nTrain), y: tf.slice(data.train.y, 0, nTrain) };
  const validation = { x: tf.slice(data.validation.x, 0, nVal), y: tf.slice(data.validation.y, 0, nVal) };
  const executor: TrialExecutor = {
    async run(req, report) {
      const recipe = trainingRecipe(applyParams(knobs, req.params), 'categoricalCrossentropy');
      const model = buildModel(modelConfig, seed);
      const trainer = new Trainer(model, recipe.trainer);
      const cb = new ReportCallback(report);
      try {
        const history = await trainer.fit(train.x, train.y, {
          epochs,
          batchSize: recipe.batchSize,
          seed,
          validationData: validation,
          callbacks: [...recipe.callbacks, cb],
        });
        const value = history[history.length - 1]?.val_accuracy ?? NaN;
        return { value, pruned: cb.pruned, steps: cb.steps };
      } finally {
        trainer.optimizer.dispose();
        model.dispose();
      }
    },
  };
  const store = await openStore('sqlite::memory:');
  try {
    const result = await optimize({
      space,
      store,
      study: 'evaluate-tuned',
      nTrials: opts.trials ?? 8,
      // The study's default is trial 0, so the search compares against it on equal terms.
      sampler: startingAt(
        defaultPoint(space, knobs),
        new TpeSampler({ nStartupTrials: opts.nStartupTrials ?? 4 }),
      ),
      pruner: new AshaPruner({ minResource: 1, reductionFactor: 3, maxResource: epochs }),
      executor,
      seed,
      log,
    });
    if (!result.best) {
      throw new FrontierError('TUNED_NO_TRIAL', 'no trial of the hyperparameter search finished', {
        where: 'technique tuned',
        hint: 'check the training recipe with `frontier train`; the search log above names each failure',
      });
    }
    return {
      best: result.best.params,
      bestValue: result.best.value!,
      trials: result.trials.length,
      pruned: result.trials.filter((t) => t.state === 'pruned').length,
      trialEpochs: result.trialEpochs,
      seconds: (performance.now() - start) / 1000,
      result,
    };
  } finally {
    await store.close();
    tf.dispose([train.x, train.y, validation.x, validation.y]);
  }
}

/** The study's knobs (optimizer, schedule, clipping, batch size) out of a resolved recipe. */
function knobsOf(recipe: TrainingKnobs): TrainingKnobs {
  const { optimizer, schedule, clipNorm, clipValue, batchSize } = recipe;
  return { optimizer, schedule, clipNorm, clipValue, batchSize };
}

const show = (v: unknown) => (typeof v === 'number' ? Number(v.toPrecision(3)) : v);

/**
 * The `tuned` row (opt-in: name it in the config's `techniques`): searches (see {@link searchHyperparameters}), then trains the study's
 * model from the study's seed with the best point through `ctx.train` (the study's
 * epochs and recipe, only the searched knobs changed). Notes give the point found and
 * the study's defaults; numeric parameters also become metrics (`tuned.<path>`), with
 * the search's cost in `searchSeconds` and `searchTrialEpochs`.
 */
export function tunedTechnique(opts: TunedOptions = {}): Technique {
  return {
    name: 'tuned',
    description:
      'Hyperparameters tuned (TPE + ASHA over learning rate and batch size on a training subset, scored on validation), then trained like the baseline',
    trains: true,
    // Opt-in: the search plus a second full training (61.9 s on idle MNIST, 1.3 × the
    // baseline's training) would leave the default study within ~5 s of its budget.
    async apply(ctx: TechniqueContext): Promise<Variant> {
      if (!ctx.recipe || !ctx.modelConfig) {
        throw new FrontierError(
          'TUNED_NO_RECIPE',
          'the tuned technique needs the study recipe and model config',
          {
            where: 'technique tuned',
            hint: 'run it through evaluate(), which sets ctx.recipe and ctx.modelConfig',
          },
        );
      }
      const knobs = knobsOf(ctx.recipe);
      // Only train and validation go to the search: the test split stays unseen until the harness measures.
      const search = await searchHyperparameters(
        ctx.modelConfig,
        knobs,
        { train: ctx.data.train, validation: ctx.data.validation },
        ctx.seed,
        opts,
        ctx.log,
      );
      const tuned = applyParams(knobs, search.best);
      ctx.log(
        `tuned: best ${JSON.stringify(search.best)} (val_accuracy ${search.bestValue.toFixed(4)}), training`,
      );
      const model = buildModel(ctx.modelConfig, ctx.seed);
      await ctx.train(model, { knobs: tuned });
      const metrics: Variant['metrics'] = {
        searchSeconds: { value: search.seconds, unit: 's' },
        searchTrialEpochs: { value: search.trialEpochs, unit: 'count' },
      };
      for (const [k, v] of Object.entries(search.best)) {
        if (typeof v === 'number') metrics[`tuned.${k}`] = { value: v, unit: '1' };
      }
      const defaults = Object.keys(search.best).map((k) => `${k} ${JSON.stringify(show(valueAt(knobs, k)))}`);
      return {
        model,
        metrics,
        notes: [
          `found ${Object.entries(search.best)
            .map(([k, v]) => `${k} ${JSON.stringify(show(v))}`)
            .join(', ')} (defaults: ${defaults.join(', ')})`,
          `search: ${search.trials} trials (${search.pruned} pruned by ASHA), ${search.trialEpochs} trial-epochs, ` +
            `best val_accuracy ${search.bestValue.toFixed(4)} on the validation subset; test data unseen`,
        ],
      };
    },
  };
}

const tunedParams = z.strictObject({
  trials: z.int().min(1).optional().describe('search trials (default: see TunedOptions)'),
});

/** `{ "kind": "tuned" }` (opt-in): hyperparameters searched with TPE + ASHA, then trained like the baseline. */
export const tunedKind: TechniqueKind<typeof tunedParams> = {
  kind: 'tuned',
  summary: 'hyperparameters tuned with TPE + ASHA, then trained like the baseline (opt-in)',
  params: tunedParams,
  create: (p, name) => ({
    ...tunedTechnique(p.trials ? { trials: p.trials } : {}),
    ...(name ? { name } : {}),
  }),
};
