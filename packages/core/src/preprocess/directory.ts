// Image folders as a streaming, seeded, prefetching batch source, like Keras
// `flow_from_directory`: one subfolder per class of PNG/JPEG files.
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { epochPermutation } from '../train/rng.ts';
import { FrontierError } from '../util/errors.ts';
import type { ImageAugmenter } from '../models/layers/augment.ts';
import { runDecodeTask, resultError, type DecodeResult } from './decode-job.ts';
import { defaultDecodeWorkers, sharedDecodePool } from './decode-pool.ts';
import { ImageCache, recordDtype } from './image-cache.ts';
import { readImageHeader } from './image-decode.ts';
import { badOption } from './step.ts';

/**
 * Options of {@link flowFromDirectory}. Defaults: targetSize [256, 256], colorMode
 * 'auto' (the channel count every image shares; mixed counts are an error),
 * classMode 'categorical', batchSize 32, shuffle true, seed 42, validationSplit 0,
 * subset 'training', interpolation 'nearest', rescale 1/255 (pixels in [0, 1] like
 * `loadMnist`; pass 1 for Keras's raw 0–255), prefetch max(2, 2·workers) batches, extensions
 * .png .jpg .jpeg. `classes` fixes the class list and order (default: subfolder
 * names, sorted). `augment` transforms training batches (never the validation subset).
 * `workers`: decode (and augment) in this many worker threads (default: one per core
 * beyond the main thread, 1 to 4); 0 decodes on the main thread. Batches are
 * identical either way. `cache`: a file path where the first full pass stores every
 * image decoded and resized (before rescale and augmentation); later passes and runs
 * read it instead of decoding, with identical batches (see image-cache.ts; rebuilt
 * when the files or options change; use one path per subset). `log`: where cache
 * rebuild reasons go (default stderr).
 */
export interface FlowOptions {
  targetSize?: [number, number];
  colorMode?: 'auto' | 'grayscale' | 'rgb' | 'rgba';
  classes?: string[];
  classMode?: 'categorical' | 'binary' | 'sparse' | 'none';
  batchSize?: number;
  shuffle?: boolean;
  seed?: number;
  validationSplit?: number;
  subset?: 'training' | 'validation';
  interpolation?: 'nearest' | 'bilinear';
  rescale?: number;
  prefetch?: number;
  extensions?: string[];
  augment?: ImageAugmenter;
  workers?: number;
  cache?: string;
  log?: (line: string) => void;
}

/** One batch: images [n, h, w, c] and labels per classMode (null for 'none'). */
export interface ImageBatch {
  x: Float32Array;
  shape: [number, number, number, number];
  /** categorical: one-hot [n, k]; binary: 0/1 [n]; sparse: class ids [n]; none: null. */
  y: Float32Array | Int32Array | null;
  yShape: number[];
  /** Paths of the images, relative to the folder, in batch order. */
  files: string[];
}

const COLOR_CHANNELS = { grayscale: 1, rgb: 3, rgba: 4 } as const;

/** A listed, validated image folder; batches are read from disk on demand. */
export class DirectoryIterator {
  /** Number of batches per epoch (the last one may be short). */
  readonly numBatches: number;

  constructor(
    readonly directory: string,
    readonly classes: string[],
    /** Paths relative to `directory`, class by class, sorted within a class. */
    readonly filenames: string[],
    /** Class id of each file. */
    readonly labels: Int32Array,
    /** [height, width, channels] of every image produced. */
    readonly imageShape: [number, number, number],
    private readonly opts: Required<
      Omit<FlowOptions, 'augment' | 'classes' | 'colorMode' | 'targetSize' | 'cache' | 'log'>
    > & {
      augment?: ImageAugmenter;
    },
    /** Decoded-image cache (the `cache` option), if any. */
    readonly cache?: ImageCache,
  ) {
    this.numBatches = Math.ceil(filenames.length / opts.batchSize);
  }

  /** Number of images. */
  get samples(): number {
    return this.filenames.length;
  }

  /** Class name → id. */
  get classIndices(): Record<string, number> {
    return Object.fromEntries(this.classes.map((c, i) => [c, i]));
  }

  /** File order of an epoch: a seeded permutation (same seed and epoch → same order), or file order without shuffle. */
  order(epoch: number): Int32Array {
    return this.opts.shuffle
      ? epochPermutation(this.samples, this.opts.seed, epoch)
      : Int32Array.from(this.filenames.keys());
  }

