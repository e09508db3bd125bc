/**
 * One trial of a training study: the study config with the sampled point applied,
 * trained with the core Trainer (through the study recipe), reporting each epoch's
 * logs and stopping when told to. Used in process (benchmarks) and by the worker
 * processes alike.
 */
import * as tf from '@tensorflow/tfjs';
import { resolveStudy, studyModel, trainWithStudy, type StudyConfig } from '../study/index.ts';
import { loadStudyData, type LoadedStudyData } from '../preprocess/study-data.ts';
import { saveModel } from '../io/index.ts';
import { buildModel } from '../models/index.ts';
import { FrontierError } from '../util/errors.ts';
import { ReportCallback } from './report-callback.ts';
import { applyParams, type Params } from './space.ts';
import type { ReportFn, TrialExecutor, TrialOutcome, TrialRequest } from './optimize.ts';

/** The fields of a study that decide its data: trials with equal keys share loaded data. */
export function dataKey(config: StudyConfig): string {
  const s = resolveStudy(config, 'cpu');
  return JSON.stringify([
    s.dataset,
    s.seed,
    s.train.validationSplit,
    s.train.trainLimit ?? null,
    s.train.testLimit ?? null,
  ]);
}

/** Loads study data once per {@link dataKey}; keeps at most a few data sets. */
export class StudyDataCache {
  private readonly entries = new Map<string, Promise<LoadedStudyData>>();
  get(config: StudyConfig): Promise<LoadedStudyData> {
    const key = dataKey(config);
    let hit = this.entries.get(key);
    if (!hit) {
      hit = loadStudyData(resolveStudy(config, tf.getBackend()));
      this.entries.set(key, hit);
    }
    return hit;
  }
  /** Disposes every cached tensor. */
  async dispose(): Promise<void> {
    for (const p of this.entries.values()) {
      const d = await p.catch(() => undefined);
      if (d) tf.dispose([d.train, d.validation, d.test].flatMap((s) => [s.x, s.y]));
    }
    this.entries.clear();
  }
}

/** Options of {@link trainTrial}. */
export interface TrainTrialOptions {
  /** The objective metric key in the epoch logs. Default `val_accuracy`. */
  metric?: string;
  /** Save the model here (tfjs format) when the trial finishes unpruned. */
  modelDir?: string;
  report: ReportFn;
}

/**
 * Trains `base` with `params` applied on `data` (which must match the config's data
 * key). The value is the metric after the last epoch run; a pruned trial's model is
 * not saved. Throws `TUNE_NO_METRIC` when the metric never appears in the logs.
 */
export async function trainTrial(
  base: StudyConfig,
  params: Params,
  data: LoadedStudyData,
  opts: TrainTrialOptions,
): Promise<TrialOutcome> {
  const metric = opts.metric ?? 'val_accuracy';
  const config = applyParams(base, params);
  const study = resolveStudy(config, tf.getBackend());
  const modelConfig = studyModel(study, data.inputShape, data.classes.length);
  const model = buildModel(modelConfig, study.seed);
  const cb = new ReportCallback(opts.report);
  try {
    const history = await trainWithStudy(model, data, study, { callbacks: [cb] });
    const value = history[history.length - 1]?.[metric];
    if (value === undefined) {
      throw new FrontierError('TUNE_NO_METRIC', `the epoch logs have no ${metric}`, {
        where: '--metric',
        hint: `use one of ${Object.keys(history[0] ?? {}).join(', ') || 'val_accuracy, val_loss'}`,
      });
    }
    if (opts.modelDir && !cb.pruned) {
      await saveModel(model, opts.modelDir, {
        metadata: { classes: data.classes, model: modelConfig, params },
      });
    }
    return {
      value,
      pruned: cb.pruned,
      steps: cb.steps,
      modelDir: opts.modelDir && !cb.pruned ? opts.modelDir : undefined,
    };
  } finally {
    model.dispose();
  }
}

/**
 * An in-process training executor: trial `n` trains in this process (sequentially
 * if the study has one worker). `modelRoot`, when given, keeps each finished trial's
 * model in `<modelRoot>/trial-<n>`.
 */
export function inProcessExecutor(
  base: StudyConfig,
  opts: { metric?: string; modelRoot?: string } = {},
): TrialExecutor & { cache: StudyDataCache } {
  const cache = new StudyDataCache();
  return {
    cache,
    async run(req: TrialRequest, report: ReportFn) {
      const config = applyParams(base, req.params);
      const data = await cache.get(config);
      return trainTrial(base, req.params, data, {
        metric: opts.metric,
        report,
        modelDir: opts.modelRoot ? `${opts.modelRoot}/trial-${req.number}` : undefined,
      });
    },
    close: () => cache.dispose(),
  };
}
