import type { io } from '@tensorflow/tfjs';
import { open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { FrontierError } from '../util/errors.ts';
import { resolveLimits, type LoadLimits } from './load-limits.ts';
import { checkModelJsonSize, parseModelJson } from './model-json.ts';
import { resolveWeightFile } from './weight-paths.ts';

/** What {@link readModelArtifacts} returns: tfjs artifacts plus the files they came from. */
export interface ReadModel {
  artifacts: io.ModelArtifacts;
  /** model.json's name, then each weight path as listed, relative to the model folder. */
  files: string[];
  /** Size in bytes of each entry of `files`, same order. */
  sizes: number[];
}

/**
 * Reads a tfjs model folder defensively. model.json's size is checked before it is read
 * and it is parsed with `parseModelJson`; every weight file is confined to the folder
 * (symlinks included), must be a regular file, and each manifest group's files must hold
 * exactly the bytes its weights declare (`MODEL_WEIGHT_FILE_TOO_SHORT` /
 * `MODEL_WEIGHT_FILE_TOO_LONG`, naming the file(s) and both byte counts). All checks run
 * before any weight byte is read. Weights come back as one ArrayBuffer in manifest order.
 */
export async function readModelArtifacts(modelJsonPath: string, limits: LoadLimits = {}): Promise<ReadModel> {
  const lim = resolveLimits(limits);
  const jsonBytes = await readBounded(modelJsonPath, lim.maxModelJsonBytes);
  const { modelJson, manifest } = parseModelJson(jsonBytes, modelJsonPath, lim);
  const dir = dirname(modelJsonPath);

  const files: string[] = [basename(modelJsonPath)];
  const sizes: number[] = [jsonBytes.byteLength];
  const reads: Array<{ realPath: string; size: number; shown: string }> = [];
  for (const group of manifest.groups) {
    const found = [];
    for (const path of group.paths) {
      const file = await resolveWeightFile(dir, path, modelJsonPath);
      found.push({ ...file, shown: `${dir}/${path}` });
      files.push(path);
      sizes.push(file.size);
    }
    const actual = found.reduce((sum, f) => sum + f.size, 0);
    if (actual !== group.totalBytes)
      sizeMismatch(
        found.map((f) => f.shown),
        group.totalBytes,
        actual,
        modelJsonPath,
      );
    reads.push(...found);
  }

  const weightData = new Uint8Array(manifest.totalBytes);
  let offset = 0;
  for (const file of reads) {
    // The size is checked again on the open handle: the file may have changed since stat.
    const handle = await open(file.realPath, 'r');
    try {
      const { size } = await handle.stat();
      if (size !== file.size) sizeMismatch([file.shown], file.size, size, modelJsonPath);
      const { bytesRead } = await handle.read(weightData, offset, file.size, 0);
      if (bytesRead !== file.size) sizeMismatch([file.shown], file.size, bytesRead, modelJsonPath);
    } finally {
      await handle.close();
    }
    offset += file.size;
  }

  const artifacts: io.ModelArtifacts = {
    modelTopology: modelJson.modelTopology,
    weightSpecs: manifest.groups.flatMap((g) => g.weights),
    weightData: weightData.buffer,
    format: modelJson.format,
    generatedBy: modelJson.generatedBy,
    convertedBy: modelJson.convertedBy,
  };
  const optional = [
    'trainingConfig',
    'userDefinedMetadata',
    'signature',
    'modelInitializer',
    'initializerSignature',
  ];
  for (const key of optional as Array<keyof io.ModelJSON & keyof io.ModelArtifacts>) {
    if (modelJson[key] !== undefined) (artifacts as Record<string, unknown>)[key] = modelJson[key];
  }
  return { artifacts, files, sizes };
}

/** Reads a whole file, refusing it (before reading) when it is larger than `maxBytes`. */
async function readBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new FrontierError('MODEL_JSON_NOT_FOUND', `no model.json at ${path}`, {
        where: path,
        hint: 'pass the folder a model was saved to (it holds model.json and weights.bin)',
        cause: err,
      });
    }
    throw err;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) {
      throw new FrontierError('MODEL_JSON_NOT_FILE', `${path} is not a regular file`, {
        where: path,
        hint: 'pass the model folder or its model.json file',
      });
    }
    checkModelJsonSize(info.size, path, maxBytes);
    // Read at most one byte past the cap so a file growing after stat is still refused.
    const buf = new Uint8Array(Math.min(info.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, filled, buf.byteLength - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
      if (filled === buf.byteLength) break;
    }
    checkModelJsonSize(filled, path, maxBytes);
    return buf.subarray(0, filled);
  } finally {
    await handle.close();
  }
}

function sizeMismatch(files: string[], expected: number, actual: number, modelJsonPath: string): never {
  const short = actual < expected;
  const what = files.length === 1 ? `weight file ${files[0]}` : `weight files ${files.join(', ')}`;
  throw new FrontierError(
    short ? 'MODEL_WEIGHT_FILE_TOO_SHORT' : 'MODEL_WEIGHT_FILE_TOO_LONG',
    `${what} holds ${actual} bytes but ${modelJsonPath} declares ${expected} bytes (${short ? 'too short' : 'too long'})`,
    {
      where: files[0],
      hint: short
        ? 'the weights were truncated; copy or save the model again'
        : 'model.json and the weights do not match; save the model again',
    },
  );
}
