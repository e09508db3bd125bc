import * as tf from '@tensorflow/tfjs';
import { join } from 'node:path';
import { saveModel } from '../io/index.ts';
import { buildModel, countParams } from '../models/index.ts';
import { saveSteps } from '../preprocess/steps-file.ts';
import {
  Callback,
  ModelCheckpoint,
  ProgressBar,
  TrackingCallback,
  checkFingerprint,
  fingerprintOf,
  readCheckpointFingerprint,
  type CheckpointFingerprint,
  type Logs,
} from '../train/index.ts';
import { classify } from './measure.ts';
import { logArtifacts, startSession, trainWithStudy, type SessionOptions } from '../study/session.ts';
import { resolveStudy, studyModel, type ResolvedStudy, type StudyConfig } from '../study/study.ts';
import { loadStudyData, logDroppedRows } from '../preprocess/study-data.ts';

/** Options of trainStudy. Defaults: model to `models/<run-id>`, no checkpoints. */
export interface TrainStudyOptions extends SessionOptions {
  /** Folder for the trained model (tfjs format). */
  out?: string;
  /**
   * Checkpoint every epoch into this folder, and resume from it when it holds one.
   * Resuming with another config (anything of {@link studyFingerprint} but epochs)
   * throws `CHECKPOINT_CONFIG_MISMATCH` naming the differing keys.
   */
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
  let fingerprint: CheckpointFingerprint | undefined;
  if (opts.checkpointDir) {
    // Checked before the run starts: a refused resume records no failed run.
    fingerprint = studyFingerprint(study);
    checkFingerprint(opts.checkpointDir, await readCheckpointFingerprint(opts.checkpointDir), fingerprint);
  }
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
    if (opts.checkpointDir)
      callbacks.push(new ModelCheckpoint(opts.checkpointDir, 1, undefined, fingerprint));
    log(`run ${run.id}: training ${modelConfig.name} on ${data.train.x.shape[0]} ${data.name} examples`);
    const history = await trainWithStudy(model, data, study, { callbacks, resumeFrom: opts.checkpointDir });
    const test = classify(model, data.test);
    await store.logMetrics(run.id, [
      { key: 'test/accuracy', step: history.length, value: test.accuracy },
      { key: 'test/loss', step: history.length, value: test.loss },
    ]);
    const modelDir = opts.out ?? join('models', run.id);
    await saveModel(model, modelDir, {
      metadata: {
        runId: run.id,
        classes: data.classes,
        model: modelConfig,
        // A table model's input columns, in order, and its label: explain and serve read them.
        ...(data.featureNames ? { featureNames: data.featureNames } : {}),
        ...(study.dataset.name === 'table' ? { label: study.dataset.label } : {}),
      },
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

/**
 * The part of a resolved study that decides a checkpoint's weights: seed, dataset,
 * model, preprocess and the training recipe (batch size, optimizer, schedule,
 * clipping, validation split, trainLimit). Left out, because a resume may change
 * them: `epochs` (train longer), `earlyStoppingPatience` and `testLimit` (neither
 * changes the weights trained so far).
 */
export function studyFingerprint(study: ResolvedStudy): CheckpointFingerprint {
  const { epochs: _epochs, earlyStoppingPatience: _patience, testLimit: _testLimit, ...train } = study.train;
  return fingerprintOf({
    seed: study.seed,
    dataset: study.dataset,
    model: study.model,
    preprocess: study.preprocess,
    train,
  });
}
