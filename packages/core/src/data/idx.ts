// IDX: the binary tensor format MNIST ships in. Two zero bytes, a type code, the
// number of dimensions, one big-endian uint32 per dimension, then big-endian data.
import { readFile } from 'node:fs/promises';
import { gunzipSync } from 'node:zlib';
import { FrontierError } from '../util/errors.ts';

/** Element types an IDX file can hold. */
export type IdxDtype = 'uint8' | 'int8' | 'int16' | 'int32' | 'float32' | 'float64';

/** A decoded IDX tensor: `data` is row-major, `data.length` is the product of `shape`. */
export interface IdxArray {
  dtype: IdxDtype;
  shape: number[];
  data: Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;
}

interface DtypeInfo {
  dtype: IdxDtype;
  code: number;
  size: number;
}

const DTYPES: readonly DtypeInfo[] = [
  { dtype: 'uint8', code: 0x08, size: 1 },
  { dtype: 'int8', code: 0x09, size: 1 },
  { dtype: 'int16', code: 0x0b, size: 2 },
  { dtype: 'int32', code: 0x0c, size: 4 },
  { dtype: 'float32', code: 0x0d, size: 4 },
  { dtype: 'float64', code: 0x0e, size: 8 },
];

const hex = (b: number): string => '0x' + b.toString(16).padStart(2, '0');
const hexBytes = (bytes: Uint8Array): string => Array.from(bytes, hex).join(' ');

/** True when `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Decodes an IDX file held in memory; gzipped input (magic 1f 8b) is inflated first.
 * `source` names the bytes' origin in errors. Throws FrontierError with a code
 * (`IDX_BAD_GZIP`, `IDX_TRUNCATED_HEADER`, `IDX_BAD_MAGIC`, `IDX_UNKNOWN_TYPE`,
 * `IDX_TRUNCATED_DATA`, `IDX_TRAILING_BYTES`) and `where` = `source@byteOffset`.
 * The result never aliases `bytes`.
 */
export function parseIdx(bytes: Uint8Array, source: string): IdxArray {
  if (isGzip(bytes)) {
    let raw: Uint8Array;
    try {
      raw = gunzipSync(bytes);
    } catch (cause) {
      throw new FrontierError('IDX_BAD_GZIP', `gzip stream is corrupt: ${(cause as Error).message}`, {
        where: `${source}@0`,
        hint: 'the file starts with the gzip magic 1f 8b but does not inflate; download it again',
        cause,
      });
    }
    return parseRaw(raw, `${source} (gunzipped)`);
  }
  return parseRaw(bytes, source);
}

function parseRaw(bytes: Uint8Array, source: string): IdxArray {
  const at = (offset: number): string => `${source}@${offset}`;
  if (bytes.length < 4) {
    throw new FrontierError('IDX_TRUNCATED_HEADER', `IDX header needs 4 bytes, found ${bytes.length}`, {
      where: at(bytes.length),
      hint: 'the file is empty or cut short; check that it is an IDX file and re-download it',
    });
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new FrontierError(
      'IDX_BAD_MAGIC',
      `not an IDX file: found magic bytes ${hexBytes(bytes.subarray(0, 4))}, expected 0x00 0x00 <type> <ndims>`,
      { where: at(0), hint: 'pass an IDX file (raw or gzipped), e.g. train-images-idx3-ubyte' },
    );
  }
  const info = DTYPES.find((d) => d.code === bytes[2]);
  if (!info) {
    throw new FrontierError(
      'IDX_UNKNOWN_TYPE',
      `unknown IDX type code ${hex(bytes[2])}; known: ${DTYPES.map((d) => `${hex(d.code)} ${d.dtype}`).join(', ')}`,
      { where: at(2), hint: 'the file is corrupt or not IDX' },
    );
  }
  const ndims = bytes[3];
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new FrontierError(
      'IDX_TRUNCATED_HEADER',
      `IDX header declares ${ndims} dimensions (${headerBytes} header bytes), found only ${bytes.length} bytes`,
      { where: at(bytes.length), hint: 'the file is cut short; re-download it' },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape: number[] = [];
  let count = 1;
  for (let i = 0; i < ndims; i++) {
    const dim = view.getUint32(4 + 4 * i, false);
    shape.push(dim);
    count *= dim;
  }
  const dataBytes = count * info.size;
  const found = bytes.length - headerBytes;
  if (found < dataBytes) {
    throw new FrontierError(
      'IDX_TRUNCATED_DATA',
      `shape [${shape.join(', ')}] of ${info.dtype} needs ${dataBytes} bytes of data, found ${found}`,
      { where: at(bytes.length), hint: 'the file is cut short; re-download it' },
    );
  }
  if (found > dataBytes) {
    throw new FrontierError(
      'IDX_TRAILING_BYTES',
      `${found - dataBytes} unexpected bytes after the ${dataBytes} bytes of data for shape [${shape.join(', ')}]`,
      { where: at(headerBytes + dataBytes), hint: 'the header and the data disagree; the file is corrupt' },
    );
  }
  return { dtype: info.dtype, shape, data: decode(info.dtype, view, headerBytes, count) };
}

function decode(dtype: IdxDtype, view: DataView, offset: number, n: number): IdxArray['data'] {
  switch (dtype) {
    case 'uint8':
      return new Uint8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + n));
    case 'int8':
      return new Int8Array(view.buffer.slice(view.byteOffset + offset, view.byteOffset + offset + n));
    case 'int16': {
      const out = new Int16Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt16(offset + 2 * i, false);
      return out;
    }
    case 'int32': {
      const out = new Int32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getInt32(offset + 4 * i, false);
      return out;
    }
    case 'float32': {
      const out = new Float32Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat32(offset + 4 * i, false);
      return out;
    }
    case 'float64': {
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = view.getFloat64(offset + 8 * i, false);
      return out;
    }
  }
}

