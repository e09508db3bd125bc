// A file of decoded, resized images for a directory dataset (tf.data's
// `dataset.cache(filename)`): the first pass decodes and writes each image's pixels
// as one fixed-size record; later passes and later runs read records back with
// positioned reads instead of decoding. Rescale and augmentation happen after the
// cache, so they stay per batch (and random per epoch).
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { syncDir, tempPathFor } from '../util/atomic.ts';
import { FrontierError } from '../util/errors.ts';

/** First bytes of every cache file. */
export const IMAGE_CACHE_MAGIC = 'FRIMGCAC';
/** Layout version; a file of another version is rebuilt. */
export const IMAGE_CACHE_VERSION = 1;
/**
 * Header bytes: magic (8), version, bytes per value (1 uint8 | 4 float32), height,
 * width, channels, count (u32 little-endian each), the 32-byte key (sha256). Records
 * follow in file-list order, each h·w·c values (float32 in the machine's byte order).
 */
export const IMAGE_CACHE_HEADER_BYTES = 64;

/** What a cache holds and what its key is computed from. */
export interface ImageCacheSpec {
  /** The cache file. */
  path: string;
  /** The image folder; `files` are relative to it. */
  directory: string;
  /** The iterator's file list (record i = files[i]). */
  files: string[];
  /** [height, width, channels] of each record. */
  shape: [number, number, number];
  /** 'uint8' for 'nearest' resizing (exact pixels), 'float32' for 'bilinear' (interpolated values). */
  dtype: 'uint8' | 'float32';
  colorMode: string;
  interpolation: string;
  /** Where rebuild reasons go (one line each). */
  log: (line: string) => void;
}

/** Record type for a resize method: 'nearest' copies 8-bit pixels, 'bilinear' makes fractions. */
export function recordDtype(interpolation: 'nearest' | 'bilinear'): 'uint8' | 'float32' {
  return interpolation === 'nearest' ? 'uint8' : 'float32';
}

/**
 * The cache key: sha256 over the record layout, colorMode, interpolation and, for each
 * file in list order, its relative path, size and mtimeMs. Any change to the files or
 * to those options changes the key.
 */
export async function imageCacheKey(spec: Omit<ImageCacheSpec, 'path' | 'log'>): Promise<Buffer> {
  const hash = createHash('sha256');
  const [h, w, c] = spec.shape;
  hash.update(`frontier-image-cache v${IMAGE_CACHE_VERSION}\n${h}x${w}x${c} ${spec.dtype}\n`);
  hash.update(`${spec.colorMode} ${spec.interpolation}\n`);
  for (let i = 0; i < spec.files.length; i += 64) {
    const chunk = spec.files.slice(i, i + 64);
    const stats = await Promise.all(chunk.map((f) => stat(join(spec.directory, f))));
    chunk.forEach((f, j) => hash.update(`${f}\0${stats[j].size}\0${stats[j].mtimeMs}\n`));
  }
  return hash.digest();
}

/** An unfinished cache file being filled (see {@link ImageCache.currentBuild}). */
export interface ImageCacheBuild {
  tmp: string;
  handle: Promise<FileHandle>;
  written: Uint8Array;
  done: number;
  closed: boolean;
  inflight: Set<Promise<unknown>>;
}

/**
 * The cache of one {@link DirectoryIterator}. `prepare()` says whether records can be
 * read ('read', with {@link readCacheRecords}) or must be decoded and handed to
 * `write` ('build'). While building, records go to a temporary file beside `path`;
 * when every record of the file list has been written it is fsynced and renamed onto
 * `path` (readers never see a partial cache). `abort()` drops an unfinished build and
 * its temporary file (the iterator calls it when a pass stops early or fails; a
 * process killed mid-build leaves its `.NAME.PID.*.tmp` file behind).
 */
export class ImageCache {
  private state?: Promise<'read' | 'build'>;
  private key?: Buffer;
  private build?: ImageCacheBuild;
  private finishing?: Promise<void>;
  private generation = 0;
  private readonly recordBytes: number;

  constructor(readonly spec: ImageCacheSpec) {
    const [h, w, c] = spec.shape;
    this.recordBytes = h * w * c * (spec.dtype === 'uint8' ? 1 : 4);
  }

  /** Expected size of the cache file in bytes. */
  get fileBytes(): number {
    return IMAGE_CACHE_HEADER_BYTES + this.spec.files.length * this.recordBytes;
  }