  /** Reads, decodes, resizes, rescales and (training subset) augments batch `b` of `epoch`. */
  async readBatch(epoch: number, b: number): Promise<ImageBatch> {
    if (!(b >= 0 && b < this.numBatches))
      throw badOption(
        'DirectoryIterator.readBatch',
        `batch ${b} is outside 0..${this.numBatches - 1}`,
        'iterate with batches()',
      );
    const idx = this.order(epoch).subarray(
      b * this.opts.batchSize,
      Math.min(this.samples, (b + 1) * this.opts.batchSize),
    );
    const [h, w, c] = this.imageShape;
    const cache = this.cache;
    const ticket = cache?.ticket() ?? 0;
    const mode = cache && (await cache.prepare());
    const build = mode === 'build' ? cache?.currentBuild(ticket) : undefined;
    const size = h * w * c;
    const files = [...idx].map((i) => this.filenames[i]);
    const shape: [number, number, number, number] = [idx.length, h, w, c];
    const task = {
      directory: this.directory,
      height: h,
      width: w,
      channels: c,
      interpolation: this.opts.interpolation,
      rescale: this.opts.rescale,
      augment: this.opts.augment && this.opts.subset === 'training' ? this.opts.augment.getConfig() : null,
      augmentKey: epoch * 100003 + b,
      keepRecord: build && cache?.spec.dtype,
    };
    const workers = this.opts.workers;
    let results: DecodeResult[];
    const firsts = [0];
    // Cached records are read where files would be decoded: in the worker (or here).
    const cached = (first: number, end: number) =>
      mode === 'read' && cache
        ? { path: cache.spec.path, indices: [...idx.subarray(first, end)], dtype: cache.spec.dtype }
        : undefined;
    if (workers === 0) {
      results = [runDecodeTask({ ...task, files, first: 0, cached: cached(0, files.length) })];
    } else {
      // Contiguous runs of the batch, one per worker; placed back by position, so the
      // batch is the same whichever worker finishes first.
      const pool = sharedDecodePool(workers);
      const per = Math.ceil(files.length / workers);
      const runs: Array<Promise<DecodeResult>> = [];
      firsts.length = 0;
      for (let first = 0; first < files.length; first += per) {
        const end = Math.min(files.length, first + per);
        runs.push(pool.run({ ...task, files: files.slice(first, end), first, cached: cached(first, end) }));
        firsts.push(first);
      }
      results = await Promise.all(runs);
    }
    // One run: its (transferred) buffer is the batch; several: copied into place.
    const only = results.length === 1 && results[0].ok ? results[0].data : undefined;
    const x = only ?? new Float32Array(idx.length * h * w * c);
    let offset = 0;
    let failed: Extract<DecodeResult, { ok: false }> | undefined;
    for (const r of results) {
      if (!r.ok) {
        if (!failed || r.index < failed.index) failed = r;
        continue;
      }
      if (!only) x.set(r.data, offset);
      offset += r.data.length;
    }
    if (failed) {
      await cache?.abort(); // a pass that cannot finish leaves no temporary file
      throw resultError(failed);
    }
    if (build && cache)
      for (const [k, r] of results.entries())
        if (r.ok && r.record) {
          const n = r.record.length / size;
          await cache.write(build, idx.subarray(firsts[k], firsts[k] + n), r.record);
        }
    return { x, shape, files, ...this.labelsOf(idx) };
  }

  private labelsOf(idx: Int32Array): { y: Float32Array | Int32Array | null; yShape: number[] } {
    const k = this.classes.length;
    const ids = Int32Array.from(idx, (i) => this.labels[i]);
    switch (this.opts.classMode) {
      case 'none':
        return { y: null, yShape: [] };
      case 'sparse':
        return { y: ids, yShape: [ids.length] };
      case 'binary':
        return { y: Float32Array.from(ids), yShape: [ids.length] };
      case 'categorical': {
        const y = new Float32Array(ids.length * k);
        ids.forEach((id, i) => (y[i * k + id] = 1));
        return { y, yShape: [ids.length, k] };
      }
    }
  }

