// What the artifact commands (prune, quantize, distill) share: refusing to write over
// their input, describing a model folder truthfully (format, bytes, gzip, sha256), and
// recording a tracked run with its inputs and outputs.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { copyFile, readFile, readdir, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { gzipSize, MODEL_JSON, modelFileSize, modelFolderFormat, type WeightFormat } from '../io/index.ts';
import { environment } from '../study/environment.ts';
import { flattenParams } from '../study/session.ts';
import { openStore, type ParamValue, type TrackingStore } from '../track/index.ts';
import { FrontierError } from '../util/errors.ts';

/** One file of a model folder: path relative to the folder, size and SHA-256 (hex). */
export interface ArtifactFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** A model folder as it is on disk: its weight format, sizes and files. */
export interface ArtifactSummary {
  dir: string;
  format: WeightFormat;
  /** Sum of the files' sizes: model.json, the weight files and any sidecar files. */
  rawBytes: number;
  /** Sum of each file's size gzipped at level 9 (see io's gzipSize). */
  gzipBytes: number;
  files: ArtifactFile[];
}

/**
 * Refuses (`OUTPUT_OVERWRITES_INPUT`) an output folder equal to the input folder or
 * inside it, after following symlinks, so a command never writes over or into the model
 * it reads. `flag` names the option in the message (default `--out`).
 */
export async function checkOutputDir(input: string, out: string, flag = '--out'): Promise<void> {
  const inReal = await realpath(input).catch(() => resolve(input));
  const outReal = await realpathOfMaybeMissing(out);
  const rel = relative(inReal, outReal);
  if (rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))) {
    throw new FrontierError(
      'OUTPUT_OVERWRITES_INPUT',
      `${flag} ${out} is ${rel === '' ? 'the input folder' : 'inside the input folder'} ${input}; the input model would be overwritten`,
      {
        where: flag,
        hint: `write to a new folder, e.g. ${flag} ${join(dirname(input), `${basename(resolve(input))}-out`)}`,
      },
    );
  }
}

/** The real path of `path`, resolving the nearest existing ancestor when it does not exist yet. */
async function realpathOfMaybeMissing(path: string): Promise<string> {
  const abs = resolve(path);
  const rest: string[] = [];
  let at = abs;
  for (;;) {
    try {
      return join(await realpath(at), ...rest.reverse());
    } catch {
      const parent = dirname(at);
      if (parent === at) return abs;
      rest.push(basename(at));
      at = parent;
    }
  }
}

/**
 * Copies the sidecar files of a model folder (top-level `*.json` files other than
 * model.json, e.g. preprocess.json or tokenizer.json) from `from` to `to`, so a derived
 * model keeps what it needs to be used. Returns the copied names.
 */
export async function copySidecars(from: string, to: string): Promise<string[]> {
  const copied: string[] = [];
  for (const e of await readdir(from, { withFileTypes: true })) {
    if (!e.isFile() || !e.name.endsWith('.json') || e.name === MODEL_JSON) continue;
    await copyFile(join(from, e.name), join(to, e.name));
    copied.push(e.name);
  }
  return copied.sort();
}

/**
 * Describes the model folder `dir` through the hardened loader: its {@link WeightFormat},
 * and every file (model.json, the weight files, then sidecar `*.json` files) with its
 * size and SHA-256. `rawBytes` and `gzipBytes` are over those files.
 */
export async function describeArtifact(dir: string): Promise<ArtifactSummary> {
  const size = await modelFileSize(dir);
  const format = await modelFolderFormat(dir);
  const names = [...size.files];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (e.isFile() && e.name.endsWith('.json') && !names.includes(e.name)) names.push(e.name);
  }
  const files: ArtifactFile[] = [];
  let rawBytes = size.rawBytes;
  let gzipBytes = size.gzipBytes;
  for (const name of names) {
    const data = await readFile(join(dir, name));
    files.push({
      path: name,
      bytes: data.byteLength,
      sha256: createHash('sha256').update(data).digest('hex'),
    });
    if (!size.files.includes(name)) {
      rawBytes += data.byteLength;
      gzipBytes += await gzipSize(data);
    }
  }
  return { dir, format, rawBytes, gzipBytes, files };
}

/** Options of {@link startArtifactRun}. `tracking` defaults to openStore's default store. */
export interface ArtifactRunOptions {
  /** The command, e.g. `quantize`; the run's name. Runs go to experiment `compress`. */
  command: string;
  tracking?: string;
  input: ArtifactSummary;
  /** The command's options, stored as the run's params and config. */
  params: Record<string, unknown>;
  seed?: number;
}

/** A tracked artifact run in progress: end it with `finish` or `fail`. */
export interface ArtifactRun {
  runId: string;
  /** Records the output files (kind `model`) and metrics, marks the run finished, closes the store. */
  finish(output: ArtifactSummary, metrics: Record<string, number | undefined>): Promise<void>;
  /** Marks the run failed and closes the store. */
  fail(): Promise<void>;
}

/**
 * Opens the tracking store and starts a run of `command` in experiment `compress`, with
 * the options as params and every input file recorded as an artifact of kind `input`
 * (absolute path, size, sha256). Output files are recorded as kind `model` by `finish`,
 * along with `bytes.before/after`, `gzipBytes.before/after` and the given metrics.
 */
export async function startArtifactRun(opts: ArtifactRunOptions): Promise<ArtifactRun> {
  const store = await openStore(opts.tracking);
  let runId: string;
  try {
    const env = environment(tf.getBackend(), opts.seed ?? 0);
    const run = await store.createRun({
      experiment: 'compress',
      name: opts.command,
      config: { command: opts.command, input: resolve(opts.input.dir), ...opts.params },
      seed: opts.seed ?? null,
      gitSha: env.gitSha === 'unknown' ? null : env.gitSha,
      versions: { node: env.node, tfjs: env.tfjs, frontier: env.frontier, backend: env.backend },
      host: env.host,
    });
    runId = run.id;
    const params: Record<string, ParamValue> = flattenParams(opts.params);
    params.command = opts.command;
    params.input = resolve(opts.input.dir);
    params['input.format'] = opts.input.format;
    await store.logParams(runId, params);
    await logFiles(store, runId, opts.input, 'input');
  } catch (err) {
    await store.close();
    throw err;
  }
  const id = runId;
  return {
    runId: id,
    async finish(output, metrics) {
      try {
        await logFiles(store, id, output, 'model');
        await store.logParams(id, { output: resolve(output.dir), 'output.format': output.format });
        const all: Record<string, number | undefined> = {
          'bytes.before': opts.input.rawBytes,
          'bytes.after': output.rawBytes,
          'gzipBytes.before': opts.input.gzipBytes,
          'gzipBytes.after': output.gzipBytes,
          ...metrics,
        };
        const points = Object.entries(all)
          .filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]))
          .map(([key, value]) => ({ key, step: 0, value }));
        await store.logMetrics(id, points);
        await store.updateRun(id, { status: 'finished' });
      } finally {
        await store.close();
      }
    },
    async fail() {
      try {
        await store.updateRun(id, { status: 'failed' });
      } finally {
        await store.close();
      }
    },
  };
}

async function logFiles(
  store: TrackingStore,
  runId: string,
  a: ArtifactSummary,
  kind: string,
): Promise<void> {
  for (const f of a.files) {
    await store.logArtifact({ runId, path: resolve(a.dir, f.path), kind, sha256: f.sha256, bytes: f.bytes });
  }
}
