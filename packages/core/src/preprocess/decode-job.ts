// One unit of directory-loading work: a run of files of one batch → decoded, resized,
// rescaled and (optionally) augmented pixels. The same code runs in the decode
// workers and in-process, so both paths give bit-identical batches.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mulberry32 } from '../train/rng.ts';
import { FrontierError } from '../util/errors.ts';
import { ImageAugmenter, mixSeed } from '../models/layers/augment.ts';
import { readCacheRecords } from './image-cache.ts';
import { convertChannels, decodeImage, resizeInto } from './image-decode.ts';
import type { JsonObject } from './step.ts';

/** Files `first..first + files.length − 1` of a batch, and how to turn them into pixels. */
export interface DecodeTask {
  directory: string;
  /** Paths relative to `directory`, in batch order. */
  files: string[];
  /** Batch position of `files[0]` (augmentation of image j draws from (seed, key, first + j)). */
  first: number;
  height: number;
  width: number;
  channels: number;
  interpolation: 'nearest' | 'bilinear';
  rescale: number;
  /** An ImageAugmenter's `getConfig()`, or null for none. */
  augment: JsonObject | null;
  augmentKey: number;
  /**
   * Read the files' pixels (resized, before rescale and augmentation) from this image
   * cache instead of decoding: `indices[j]` is the record of `files[j]`.
   */
  cached?: { path: string; indices: number[]; dtype: 'uint8' | 'float32' };
  /** Also return the pre-rescale pixels (as `record`, in this type) to fill an image cache. */
  keepRecord?: 'uint8' | 'float32';
}

/** A task's outcome: HWC floats of every file, or the first file's error (as plain data). */
export type DecodeResult =
  | { ok: true; data: Float32Array; record?: Uint8Array | Float32Array }
  | { ok: false; index: number; code: string; message: string; where?: string; hint?: string };

/** The error of a failed {@link DecodeResult} as a FrontierError (non-Frontier failures keep their message). */
export function resultError(r: Extract<DecodeResult, { ok: false }>): FrontierError {
  return new FrontierError(r.code, r.message, { where: r.where, hint: r.hint });
}

const augmenters = new Map<string, ImageAugmenter>();

/** Decodes a task's files from `bytes` (or reads them when absent); never throws, errors come back as data. */
export function runDecodeTask(task: DecodeTask, bytes?: Uint8Array[]): DecodeResult {
  const { height: h, width: w, channels: c } = task;
  const size = h * w * c;
  const out = new Float32Array(task.files.length * size);
  let aug: ImageAugmenter | undefined;
  if (task.augment) {
    const key = JSON.stringify(task.augment);
    aug = augmenters.get(key);
    if (!aug) augmenters.set(key, (aug = ImageAugmenter.fromConfig(task.augment)));
  }
  const tmp = aug ? new Float32Array(size) : undefined;
  // Resized pixels before rescale: what an image cache stores. Rescaling after the
  // resize (never inside it) keeps cached and decoded batches bit-identical.
  let pixels: Uint8Array | Float32Array | undefined;
  if (task.cached) {
    try {
      pixels = readCacheRecords(task.cached.path, task.cached.indices, [h, w, c], task.cached.dtype);
    } catch (err) {
      const e = err as FrontierError;
      return { ok: false, index: task.first, code: e.code, message: e.message, where: e.where, hint: e.hint };
    }
  }
  const resized = pixels ? undefined : new Float32Array(size);
  const record = task.keepRecord
    ? new (task.keepRecord === 'uint8' ? Uint8Array : Float32Array)(task.files.length * size)
    : undefined;
  for (let j = 0; j < task.files.length; j++) {
    const path = join(task.directory, task.files[j]);
    try {
      let src: Uint8Array | Float32Array;
      if (pixels) src = pixels.subarray(j * size, (j + 1) * size);
      else {
        src = resized as Float32Array;
        let buf: Uint8Array;
        if (bytes) buf = bytes[j];
        else {
          try {
            buf = readFileSync(path);
          } catch (cause) {
            throw new FrontierError('IMAGE_READ', `cannot read the image: ${(cause as Error).message}`, {
              where: path,
              hint: 'check that the file still exists and is readable',
            });
          }
        }
        const img = decodeImage(buf, path);
        const data = convertChannels(img.data, img.channels, c);
        resizeInto(data, img.height, img.width, c, h, w, task.interpolation, src, 0, 1);
        record?.set(src, j * size);
      }
      const target = tmp ?? out.subarray(j * size, (j + 1) * size);
      const scale = task.rescale;
      for (let i = 0; i < size; i++) target[i] = src[i] * scale;
      if (aug && tmp) {
        // Exactly ImageAugmenter.augment's per-image stream, so batches match the in-process path.
        const rand = mulberry32(mixSeed(aug.options.seed, task.augmentKey, task.first + j));
        const out1 = out.subarray(j * size, (j + 1) * size);
        aug.applyParams({ data: tmp, shape: [1, h, w, c] }, 0, aug.randomParams(rand, h, w), out1);
      }
    } catch (err) {
      const e = err as FrontierError;
      return {
        ok: false,
        index: task.first + j,
        code: e.code ?? 'IMAGE_DECODE',
        message: e.message,
        where: e.where ?? path,
        hint: e.hint,
      };
    }
  }
  return record ? { ok: true, data: out, record } : { ok: true, data: out };
}