  /**
   * The batches of one epoch, streamed: at most `prefetch` batches are read ahead
   * (file reads overlap the consumer's work), never the whole folder.
   */
  async *batches(epoch = 0): AsyncGenerator<ImageBatch> {
    const ahead: Array<Promise<ImageBatch>> = [];
    let next = 0;
    const fill = () => {
      while (next < this.numBatches && ahead.length < Math.max(1, this.opts.prefetch)) {
        const p = this.readBatch(epoch, next++);
        p.catch(() => undefined); // surfaced when awaited below
        ahead.push(p);
      }
    };
    fill();
    try {
      while (ahead.length) {
        const batch = await (ahead.shift() as Promise<ImageBatch>);
        fill();
        yield batch;
      }
    } finally {
      // Stopped before the end of the first pass: no half-built cache stays behind.
      await this.cache?.abort();
    }
  }
}

/** A batch as tensors (x float32 NHWC; y float32 or int32 per classMode, or null). */
export function batchToTensors(batch: ImageBatch): { x: tf.Tensor4D; y: tf.Tensor | null } {
  return {
    x: tf.tensor4d(batch.x, batch.shape),
    y: batch.y ? tf.tensor(batch.y, batch.yShape, batch.y instanceof Int32Array ? 'int32' : 'float32') : null,
  };
}

async function listDir(path: string): Promise<string[]> {
  try {
    return (await readdir(path)).sort();
  } catch (cause) {
    throw new FrontierError('DIR_READ', `cannot read the folder: ${(cause as Error).message}`, {
      where: path,
      hint: 'check the path and its permissions',
      cause,
    });
  }
}

async function readHead(path: string): Promise<Uint8Array> {
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.alloc(65536);
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}

/**
 * Lists `directory` (one subfolder per class), checks every image's header, and
 * returns a {@link DirectoryIterator}. With `validationSplit` v, the first
 * floor(v·n) files of each class (sorted by name) are the 'validation' subset and the
 * rest 'training', as Keras does. Errors (FrontierError, `where` = the path):
 * `DIR_READ`, `DIR_NO_CLASSES`, `DIR_EMPTY_CLASS` (a class folder with no images),
 * `IMAGE_NOT_IMAGE` (an image extension but other bytes), `IMAGE_CORRUPT`,
 * `IMAGE_MIXED_CHANNELS` (colorMode 'auto' and images with different channel
 * counts), `PREPROCESS_BAD_OPTION`. Corruption past the header surfaces as
 * `IMAGE_CORRUPT` when the batch holding the file is read.
 */
