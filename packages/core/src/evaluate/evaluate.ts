import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { ExplanationComparison } from '../explain/index.ts';
import { buildModel, countParams, summary } from '../models/index.ts';
import {
  DEFAULT_TECHNIQUE_AUGMENT,
  ImageAugmenter,
  augmentationGridSection,
  cleaningComparisonSection,
  compareCleaningOnBuiltins,
} from '../preprocess/index.ts';
import {
  writeReport,
  type HistoryPoint,
  type Report,
  type ReportSection,
  type TechniqueRow,
} from '../report/index.ts';
import { ProgressBar, TrackingCallback, type Logs } from '../train/index.ts';
import { FrontierError } from '../util/errors.ts';
import { logArtifacts, startSession, trainWithStudy, type SessionOptions } from './session.ts';
import { measureModel, measureSpeed, variantDir } from './measure.ts';
import { studyOptimizerSection } from './optimizer-comparison.ts';
import { resolveStudy, studyModel, type StudyConfig } from './study.ts';
import { loadStudyData } from './study-data.ts';
import { getTechnique, listTechniques, type Technique, type TechniqueContext } from './technique.ts';
import './techniques.ts';

/** Options of evaluate: see SessionOptions. */
export type EvaluateOptions = SessionOptions;

/** What evaluate returns: the run, where its report is, and the matrix it measured. */
export interface EvaluateResult {
  runId: string;
  reportDir: string;
  htmlPath: string;
  jsonPath: string;
  report: Report;
  seconds: number;
}

/**
 * The main job: trains the baseline on the study's data, applies every technique,
 * measures each variant the same way, tracks everything (config, per-epoch metrics,
 * every measured column, artifacts with sha256) and writes
 * `<reportsDir>/<run-id>/report.html` and `report.json`.
 */
