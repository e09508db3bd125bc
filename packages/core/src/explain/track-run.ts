/**
 * The tracked run of one explanation: its options as params, every input (the model
 * folder's files and the data) and every output (explain.html, explain.json) as
 * artifacts with size and SHA-256, supervised so SIGINT/SIGTERM mark it `killed`.
 */
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { defaultMnistDir } from '../data/mnist.ts';
import { environment } from '../study/environment.ts';
import { flattenParams } from '../study/session.ts';
import { openStore, superviseRun, type TrackingStore } from '../track/index.ts';
import type { ExplainDataSource } from './run-data.ts';

/** A tracked explanation in progress: end it with `finish` or `fail`. */
export interface ExplainTrackedRun {
  runId: string;
  /** Records the output files (kind `explanation`) and metrics, marks the run finished, closes the store. */
  finish(outputs: string[], metrics: Record<string, number>): Promise<void>;
  /** Marks the run failed with the error's message and closes the store. */
  fail(error: unknown): Promise<void>;
}

/** Options of {@link startExplainRun}. `tracking`: a store URL or path, or undefined for openStore's default. */
export interface ExplainRunTracking {
  tracking?: string;
  modelDir: string;
  data: ExplainDataSource;
  params: Record<string, unknown>;
  seed: number;
}

/**
 * Opens the store and starts run `explain` in experiment `explain` with `params`, then
 * records each file of the model folder (kind `model`) and the data (kind `data`: the
 * table file, or one digest over a data folder's files) as artifacts.
 */
export async function startExplainRun(o: ExplainRunTracking): Promise<ExplainTrackedRun> {
  const store = await openStore(o.tracking);
  let supervisor: ReturnType<typeof superviseRun>;
  let runId: string;
  try {
    const env = environment(tf.getBackend(), o.seed);
    const run = await store.createRun({
      experiment: 'explain',
      name: 'explain',
      config: { command: 'explain', model: resolve(o.modelDir), data: o.data, ...o.params },
      seed: o.seed,
      gitSha: env.gitSha === 'unknown' ? null : env.gitSha,
      versions: { node: env.node, tfjs: env.tfjs, frontier: env.frontier, backend: env.backend },
      host: env.host,
    });
    runId = run.id;
    supervisor = superviseRun(store, runId);
    await store.logParams(runId, { ...flattenParams(o.params), model: resolve(o.modelDir) });
    for (const f of await folderFiles(o.modelDir)) await logFile(store, runId, f, 'model');
    const dataPath =
      o.data.name === 'table'
        ? o.data.path
        : o.data.name === 'images'
          ? o.data.path
          : (o.data.dir ?? defaultMnistDir());
    await logData(store, runId, dataPath);
  } catch (err) {
    await store.close();
    throw err;
  }
  const id = runId;
  const sup = supervisor;
  return {
    runId: id,
    async finish(outputs, metrics) {
      try {
        for (const f of outputs) await logFile(store, id, f, 'explanation');
        const points = Object.entries(metrics)
          .filter(([, v]) => Number.isFinite(v))
          .map(([key, value]) => ({ key, step: 0, value }));
        await store.logMetrics(id, points);
        await sup.end('finished');
      } finally {
        await store.close();
      }
    },
    async fail(error) {
      try {
        await sup.end('failed', error);
      } finally {
        await store.close();
      }
    },
  };
}

/** SHA-256 (hex) of bytes. */
export function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

async function logFile(store: TrackingStore, runId: string, path: string, kind: string): Promise<void> {
  const data = await readFile(path);
  await store.logArtifact({ runId, path: resolve(path), kind, sha256: sha256(data), bytes: data.byteLength });
}

/** A data file as itself; a data folder as one artifact whose digest covers every file's path and SHA-256. */
async function logData(store: TrackingStore, runId: string, path: string): Promise<void> {
  if (!(await stat(path)).isDirectory()) return logFile(store, runId, path, 'data');
  const files = await treeFiles(path);
  let bytes = 0;
  const lines: string[] = [];
  for (const f of files) {
    const data = await readFile(f);
    bytes += data.byteLength;
    lines.push(`${sha256(data)}  ${relative(path, f)}`);
  }
  // The digest of the listing `<sha256>  <relative path>` per file, sorted by path, as sha256sum prints it.
  await store.logArtifact({
    runId,
    path: resolve(path),
    kind: 'data',
    sha256: sha256(`${lines.join('\n')}\n`),
    bytes,
  });
}

async function folderFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(dir, e.name))
    .sort();
}

async function treeFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await treeFiles(p)));
    else if (e.isFile()) out.push(p);
  }
  return out.sort();
}