/**
 * Reads any IDX file from disk, raw or gzipped (detected by the magic bytes, not the
 * name). Throws FrontierError `IDX_READ` if the file cannot be read, and the codes of
 * {@link parseIdx} if it is not valid IDX.
 */
export async function readIdx(path: string): Promise<IdxArray> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new FrontierError('IDX_READ', `cannot read IDX file: ${(cause as Error).message}`, {
      where: path,
      hint: 'check the path and its permissions',
      cause,
    });
  }
  return parseIdx(bytes, path);
}

const ARRAY_TYPES = {
  uint8: Uint8Array,
  int8: Int8Array,
  int16: Int16Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
} as const;

/**
 * Encodes a tensor as raw (not gzipped) IDX bytes. Throws FrontierError
 * `IDX_BAD_ARRAY` when `data` is not the typed array of `dtype`, the shape has more
 * than 255 dimensions or a dimension outside 0..2^32-1, or `data.length` differs
 * from the product of `shape`.
 */
export function encodeIdx(arr: IdxArray): Uint8Array {
  const info = DTYPES.find((d) => d.dtype === arr.dtype);
  const bad = (message: string): FrontierError =>
    new FrontierError('IDX_BAD_ARRAY', message, { where: 'encodeIdx', hint: 'fix the array passed in' });
  if (!info) throw bad(`unknown dtype ${String(arr.dtype)}`);
  if (!(arr.data instanceof ARRAY_TYPES[info.dtype])) {
    throw bad(
      `dtype ${info.dtype} needs a ${ARRAY_TYPES[info.dtype].name}, got ${arr.data.constructor.name}`,
    );
  }
  if (arr.shape.length > 255) throw bad(`IDX allows at most 255 dimensions, got ${arr.shape.length}`);
  let count = 1;
  for (const d of arr.shape) {
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) throw bad(`bad dimension ${d} in [${arr.shape}]`);
    count *= d;
  }
  if (count !== arr.data.length) {
    throw bad(`shape [${arr.shape.join(', ')}] holds ${count} elements but data has ${arr.data.length}`);
  }
  const header = 4 + 4 * arr.shape.length;
  const out = new Uint8Array(header + count * info.size);
  const view = new DataView(out.buffer);
  out[2] = info.code;
  out[3] = arr.shape.length;
  arr.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  const data = arr.data;
  for (let i = 0; i < count; i++) {
    const o = header + i * info.size;
    switch (info.dtype) {
      case 'uint8':
        view.setUint8(o, data[i]);
        break;
      case 'int8':
        view.setInt8(o, data[i]);
        break;
      case 'int16':
        view.setInt16(o, data[i], false);
        break;
      case 'int32':
        view.setInt32(o, data[i], false);
        break;
      case 'float32':
        view.setFloat32(o, data[i], false);
        break;
      case 'float64':
        view.setFloat64(o, data[i], false);
        break;
    }
  }
  return out;
}