export async function evaluate(
  config: StudyConfig = {},
  opts: EvaluateOptions = {},
): Promise<EvaluateResult> {
  const t0 = performance.now();
  const study = resolveStudy(config, tf.getBackend());
  const techniques = pickTechniques(study.techniques, tf.getBackend());
  const session = await startSession(study, opts);
  const { store, run, env, log } = session;
  const runDir = join(study.reportsDir, run.id);
  try {
    log(`run ${run.id}: loading ${study.dataset.name}`);
    const data = await loadStudyData(study);
    const modelConfig = studyModel(study, data.inputShape, data.classes.length);
    const baseline = buildModel(modelConfig, study.seed);
    const train = (model: tf.LayersModel, prefix: string, o: Parameters<TechniqueContext['train']>[1] = {}) =>
      trainWithStudy(model, data, o.knobs ? { ...study, train: { ...study.train, ...o.knobs } } : study, {
        epochs: o.epochs,
        transforms: o.transforms,
        callbacks: [
          new ProgressBar(session.progress),
          new TrackingCallback(store, run.id, { prefix, batchEvery: 50 }),
          ...(o.callbacks ?? []),
        ],
      });
    log(
      `training ${modelConfig.name} on ${data.train.x.shape[0]} examples for ${study.train.epochs} epoch(s), backend ${env.backend}`,
    );
    const trainStart = performance.now();
    const history = await train(baseline, '');
    const baselineSeconds = (performance.now() - trainStart) / 1000;
    // Do the variants still look at what the baseline looks at? (saliency on a few test rows)
    const explanations = await ExplanationComparison.create(baseline, data.test.x, { rows: 16 });

    const rows: TechniqueRow[] = [];
    const variants = new Map<string, tf.LayersModel>();
    let confusion: number[][] = [];
    let baselineAccuracy: number | undefined;
    for (const technique of techniques) {
      log(`technique ${technique.name}: ${technique.description}`);
      const applyStart = performance.now();
      const variant = await technique.apply({
        baseline: technique.base ? variants.get(technique.base)! : baseline,
        data,
        seed: study.seed,
        workDir: join(runDir, 'work', technique.name),
        train: (model, o) => train(model, `${technique.name}/`, o),
        recipe: study.train,
        modelConfig,
        log,
      });
      // What producing the variant cost; the baseline row carries the baseline's training.
      const seconds =
        (performance.now() - applyStart) / 1000 + (technique.name === 'baseline' ? baselineSeconds : 0);
      log(`${technique.name}: ready in ${seconds.toFixed(1)} s`);
      variants.set(technique.name, variant.model);
      const m = await measureModel(variant.model, data.test, variantDir(runDir, technique.name));
      if (technique.name === 'baseline' || confusion.length === 0) confusion = m.confusion;
      baselineAccuracy ??= m.metrics.accuracy.value;
      const metrics = { ...m.metrics, ...variant.metrics };
      metrics.deltaAccuracy = { value: (metrics.accuracy.value - baselineAccuracy) * 100, unit: 'pp' };
      metrics.seconds = { value: seconds, unit: 's' };
      const agreement = await explanations.add(technique.name, variant.model);
      metrics.attributionRankCorrelation = { value: agreement.rankCorrelation, unit: 'ρ' };
      metrics.attributionTopKOverlap = { value: agreement.topKOverlap, unit: 'ratio' };
      rows.push({
        technique: technique.name,
        description: technique.description,
        metrics,
        notes: variant.notes,
      });
    }
    // Speed last, every variant interleaved, so that all rows see the same machine.
    log(`measuring latency and throughput of ${rows.length} variant(s), interleaved`);
    const speeds = measureSpeed([...variants.values()], data.test.x);
    rows.forEach((row, i) => Object.assign(row.metrics, speeds[i]));
    for (const row of rows) {
      await store.logMetrics(
        run.id,
        Object.entries(row.metrics).map(([k, v]) => ({
          key: `${row.technique}/${k}`,
          step: 0,
          value: v.value,
        })),
      );
    }
    for (const model of new Set(variants.values())) if (model !== baseline) model.dispose();

    const report: Report = {
      runId: run.id,
      title: `Frontier evaluation: ${modelConfig.name} on ${data.name}`,
      createdAt: new Date().toISOString(),
      dataset: {
        name: data.name,
        train: data.train.x.shape[0],
        test: data.test.x.shape[0],
        classes: data.classes,
      },
      model: { name: modelConfig.name, parameters: countParams(baseline), summary: summary(baseline) },
      environment: {
        ...envStrings(env),
        epochs: String(study.train.epochs),
        batchSize: String(study.train.batchSize),
        validation: String(data.validation.x.shape[0]),
      },
      history: toHistoryPoints(history),
      confusion: { labels: data.classes, matrix: confusion },
      matrix: rows,
      sections: [
        explanations.section(),
        await studyOptimizerSection(modelConfig, data, study.seed, env.backend, log),
        ...(await preparationSections(data, study.seed)),
      ],
    };
    const written = await writeReport(runDir, report);
    await logArtifacts(store, run.id, runDir, (rel) => (rel.startsWith('models') ? 'model' : 'report'));
    await session.end('finished');
    tf.dispose([data.train, data.validation, data.test].flatMap((s) => [s.x, s.y]));
    baseline.dispose();
    return { runId: run.id, reportDir: runDir, ...written, report, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    await session.end('failed').catch(() => undefined);
    throw err;
  }
}

/**
 * The config's techniques, or by default all of them except opt-in ones (and, on
 * pure-JS cpu, except those that train). A technique built on another's variant
 * (`base`) needs that one earlier in the list.
 */
export function pickTechniques(names: string[] | undefined, backend: string): Technique[] {
  const picked = names
    ? names.map((name) => {
        const t = getTechnique(name);
        if (!t) {
          throw new FrontierError('UNKNOWN_TECHNIQUE', `unknown technique ${JSON.stringify(name)}`, {
            where: 'techniques',
            hint: `available: ${listTechniques()
              .map((x) => x.name)
              .join(', ')}`,
          });
        }
        return t;
      })
    : listTechniques().filter((t) => !t.optIn && (backend !== 'cpu' || !t.trains));
  const seen = new Set<string>();
  return picked.filter((t) => {
    if (t.base && !seen.has(t.base)) {
      if (!names) return false; // its base was left out of the default list
      throw new FrontierError(
        'TECHNIQUE_ORDER',
        `technique ${t.name} builds on ${t.base}, which does not run before it`,
        {
          where: 'techniques',
          hint: `list ${JSON.stringify(t.base)} before ${JSON.stringify(t.name)}`,
        },
      );
    }
    seen.add(t.name);
    return true;
  });
}

/**
 * Data preparation, shown beside the matrix: a grid of augmented training images
 * (image data) and the cleaning strategies compared on the built-in tables.
 */
async function preparationSections(
  data: { train: { x: tf.Tensor } },
  seed: number,
): Promise<ReportSection[]> {
  const sections: ReportSection[] = [];
  if (data.train.x.rank === 4) {
    const sample = tf.slice(data.train.x, 0, Math.min(6, data.train.x.shape[0]));
    const grid = { data: (await sample.data()) as Float32Array, shape: sample.shape };
    sample.dispose();
    sections.push(augmentationGridSection(grid, new ImageAugmenter({ ...DEFAULT_TECHNIQUE_AUGMENT, seed })));
  }
  sections.push(cleaningComparisonSection(await compareCleaningOnBuiltins(seed)));
  return sections;
}

/** Per-epoch logs as long-form points for the training-curve chart. */
export function toHistoryPoints(history: Logs[]): HistoryPoint[] {
  return history.flatMap((logs, i) =>
    Object.entries(logs)
      .filter(([k]) => k !== 'lr')
      .map(([k, value]) => ({
        epoch: i + 1,
        split: k.startsWith('val_') ? ('validation' as const) : ('train' as const),
        metric: k.replace(/^val_/, ''),
        value,
      })),
  );
}

function envStrings(env: object): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}