  /**
   * 'read' when a valid cache file exists (or this object just finished one), else
   * 'build'. A stale cache (files or options changed, other version, wrong size) is
   * rebuilt with one log line saying why. Throws `IMAGE_CACHE_NOT_CACHE` when `path`
   * holds something that is not an image cache (it is never overwritten).
   */
  async prepare(): Promise<'read' | 'build'> {
    if (this.finishing) await this.finishing;
    this.state ??= this.check();
    return this.state;
  }

  private async check(): Promise<'read' | 'build'> {
    this.key = await imageCacheKey(this.spec);
    const { path } = this.spec;
    let fh: FileHandle;
    try {
      fh = await open(path, 'r');
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return 'build';
      throw this.error('IMAGE_CACHE_READ', `cannot open the image cache: ${(cause as Error).message}`);
    }
    try {
      const head = Buffer.alloc(IMAGE_CACHE_HEADER_BYTES);
      const { bytesRead } = await fh.read(head, 0, head.length, 0);
      const size = (await fh.stat()).size;
      const rebuild = (why: string) => {
        this.spec.log(`image cache ${path}: ${why}; rebuilding it`);
        return 'build' as const;
      };
      if (bytesRead >= 8 && head.toString('latin1', 0, 8) !== IMAGE_CACHE_MAGIC)
        throw this.error(
          'IMAGE_CACHE_NOT_CACHE',
          `the file is not a Frontier image cache (it does not start with ${IMAGE_CACHE_MAGIC})`,
          'pass another cache path, or delete the file if it is a damaged cache',
        );
      if (bytesRead < IMAGE_CACHE_HEADER_BYTES)
        return rebuild(`truncated header (${bytesRead} of ${IMAGE_CACHE_HEADER_BYTES} bytes)`);
      const version = head.readUInt32LE(8);
      if (version !== IMAGE_CACHE_VERSION)
        return rebuild(`version ${version}, this Frontier writes version ${IMAGE_CACHE_VERSION}`);
      const [h, w, c] = this.spec.shape;
      const had = [1, 2, 3, 4, 5].map((k) => head.readUInt32LE(8 + 4 * k));
      const want = [this.recordBytes / (h * w * c), h, w, c, this.spec.files.length];
      if (had.some((v, i) => v !== want[i]))
        return rebuild(
          `it holds ${had[4]} records of ${had[1]}×${had[2]}×${had[3]}×${had[0]} bytes, ` +
            `the iterator needs ${want[4]} of ${h}×${w}×${c}×${want[0]}`,
        );
      if (!head.subarray(32, 64).equals(this.key))
        return rebuild('the image files (names, sizes or modification times) or the options changed');
      if (size !== this.fileBytes)
        return rebuild(`truncated or padded: ${size} bytes, expected ${this.fileBytes}`);
      return 'read';
    } finally {
      await fh.close();
    }
  }

  /** A ticket for {@link currentBuild}: take it synchronously when a batch read starts. */
  ticket(): number {
    return this.generation;
  }

  /**
   * The build that records decoded now belong to (started on first use), or undefined
   * when `abort()` ran since `ticket` was taken (a read prefetched by a stopped pass
   * must not start a new temporary file that nobody finishes).
   */
  currentBuild(ticket: number): ImageCacheBuild | undefined {
    if (ticket !== this.generation) return undefined;
    if (this.build) return this.build;
    const dir = dirname(this.spec.path);
    const tmp = tempPathFor(this.spec.path);
    const handle = mkdir(dir, { recursive: true }).then(() => open(tmp, 'w'));
    handle.catch(() => undefined); // surfaced by write()
    this.build = {
      tmp,
      handle,
      written: new Uint8Array(this.spec.files.length),
      done: 0,
      closed: false,
      inflight: new Set(),
    };
    return this.build;
  }