export async function flowFromDirectory(
  directory: string,
  opts: FlowOptions = {},
): Promise<DirectoryIterator> {
  const o = {
    targetSize: opts.targetSize ?? ([256, 256] as [number, number]),
    colorMode: opts.colorMode ?? 'auto',
    classMode: opts.classMode ?? 'categorical',
    batchSize: opts.batchSize ?? 32,
    shuffle: opts.shuffle ?? true,
    seed: opts.seed ?? 42,
    validationSplit: opts.validationSplit ?? 0,
    subset: opts.subset ?? 'training',
    interpolation: opts.interpolation ?? 'nearest',
    rescale: opts.rescale ?? 1 / 255,
    prefetch: opts.prefetch ?? 0,
    extensions: (opts.extensions ?? ['.png', '.jpg', '.jpeg']).map((e) => e.toLowerCase()),
    augment: opts.augment,
    workers: opts.workers ?? defaultDecodeWorkers(),
  };
  // Two batches queued per worker keep every worker busy while the consumer is slow to wake.
  if (opts.prefetch === undefined) o.prefetch = Math.max(2, 2 * o.workers);
  const bad = (k: string, msg: string, hint: string) =>
    badOption(`flowFromDirectory options.${k}`, msg, hint);
  if (!(Number.isInteger(o.batchSize) && o.batchSize > 0))
    throw bad('batchSize', `batchSize must be a positive integer, got ${o.batchSize}`, 'e.g. 32');
  if (!o.targetSize.every((d) => Number.isInteger(d) && d > 0))
    throw bad(
      'targetSize',
      `targetSize must be two positive integers, got [${o.targetSize.join(', ')}]`,
      'e.g. [150, 150]',
    );
  if (!(Number.isInteger(o.workers) && o.workers >= 0))
    throw bad(
      'workers',
      `workers must be an integer >= 0, got ${o.workers}`,
      'e.g. 2, or 0 for the main thread',
    );
  if (opts.cache !== undefined && !(typeof opts.cache === 'string' && opts.cache.length > 0))
    throw bad(
      'cache',
      `cache must be a file path, got ${JSON.stringify(opts.cache)}`,
      "e.g. 'cache/train.bin'",
    );
  if (!(o.validationSplit >= 0 && o.validationSplit < 1))
    throw bad('validationSplit', `validationSplit must be in [0, 1), got ${o.validationSplit}`, 'e.g. 0.2');
  if (!['categorical', 'binary', 'sparse', 'none'].includes(o.classMode))
    throw bad(
      'classMode',
      `unknown classMode ${JSON.stringify(o.classMode)}`,
      "use 'categorical', 'binary', 'sparse' or 'none'",
    );
  if (!['auto', 'grayscale', 'rgb', 'rgba'].includes(o.colorMode))
    throw bad(
      'colorMode',
      `unknown colorMode ${JSON.stringify(o.colorMode)}`,
      "use 'auto', 'grayscale', 'rgb' or 'rgba'",
    );

  let classes = opts.classes;
  if (!classes) {
    const names = await listDir(directory);
    const dirs: string[] = [];
    for (const n of names) if ((await stat(join(directory, n))).isDirectory()) dirs.push(n);
    classes = dirs;
  }
  if (classes.length === 0) {
    throw new FrontierError('DIR_NO_CLASSES', 'no class subfolders', {
      where: directory,
      hint: 'put the images of each class in their own subfolder: dir/cat/*.png, dir/dog/*.png',
    });
  }
  if (o.classMode === 'binary' && classes.length !== 2) {
    throw bad(
      'classMode',
      `classMode 'binary' needs exactly 2 classes, found ${classes.length}: ${classes.join(', ')}`,
      "use 'categorical' or 'sparse'",
    );
  }

  const filenames: string[] = [];
  const labels: number[] = [];
  let channels: number | undefined;
  let firstFile = '';
  for (const [id, cls] of classes.entries()) {
    const files = (await listDir(join(directory, cls))).filter((f) =>
      o.extensions.includes(extname(f).toLowerCase()),
    );
    if (files.length === 0) {
      throw new FrontierError(
        'DIR_EMPTY_CLASS',
        `class folder ${JSON.stringify(cls)} holds no ${o.extensions.join('/')} images`,
        {
          where: join(directory, cls),
          hint: 'add images to it, remove it, or pass `classes` without it',
        },
      );
    }
    const nVal = Math.floor(o.validationSplit * files.length);
    const picked = o.subset === 'validation' ? files.slice(0, nVal) : files.slice(nVal);
    // Read headers 32 files at a time (64 KiB each, never the whole folder); check
    // them in file order so the error for a bad folder is always the same file.
    for (let i = 0; i < files.length; i += 32) {
      const chunk = files.slice(i, i + 32).map((f) => join(directory, cls, f));
      const heads = await Promise.all(chunk.map(readHead));
      chunk.forEach((path, j) => {
        const header = readImageHeader(heads[j], path);
        if (o.colorMode !== 'auto') return;
        if (channels === undefined) {
          channels = header.channels;
          firstFile = path;
        } else if (header.channels !== channels) {
          throw new FrontierError(
            'IMAGE_MIXED_CHANNELS',
            `image has ${header.channels} channel(s) but ${firstFile} has ${channels}`,
            {
              where: path,
              hint: "pass colorMode 'grayscale', 'rgb' or 'rgba' to convert every image, or fix the file",
            },
          );
        }
      });
    }
    for (const f of picked) {
      filenames.push(join(cls, f));
      labels.push(id);
    }
  }
  const c = o.colorMode === 'auto' ? (channels as number) : COLOR_CHANNELS[o.colorMode];
  const shape: [number, number, number] = [o.targetSize[0], o.targetSize[1], c];
  const cache =
    opts.cache === undefined
      ? undefined
      : new ImageCache({
          path: opts.cache,
          directory,
          files: filenames,
          shape,
          dtype: recordDtype(o.interpolation),
          colorMode: o.colorMode,
          interpolation: o.interpolation,
          log: opts.log ?? ((line) => process.stderr.write(`${line}\n`)),
        });
  return new DirectoryIterator(directory, [...classes], filenames, Int32Array.from(labels), shape, o, cache);
}
