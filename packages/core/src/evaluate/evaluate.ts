import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { ExplanationComparison } from '../explain/index.ts';
import { buildModel, countParams, summary } from '../models/index.ts';
import {
  escapeHtml,
  writeReport,
  type HistoryPoint,
  type Report,
  type ReportSection,
  type TechniqueRow,
} from '../report/index.ts';
import { ProgressBar, TrackingCallback, type Logs } from '../train/index.ts';
import { logArtifacts, startSession, trainWithStudy, type SessionOptions } from '../study/session.ts';
import { measureModel, measureSpeed, variantDir } from './measure.ts';
import { pickSections } from './sections.ts';
import { resolveStudy, studyModel, type StudyConfig } from '../study/study.ts';
import { loadStudyData, logDroppedRows } from '../preprocess/study-data.ts';
import type { TechniqueContext } from '../study/technique.ts';
import { resolveTechniques } from '../techniques/index.ts';

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
  const techniques = resolveTechniques(study.techniques, tf.getBackend());
  const session = await startSession(study, opts);
  const { store, run, env, log } = session;
  const runDir = join(study.reportsDir, run.id);
  try {
    log(`run ${run.id}: loading ${study.dataset.name}`);
    const data = await loadStudyData(study);
    logDroppedRows(data, log);
    const modelConfig = studyModel(study, data.inputShape, data.classes.length);
    const baseline = buildModel(modelConfig, study.seed);
    const train = (model: tf.LayersModel, prefix: string, o: Parameters<TechniqueContext['train']>[1] = {}) =>
      trainWithStudy(model, data, o.knobs ? { ...study, train: { ...study.train, ...o.knobs } } : study, {
        epochs: o.epochs,
        transforms: o.transforms,
        callbacks: [
          new ProgressBar(session.progress),
          new TrackingCallback(store, run.id, { prefix, batchEvery: 50 }),
          session.stepCallback(),
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
      const skipped = technique.skip?.(data);
      if (skipped) {
        log(`technique ${technique.name}: skipped, ${skipped}`);
        rows.push({ technique: technique.name, description: technique.description, metrics: {}, skipped });
        continue;
      }
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
      const m = await measureModel(
        variant.model,
        data.test,
        variantDir(runDir, technique.name),
        variant.save?.bind(variant),
      );
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
    rows.filter((r) => !r.skipped).forEach((row, i) => Object.assign(row.metrics, speeds[i]));
    for (const row of rows) {
      await store.logMetrics(
        run.id,
        Object.entries(row.metrics).map(([k, v]) => ({
          key: `${row.technique}/test/${k}`,
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
      sections: await buildSections({ study, data, modelConfig, backend: env.backend, explanations, log }),
    };
    const written = await writeReport(runDir, report);
    await logArtifacts(store, run.id, runDir, (rel) => (rel.startsWith('models') ? 'model' : 'report'));
    await session.end('finished');
    tf.dispose([data.train, data.validation, data.test].flatMap((s) => [s.x, s.y]));
    baseline.dispose();
    return { runId: run.id, reportDir: runDir, ...written, report, seconds: (performance.now() - t0) / 1000 };
  } catch (err) {
    await session.end('failed', err).catch(() => undefined);
    throw err;
  }
}

/** The study's report sections, built in order; a section that does not apply says why. */
async function buildSections(ctx: Parameters<typeof pickSections>[0]): Promise<ReportSection[]> {
  const out: ReportSection[] = [];
  for (const { kind, skipped } of pickSections(ctx)) {
    if (skipped) {
      // Named explicitly but not applicable: say so rather than drop it silently.
      if (ctx.study.sections) out.push({ title: kind.name, html: `<p>Skipped: ${escapeHtml(skipped)}.</p>` });
      continue;
    }
    out.push(await kind.build(ctx));
  }
  return out;
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