  /**
   * Writes the records of files `indices` (concatenated, as {@link readCacheRecords} returns them) into
   * `build` (from {@link currentBuild}, taken before decoding). Records already written
   * and builds aborted meanwhile are skipped. When the last record lands, the file
   * is completed atomically and later `prepare()` calls answer 'read'.
   */
  async write(
    build: ImageCacheBuild,
    indices: ArrayLike<number>,
    records: Uint8Array | Float32Array,
  ): Promise<void> {
    if (build.closed) return;
    const bytes = new Uint8Array(records.buffer, records.byteOffset, records.byteLength);
    const rb = this.recordBytes;
    const op = (async () => {
      const fh = await build.handle;
      const writes: Array<Promise<unknown>> = [];
      for (let k = 0; k < indices.length; k++) {
        const i = indices[k];
        if (build.written[i]) continue;
        build.written[i] = 1;
        writes.push(fh.write(bytes, k * rb, rb, IMAGE_CACHE_HEADER_BYTES + i * rb).then(() => build.done++));
      }
      await Promise.all(writes);
    })();
    build.inflight.add(op);
    try {
      await op;
    } catch (cause) {
      build.inflight.delete(op);
      await this.abort();
      throw this.error('IMAGE_CACHE_WRITE', `cannot write the image cache: ${(cause as Error).message}`);
    }
    build.inflight.delete(op);
    if (build.done === this.spec.files.length && this.build === build) {
      this.finishing ??= this.finish(build);
      await this.finishing;
    }
  }

  private async finish(build: ImageCacheBuild): Promise<void> {
    build.closed = true;
    const fh = await build.handle;
    try {
      const head = Buffer.alloc(IMAGE_CACHE_HEADER_BYTES);
      head.write(IMAGE_CACHE_MAGIC, 0, 'latin1');
      const [h, w, c] = this.spec.shape;
      [IMAGE_CACHE_VERSION, this.recordBytes / (h * w * c), h, w, c, this.spec.files.length].forEach((v, k) =>
        head.writeUInt32LE(v, 8 + 4 * k),
      );
      (this.key as Buffer).copy(head, 32);
      await fh.write(head, 0, head.length, 0);
      await fh.sync();
      await fh.close();
      await rename(build.tmp, this.spec.path);
      await syncDir(dirname(this.spec.path));
    } catch (cause) {
      await fh.close().catch(() => undefined);
      await rm(build.tmp, { force: true });
      this.build = undefined;
      this.finishing = undefined;
      throw this.error('IMAGE_CACHE_WRITE', `cannot complete the image cache: ${(cause as Error).message}`);
    }
    this.build = undefined;
    this.state = Promise.resolve('read');
    this.finishing = undefined;
  }

  /** Drops an unfinished build: waits for its writes, closes and deletes the temporary file. */
  async abort(): Promise<void> {
    this.generation++;
    const build = this.build;
    if (!build || build.closed) return;
    build.closed = true;
    this.build = undefined;
    await Promise.allSettled([...build.inflight]);
    const fh = await build.handle.catch(() => undefined);
    await fh?.close().catch(() => undefined);
    await rm(build.tmp, { force: true });
  }

  private error(
    code: string,
    message: string,
    hint = 'delete the cache file; it is rebuilt on the next pass',
  ) {
    return new FrontierError(code, message, { where: this.spec.path, hint });
  }
}

/**
 * Records `indices` (in that order) of the cache file at `path`, concatenated:
 * Uint8Array or Float32Array per `dtype`. Synchronous positioned reads, one per run of
 * consecutive indices, never the whole file (runs in decode workers like file reads
 * do). Throws `IMAGE_CACHE_TRUNCATED` when the file ends early, `IMAGE_CACHE_READ`
 * when it cannot be opened.
 */
export function readCacheRecords(
  path: string,
  indices: ArrayLike<number>,
  shape: [number, number, number],
  dtype: 'uint8' | 'float32',
): Uint8Array | Float32Array {
  const rb = shape[0] * shape[1] * shape[2] * (dtype === 'uint8' ? 1 : 4);
  const bytes = new Uint8Array(new ArrayBuffer(indices.length * rb));
  const hint = 'delete the cache file; it is rebuilt on the next pass';
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (cause) {
    throw new FrontierError('IMAGE_CACHE_READ', `cannot open the image cache: ${(cause as Error).message}`, {
      where: path,
      hint,
    });
  }
  try {
    for (let k = 0; k < indices.length;) {
      let run = 1;
      while (k + run < indices.length && indices[k + run] === indices[k] + run) run++;
      const at = IMAGE_CACHE_HEADER_BYTES + indices[k] * rb;
      const got = readSync(fd, bytes, k * rb, run * rb, at);
      if (got !== run * rb)
        throw new FrontierError(
          'IMAGE_CACHE_TRUNCATED',
          `the image cache ends at byte ${at + got}, record ${indices[k]} needs bytes up to ${at + run * rb}`,
          { where: path, hint },
        );
      k += run;
    }
  } finally {
    closeSync(fd);
  }
  return dtype === 'uint8' ? bytes : new Float32Array(bytes.buffer);
}
