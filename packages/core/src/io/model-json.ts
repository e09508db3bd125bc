import type { io } from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { jsonErrorOffset, lineAndColumn } from './json-error-position.ts';
import { resolveLimits, type LoadLimits } from './load-limits.ts';
import { validateWeightsManifest, type ValidatedManifest } from './weights-manifest.ts';

/** `format` of the int8 folders older Frontier versions wrote (weights outside the manifest). */
export const LEGACY_INT8_FORMAT = 'frontier-int8';

/** A model.json that passed {@link parseModelJson}: the document and its checked manifest. */
export interface ParsedModelJson {
  modelJson: io.ModelJSON;
  manifest: ValidatedManifest;
}

/**
 * Parses and validates the bytes of a model.json (pure; no disk access). The size is
 * checked before decoding (`MODEL_JSON_TOO_LARGE`); a syntax error is
 * `MODEL_JSON_INVALID` with its line, column and character position in the message and
 * `where` = `path:line:column`; a document of the wrong shape is `MODEL_JSON_SCHEMA`;
 * the weightsManifest then goes through `validateWeightsManifest`. A leading UTF-8 BOM
 * is ignored. A folder in the legacy `frontier-int8` format is `MODEL_FORMAT_LEGACY_INT8`.
 * `modelJsonPath` is only used in messages.
 */
export function parseModelJson(
  data: Uint8Array | string,
  modelJsonPath: string,
  limits: LoadLimits = {},
): ParsedModelJson {
  const lim = resolveLimits(limits);
  const byteLength = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
  checkModelJsonSize(byteLength, modelJsonPath, lim.maxModelJsonBytes);
  let text =
    typeof data === 'string' ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString();
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);

  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    const offset = jsonErrorOffset(text);
    const at = offset < 0 ? 0 : offset;
    const { line, column } = lineAndColumn(text, at);
    const found = at < text.length ? JSON.stringify(text[at]) : 'end of input';
    throw new FrontierError(
      'MODEL_JSON_INVALID',
      `${modelJsonPath} is not valid JSON: unexpected ${found} at line ${line}, column ${column} (position ${at})`,
      {
        where: `${modelJsonPath}:${line}:${column}`,
        hint: 'the file is truncated or was edited by hand; save the model again',
        cause: err,
      },
    );
  }

  const schema = (what: string): never => {
    throw new FrontierError('MODEL_JSON_SCHEMA', `${modelJsonPath}: ${what}`, {
      where: modelJsonPath,
      hint: 'a tfjs model.json is an object with modelTopology and weightsManifest',
    });
  };
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc))
    return schema('the document is not a JSON object');
  const obj = doc as Record<string, unknown>;
  if (obj.format === LEGACY_INT8_FORMAT) {
    // Written by Frontier before int8 moved into the weights manifest: stock tfjs loads
    // such a folder with random weights, so it is refused rather than guessed at.
    throw new FrontierError(
      'MODEL_FORMAT_LEGACY_INT8',
      `${modelJsonPath} is in the old frontier-int8 format, which this version no longer reads`,
      {
        where: modelJsonPath,
        hint: 'quantize the float32 model again: `frontier quantize <float32-dir> -o <dir> --dtype int8`',
      },
    );
  }
  if (typeof obj.modelTopology !== 'object' || obj.modelTopology === null) schema('modelTopology is missing');
  for (const key of ['format', 'generatedBy'] as const) {
    if (obj[key] !== undefined && typeof obj[key] !== 'string') schema(`${key} is not a string`);
  }
  if (obj.convertedBy !== undefined && obj.convertedBy !== null && typeof obj.convertedBy !== 'string') {
    schema('convertedBy is not a string or null');
  }
  for (const key of ['trainingConfig', 'userDefinedMetadata'] as const) {
    const v = obj[key];
    if (v !== undefined && (typeof v !== 'object' || v === null || Array.isArray(v)))
      schema(`${key} is not an object`);
  }
  const manifest = validateWeightsManifest(obj.weightsManifest ?? [], modelJsonPath, lim);
  return { modelJson: obj as unknown as io.ModelJSON, manifest };
}

/** Throws `MODEL_JSON_TOO_LARGE` when `byteLength` exceeds `maxBytes`. */
export function checkModelJsonSize(byteLength: number, modelJsonPath: string, maxBytes: number): void {
  if (byteLength > maxBytes) {
    throw new FrontierError(
      'MODEL_JSON_TOO_LARGE',
      `${modelJsonPath} is ${byteLength} bytes; the limit is ${maxBytes}`,
      { where: modelJsonPath, hint: 'raise LoadLimits.maxModelJsonBytes if the model is trusted' },
    );
  }
}
