import type { io } from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { resolveLimits, type LoadLimits } from './load-limits.ts';
import { checkInt8Quantization, INT8_DTYPE } from './int8-weights.ts';
import { checkWeightPath } from './weight-paths.ts';

/** Bytes per element of each stored dtype this loader accepts. */
export const DTYPE_BYTES: Readonly<Record<string, number>> = Object.freeze({ float32: 4, int32: 4, bool: 1 });

/**
 * Bytes per element of each manifest quantization dtype: tfjs's uint8, uint16 and float16,
 * and Frontier's per-channel `int8` (see int8-weights.ts; stock tfjs refuses it loudly).
 */
export const QUANTIZED_DTYPE_BYTES: Readonly<Record<string, number>> = Object.freeze({
  uint8: 1,
  uint16: 2,
  float16: 2,
  [INT8_DTYPE]: 1,
});

/** One manifest group after validation: its normalized paths and each weight's byte length. */
export interface ValidatedGroup {
  paths: string[];
  weights: io.WeightsManifestEntry[];
  byteLengths: number[];
  totalBytes: number;
}

/** A weightsManifest that passed {@link validateWeightsManifest}. */
export interface ValidatedManifest {
  groups: ValidatedGroup[];
  entryCount: number;
  fileCount: number;
  totalBytes: number;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/**
 * Validates a parsed `weightsManifest` (pure; no disk access). Counts groups, files and
 * entries against `limits` before looking at any entry, checks each path lexically
 * (see `checkWeightPath`), rejects a path listed twice, and computes every weight's
 * byte length exactly (BigInt) from shape × element size. `modelJsonPath` is named in
 * every error message. Throws FrontierError with codes MODEL_JSON_SCHEMA,
 * MODEL_TOO_MANY_FILES, MODEL_TOO_MANY_WEIGHTS, MODEL_WEIGHT_PATH_*, MODEL_WEIGHT_SHAPE_INVALID,
 * MODEL_WEIGHT_RANK_TOO_HIGH, MODEL_WEIGHT_SIZE_OVERFLOW, MODEL_WEIGHT_DTYPE_UNSUPPORTED,
 * MODEL_WEIGHT_QUANTIZATION_INVALID, MODEL_WEIGHT_SCALES_INVALID (int8 scale count or values),
 * MODEL_WEIGHTS_TOO_LARGE.
 */
export function validateWeightsManifest(
  manifest: unknown,
  modelJsonPath: string,
  limits: LoadLimits = {},
): ValidatedManifest {
  const lim = resolveLimits(limits);
  const schema = (where: string, what: string): never => {
    throw new FrontierError('MODEL_JSON_SCHEMA', `${modelJsonPath}: ${where} ${what}`, {
      where: `${modelJsonPath}#${where}`,
      hint: 'weightsManifest is a list of { paths: string[], weights: [{ name, shape, dtype }] }',
    });
  };
  if (!Array.isArray(manifest)) schema('weightsManifest', 'is not a list');
  const rawGroups = manifest as unknown[];
  if (rawGroups.length > lim.maxFiles) tooManyFiles(rawGroups.length, `${rawGroups.length} groups`);

  // Count before validating entries so a huge manifest is refused cheaply.
  let fileCount = 0;
  let entryCount = 0;
  rawGroups.forEach((g, gi) => {
    if (!isPlainObject(g)) schema(`weightsManifest[${gi}]`, 'is not an object');
    const group = g as Record<string, unknown>;
    if (!Array.isArray(group.paths)) schema(`weightsManifest[${gi}].paths`, 'is not a list');
    if (!Array.isArray(group.weights)) schema(`weightsManifest[${gi}].weights`, 'is not a list');
    fileCount += (group.paths as unknown[]).length;
    entryCount += (group.weights as unknown[]).length;
    if (fileCount > lim.maxFiles) tooManyFiles(fileCount, `at least ${fileCount} paths`);
    if (entryCount > lim.maxEntries) {
      throw new FrontierError(
        'MODEL_TOO_MANY_WEIGHTS',
        `${modelJsonPath} lists at least ${entryCount} weight entries; the limit is ${lim.maxEntries}`,
        {
          where: `${modelJsonPath}#weightsManifest`,
          hint: 'raise LoadLimits.maxEntries if the model is trusted',
        },
      );
    }
  });

  const seenPaths = new Set<string>();
  let total = 0n;
  const groups = (rawGroups as Array<{ paths: unknown[]; weights: unknown[] }>).map((group, gi) => {
    const paths = group.paths.map((p, pi) => {
      const where = `weightsManifest[${gi}].paths[${pi}]`;
      if (typeof p !== 'string') schema(where, 'is not a string');
      const normalized = checkWeightPath(p as string, modelJsonPath, `${modelJsonPath}#${where}`);
      if (seenPaths.has(normalized)) {
        throw new FrontierError(
          'MODEL_WEIGHT_PATH_DUPLICATE',
          `weight path ${JSON.stringify(p)} is listed more than once in ${modelJsonPath}`,
          { where: `${modelJsonPath}#${where}`, hint: 'each weight file belongs to exactly one group' },
        );
      }
      seenPaths.add(normalized);
      return normalized;
    });
    let groupBytes = 0n;
    const byteLengths = group.weights.map((w, wi) => {
      const bytes = weightByteLengthBig(
        w,
        modelJsonPath,
        `weightsManifest[${gi}].weights[${wi}]`,
        lim.maxRank,
      );
      groupBytes += bytes;
      return bytes;
    });
    if (paths.length === 0 && groupBytes > 0n)
      schema(`weightsManifest[${gi}].paths`, 'is empty but weights have bytes');
    total += groupBytes;
    if (total > BigInt(lim.maxWeightBytes)) {
      throw new FrontierError(
        'MODEL_WEIGHTS_TOO_LARGE',
        `${modelJsonPath} declares at least ${total} weight bytes; the limit is ${lim.maxWeightBytes}`,
        {
          where: `${modelJsonPath}#weightsManifest[${gi}]`,
          hint: 'raise LoadLimits.maxWeightBytes if the model is trusted',
        },
      );
    }
    return {
      paths,
      weights: group.weights as io.WeightsManifestEntry[],
      byteLengths: byteLengths.map(Number),
      totalBytes: Number(groupBytes),
    };
  });
  return { groups, entryCount, fileCount, totalBytes: Number(total) };

  function tooManyFiles(count: number, what: string): never {
    throw new FrontierError(
      'MODEL_TOO_MANY_FILES',
      `${modelJsonPath} lists ${what}; the limit is ${lim.maxFiles} weight files`,
      {
        where: `${modelJsonPath}#weightsManifest`,
        hint: `raise LoadLimits.maxFiles if the model is trusted (${count})`,
      },
    );
  }
}

/**
 * Byte length of one manifest entry: product of its shape times the element size of
 * its stored dtype (the quantized dtype when `quantization` is present). Pure; exact for
 * any input; throws FrontierError when the entry is malformed or its size is not a safe
 * integer. `where` is the JSON location, e.g. `weightsManifest[0].weights[2]`.
 */
export function weightByteLength(entry: unknown, modelJsonPath: string, where: string, maxRank = 8): number {
  return Number(weightByteLengthBig(entry, modelJsonPath, where, maxRank));
}

function weightByteLengthBig(entry: unknown, modelJsonPath: string, where: string, maxRank: number): bigint {
  const at = `${modelJsonPath}#${where}`;
  if (!isPlainObject(entry)) {
    throw new FrontierError('MODEL_JSON_SCHEMA', `${modelJsonPath}: ${where} is not an object`, {
      where: at,
    });
  }
  const { name, shape, dtype, quantization } = entry as Record<string, unknown>;
  if (typeof name !== 'string') {
    throw new FrontierError('MODEL_JSON_SCHEMA', `${modelJsonPath}: ${where}.name is not a string`, {
      where: at,
    });
  }
  const label = `weight ${JSON.stringify(name)} (${where}) in ${modelJsonPath}`;
  if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && (d as number) >= 0)) {
    throw new FrontierError(
      'MODEL_WEIGHT_SHAPE_INVALID',
      `${label} has shape ${safeShow(shape)}; a shape is a list of non-negative integers`,
      { where: at, hint: 'regenerate model.json from the model' },
    );
  }
  if (shape.length > maxRank) {
    throw new FrontierError(
      'MODEL_WEIGHT_RANK_TOO_HIGH',
      `${label} has rank ${shape.length}; the limit is ${maxRank}`,
      {
        where: at,
        hint: 'raise LoadLimits.maxRank if the model is trusted',
      },
    );
  }
  const allowed = Object.keys(DTYPE_BYTES);
  if (typeof dtype !== 'string' || !Object.hasOwn(DTYPE_BYTES, dtype)) {
    throw new FrontierError(
      'MODEL_WEIGHT_DTYPE_UNSUPPORTED',
      `${label} has dtype ${safeShow(dtype)}; allowed: ${allowed.join(', ')} (optionally quantized as ${Object.keys(QUANTIZED_DTYPE_BYTES).join(', ')})`,
      { where: at, hint: 'convert the weight to one of the allowed dtypes' },
    );
  }
  let elementBytes = DTYPE_BYTES[dtype];
  if (quantization !== undefined)
    elementBytes = quantizedBytes(quantization, dtype, shape as number[], label, at);

  let elements = 1n;
  for (const d of shape as number[]) elements *= BigInt(d);
  const bytes = elements * BigInt(elementBytes);
  if (elements > MAX_SAFE || bytes > MAX_SAFE) {
    throw new FrontierError(
      'MODEL_WEIGHT_SIZE_OVERFLOW',
      `${label} has shape [${shape.join(', ')}], ${elements} elements × ${elementBytes} bytes, beyond 2^53 - 1`,
      { where: at, hint: 'the shape is corrupt; regenerate model.json from the model' },
    );
  }
  return bytes;
}

