import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { openStore, superviseRun, type Run, type TrackingStore } from '../track/index.ts';
import {
  Callback,
  EarlyStopping,
  Trainer,
  trainingRecipe,
  type GradientTransform,
  type Logs,
  type ProgressStream,
} from '../train/index.ts';
import { environment, type RunEnvironment } from './environment.ts';
import type { ResolvedStudy } from './study.ts';

/** Options shared by the study commands. Defaults: progress and messages to stderr, the config's store. */
export interface SessionOptions {
  /** Where progress bars go. */
  progress?: ProgressStream;
  /** One-line status messages. */
  log?: (message: string) => void;
  /** An open tracking store to use instead of opening the config's. */
  store?: TrackingStore;
}

/** A tracked run in progress: its store, record and environment. */
export interface Session {
  store: TrackingStore;
  run: Run;
  env: RunEnvironment;
  log: (message: string) => void;
  progress: ProgressStream;
  /** A callback that records the training step in the run's heartbeat (so a killed run shows where it stopped). */
  stepCallback(): Callback;
  /** Marks the run finished, or failed with the error's message, and closes a store the session opened. */
  end(status: 'finished' | 'failed', error?: unknown): Promise<void>;
}

/** Opens the store (unless given) and starts a run that records the study, seed, git sha and versions. */
export async function startSession(study: ResolvedStudy, opts: SessionOptions): Promise<Session> {
  const store = opts.store ?? (await openStore(study.tracking));
  const env = environment(tf.getBackend(), study.seed);
  const run = await store.createRun({
    experiment: study.experiment,
    config: study,
    seed: study.seed,
    gitSha: env.gitSha === 'unknown' ? null : env.gitSha,
    versions: { node: env.node, tfjs: env.tfjs, frontier: env.frontier, backend: env.backend },
    host: env.host,
  });
  await store.logParams(run.id, flattenParams(study));
  // A heartbeat while the run lives; SIGINT/SIGTERM mark it killed, and a vanished
  // process is marked crashed by the next command that opens the store.
  const supervisor = superviseRun(store, run.id);
  let steps = 0;
  return {
    store,
    run,
    env,
    log: opts.log ?? ((m: string) => process.stderr.write(`${m}\n`)),
    progress: opts.progress ?? process.stderr,
    stepCallback() {
      return new (class extends Callback {
        override onBatchEnd() {
          supervisor.step(++steps);
        }
      })();
    },
    async end(status, error) {
      try {
        await supervisor.end(status, error);
      } finally {
        if (!opts.store) await store.close();
      }
    },
  };
}

/** Trains `model` with the study's recipe: optimizer, clipping, batch size, seed, validation, early stopping. */
export async function trainWithStudy(
  model: tf.LayersModel,
  data: { train: { x: tf.Tensor; y: tf.Tensor }; validation: { x: tf.Tensor; y: tf.Tensor } },
  study: ResolvedStudy,
  opts: { epochs?: number; callbacks: Callback[]; transforms?: GradientTransform[]; resumeFrom?: string },
): Promise<Logs[]> {
  const recipe = trainingRecipe(study.train, 'categoricalCrossentropy');
  const trainer = new Trainer(model, {
    ...recipe.trainer,
    transforms: [...(recipe.trainer.transforms ?? []), ...(opts.transforms ?? [])],
  });
  const patience = study.train.earlyStoppingPatience;
  const history = await trainer.fit(data.train.x, data.train.y, {
    epochs: opts.epochs ?? study.train.epochs,
    batchSize: recipe.batchSize,
    seed: study.seed,
    validationData: data.validation,
    resumeFrom: opts.resumeFrom,
    callbacks: [
      ...recipe.callbacks,
      ...opts.callbacks,
      ...(patience ? [new EarlyStopping({ patience })] : []),
    ],
  });
  trainer.optimizer.dispose();
  return history;
}

/** Study config as flat `train.epochs`-style params for the tracking store. */
export function flattenParams(value: unknown, prefix = ''): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  if (value === null || value === undefined) return out;
  if (typeof value !== 'object') return { [prefix]: value as string | number | boolean };
  if (Array.isArray(value)) return { [prefix]: JSON.stringify(value) };
  for (const [k, v] of Object.entries(value))
    Object.assign(out, flattenParams(v, prefix ? `${prefix}.${k}` : k));
  return out;
}

/** Records every file under `dir` as an artifact (path relative to `dir`) with its sha256 and size. */
export async function logArtifacts(
  store: TrackingStore,
  runId: string,
  dir: string,
  kindOf: (rel: string) => string,
): Promise<void> {
  const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile());
  for (const f of files) {
    const path = join(f.parentPath, f.name);
    const bytes = await readFile(path);
    const rel = relative(dir, path);
    await store.logArtifact({
      runId,
      path: rel,
      kind: kindOf(rel),
      sha256: createHash('sha256').update(bytes).digest('hex'),
      bytes: bytes.length,
    });
  }
}
