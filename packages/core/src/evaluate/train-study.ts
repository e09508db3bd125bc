import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { saveModel } from '../io/index.ts';
import { buildModel, countParams } from '../models/index.ts';
import { saveSteps } from '../preprocess/steps-file.ts';
import { Callback, ModelCheckpoint, ProgressBar, TrackingCallback, type Logs } from '../train/index.ts';
import { classify } from './measure.ts';
import { logArtifacts, startSession, trainWithStudy, type SessionOptions } from '../study/session.ts';
import { resolveStudy, studyModel, type StudyConfig } from '../study/study.ts';
import { loadStudyData, logDroppedRows } from '../preprocess/study-data.ts';

/** Options of trainStudy. Defaults: model to `models/<run-id>`, no checkpoints. */
export interface TrainStudyOptions extends SessionOptions {
  /** Folder for the trained model (tfjs format). */
  out?: string;
  /** Checkpoint every epoch into this folder, and resume from it when it holds one. */
  checkpointDir?: string;
  /** Register the model under this name in the tracking store's model registry. */
  registerAs?: string;
}

/** What trainStudy returns. */
export interface TrainStudyResult {
  runId: string;
  modelDir: string;
  history: Logs[];
  test: { accuracy: number; loss: number };
  parameters: number;
  /** Registry version, when registered. */
  version?: number;
}

/**
 * `frontier train`: trains the study's model on its data with progress, tracking
 * and optional checkpoint/resume, evaluates it on the test split, saves it in tfjs
 * format and records it as an artifact (and a registry version when asked).
 */
export async function trainStudy(
  config: StudyConfig = {},
  opts: TrainStudyOptions = {},
): Promise<TrainStudyResult> {
  const study = resolveStudy(config, tf.getBackend());
  const session = await startSession(study, opts);
  const { store, run, log } = session;
  try {
    const data = await loadStudyData(study);
    logDroppedRows(data, log);
    const modelConfig = studyModel(study, data.inputShape, data.classes.length);
    const model = buildModel(modelConfig, study.seed);
    const callbacks: Callback[] = [
      new ProgressBar(session.progress),
      new TrackingCallback(store, run.id, { batchEvery: 50 }),
      session.stepCallback(),
    ];
    if (opts.checkpointDir) callbacks.push(new ModelCheckpoint(opts.checkpointDir));
    log(`run ${run.id}: training ${modelConfig.name} on ${data.train.x.shape[0]} ${data.name} examples`);
    const history = await trainWithStudy(model, data, study, { callbacks, resumeFrom: opts.checkpointDir });
    const test = classify(model, data.test);
    await store.logMetrics(run.id, [
      { key: 'test/accuracy', step: history.length, value: test.accuracy },
      { key: 'test/loss', step: history.length, value: test.loss },
    ]);
    const modelDir = opts.out ?? join('models', run.id);
    await saveModel(model, modelDir, {
      metadata: { runId: run.id, classes: data.classes, model: modelConfig },
    });
    // The fitted preprocessing goes next to the model, so serving applies the same transform.
    if (data.preprocessSteps) await saveSteps(modelDir, data.preprocessSteps);
    await logArtifacts(store, run.id, modelDir, () => 'model');
    const version = opts.registerAs
      ? (await store.registerModel({ name: opts.registerAs, runId: run.id, artifactPath: modelDir })).version
      : undefined;
    const parameters = countParams(model);
    tf.dispose([data.train, data.validation, data.test].flatMap((s) => [s.x, s.y]));
    model.dispose();
    await session.end('finished');
    return {
      runId: run.id,
      modelDir,
      history,
      test: { accuracy: test.accuracy, loss: test.loss },
      parameters,
      version,
    };
  } catch (err) {
    await session.end('failed', err).catch(() => undefined);
    throw err;
  }
}