function quantizedBytes(
  quantization: unknown,
  dtype: string,
  shape: number[],
  label: string,
  at: string,
): number {
  const fail = (why: string): never => {
    throw new FrontierError('MODEL_WEIGHT_QUANTIZATION_INVALID', `${label}: quantization ${why}`, {
      where: at,
      hint: 'quantization is { dtype: "uint8" | "uint16" | "float16", scale, min } (scale and min for uint8/uint16), or { dtype: "int8", scales }',
    });
  };
  if (!isPlainObject(quantization)) return fail('is not an object');
  const q = quantization as Record<string, unknown>;
  if (typeof q.dtype !== 'string' || !Object.hasOwn(QUANTIZED_DTYPE_BYTES, q.dtype)) {
    return fail(`dtype ${safeShow(q.dtype)} is not one of ${Object.keys(QUANTIZED_DTYPE_BYTES).join(', ')}`);
  }
  if (q.dtype === INT8_DTYPE) {
    checkInt8Quantization(q, dtype, shape, label, at);
    return QUANTIZED_DTYPE_BYTES[INT8_DTYPE];
  }
  if (dtype !== 'float32' && dtype !== 'int32') fail(`applies to float32 or int32 weights, not ${dtype}`);
  for (const key of ['scale', 'min'] as const) {
    const v = q[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v)))
      fail(`${key} ${safeShow(v)} is not a finite number`);
    if (v === undefined && q.dtype !== 'float16') fail(`${q.dtype} needs a numeric ${key}`);
  }
  return QUANTIZED_DTYPE_BYTES[q.dtype];
}

function isPlainObject(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Short JSON form of an untrusted value for messages. */
function safeShow(v: unknown): string {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 80 ? `${s.slice(0, 77)}...` : s;
}
