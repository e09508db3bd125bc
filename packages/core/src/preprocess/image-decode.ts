// PNG and JPEG files → HWC pixel arrays, recognized by content (not extension), with
// errors that name the file. Pure JS decoders (pngjs, jpeg-js): nothing native.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { FrontierError } from '../util/errors.ts';

/** Image formats read. */
export type ImageFormat = 'png' | 'jpeg';

/** What a file's first bytes say: format, size and channel count (1 gray, 2 gray+alpha, 3 RGB, 4 RGBA). */
export interface ImageHeader {
  format: ImageFormat;
  width: number;
  height: number;
  channels: number;
}

/** Decoded pixels, 8-bit, row-major HWC. */
export interface DecodedImage extends ImageHeader {
  data: Uint8Array;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const PNG_CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 3, 4: 2, 6: 4 };

/** 'png' or 'jpeg' by magic bytes, else undefined. */
export function sniffImage(bytes: Uint8Array): ImageFormat | undefined {
  if (bytes.length >= 8 && PNG_SIGNATURE.every((b, i) => bytes[i] === b)) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}

function corrupt(path: string, why: string, cause?: unknown): FrontierError {
  return new FrontierError('IMAGE_CORRUPT', `corrupt or truncated image: ${why}`, {
    where: path,
    hint: 're-export the image, or delete it from the folder',
    cause,
  });
}

/**
 * Reads format, size and channels from the first bytes of a file (PNG: IHDR; JPEG:
 * the first SOF segment, so 64 KiB covers files with large EXIF blocks). Throws
 * `IMAGE_NOT_IMAGE` when the bytes are neither PNG nor JPEG, `IMAGE_CORRUPT` when
 * the header is damaged, `IMAGE_UNSUPPORTED` for CMYK JPEGs.
 */
export function readImageHeader(bytes: Uint8Array, path: string): ImageHeader {
  const format = sniffImage(bytes);
  if (!format) {
    const head = [...bytes.subarray(0, 8)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new FrontierError(
      'IMAGE_NOT_IMAGE',
      `not a PNG or JPEG file (first bytes: ${head || 'none, the file is empty'})`,
      {
        where: path,
        hint: 'remove the file from the class folder, or convert it to PNG/JPEG',
      },
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (format === 'png') {
    if (bytes.length < 33 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR')
      throw corrupt(path, 'PNG without an IHDR header');
    const channels = PNG_CHANNELS[bytes[25]];
    if (channels === undefined) throw corrupt(path, `PNG color type ${bytes[25]} is invalid`);
    return { format, width: view.getUint32(16), height: view.getUint32(20), channels };
  }
  let p = 2;
  while (p + 4 <= bytes.length) {
    if (bytes[p] !== 0xff) throw corrupt(path, `JPEG marker expected at byte ${p}`);
    const marker = bytes[p + 1];
    if (marker === 0xff) {
      p++;
      continue;
    }
    const len = view.getUint16(p + 2);
    const isSof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isSof) {
      if (p + 10 > bytes.length) break;
      const channels = bytes[p + 9];
      if (channels === 4) {
        throw new FrontierError('IMAGE_UNSUPPORTED', 'CMYK JPEGs are not supported', {
          where: path,
          hint: 'convert the image to RGB',
        });
      }
      if (channels !== 1 && channels !== 3) throw corrupt(path, `JPEG with ${channels} components`);
      return { format, height: view.getUint16(p + 5), width: view.getUint16(p + 7), channels };
    }
    if (marker === 0xda || marker === 0xd9) break;
    p += 2 + len;
  }
  throw corrupt(path, 'JPEG without a frame header (SOF) in its first bytes');
}

/**
 * Decodes a whole PNG or JPEG file into 8-bit HWC pixels with the file's own channel
 * count (16-bit PNGs are scaled to 8 bits). Throws the {@link readImageHeader}
 * errors and `IMAGE_CORRUPT` (naming the file) when decoding fails or the decoded
 * size disagrees with the header.
 */
export function decodeImage(bytes: Uint8Array, path: string): DecodedImage {
  const header = readImageHeader(bytes, path);
  let rgba: Uint8Array;
  try {
    if (header.format === 'png') {
      rgba = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).data;
    } else {
      rgba = jpeg.decode(bytes, {
        useTArray: true,
        formatAsRGBA: true,
        tolerantDecoding: false,
        maxMemoryUsageInMB: 1024,
      }).data;
    }
  } catch (cause) {
    throw corrupt(path, (cause as Error).message, cause);
  }
  const { width, height, channels } = header;
  if (rgba.length !== width * height * 4)
    throw corrupt(path, `decoded ${rgba.length} bytes for ${width}×${height} pixels`);
  const data = new Uint8Array(width * height * channels);
  // The decoders always give RGBA; keep the channels the file really has.
  const pick = channels === 1 ? [0] : channels === 2 ? [0, 3] : channels === 3 ? [0, 1, 2] : [0, 1, 2, 3];
  for (let i = 0, o = 0; i < rgba.length; i += 4) for (const k of pick) data[o++] = rgba[i + k];
  return { ...header, data };
}

/**
 * Converts HWC pixels between channel counts: gray → RGB replicates, RGB → gray is
 * ITU-R 601 luma (0.299 R + 0.587 G + 0.114 B, as PIL's 'L'), alpha is dropped or
 * added as 255.
 */
export function convertChannels(data: Uint8Array, from: number, to: number): Uint8Array {
  if (from === to) return data;
  const n = data.length / from;
  const out = new Uint8Array(n * to);
  for (let i = 0; i < n; i++) {
    const s = i * from;
    const hasColor = from >= 3;
    const r = data[s];
    const g = hasColor ? data[s + 1] : r;
    const b = hasColor ? data[s + 2] : r;
    const a = from === 2 ? data[s + 1] : from === 4 ? data[s + 3] : 255;
    const o = i * to;
    if (to === 1) out[o] = hasColor ? Math.round(0.299 * r + 0.587 * g + 0.114 * b) : r;
    else if (to === 2) {
      out[o] = hasColor ? Math.round(0.299 * r + 0.587 * g + 0.114 * b) : r;
      out[o + 1] = a;
    } else {
      out[o] = r;
      out[o + 1] = g;
      out[o + 2] = b;
      if (to === 4) out[o + 3] = a;
    }
  }
  return out;
}

/**
 * Resizes HWC pixels to `outH`×`outW` into floats. 'nearest' (Keras load_img's
 * default) picks the pixel whose center is closest: floor((i + 0.5)·in/out);
 * 'bilinear' interpolates with half-pixel centers, clamped at the edges. Writes
 * `out` from `offset`.
 */
export function resizeInto(
  src: Uint8Array,
  h: number,
  w: number,
  ch: number,
  outH: number,
  outW: number,
  interpolation: 'nearest' | 'bilinear',
  out: Float32Array,
  offset: number,
  scale = 1,
): void {
  const sy = h / outH;
  const sx = w / outW;
  for (let r = 0; r < outH; r++) {
    for (let c = 0; c < outW; c++) {
      const o = offset + (r * outW + c) * ch;
      if (interpolation === 'nearest' || (h === outH && w === outW)) {
        const yr = Math.min(h - 1, Math.floor((r + 0.5) * sy));
        const xr = Math.min(w - 1, Math.floor((c + 0.5) * sx));
        for (let k = 0; k < ch; k++) out[o + k] = src[(yr * w + xr) * ch + k] * scale;
        continue;
      }
      const y = Math.min(h - 1, Math.max(0, (r + 0.5) * sy - 0.5));
      const x = Math.min(w - 1, Math.max(0, (c + 0.5) * sx - 0.5));
      const y0 = Math.floor(y);
      const x0 = Math.floor(x);
      const y1 = Math.min(h - 1, y0 + 1);
      const x1 = Math.min(w - 1, x0 + 1);
      const fy = y - y0;
      const fx = x - x0;
      for (let k = 0; k < ch; k++) {
        const a = src[(y0 * w + x0) * ch + k];
        const b = src[(y0 * w + x1) * ch + k];
        const cc = src[(y1 * w + x0) * ch + k];
        const d = src[(y1 * w + x1) * ch + k];
        out[o + k] = ((1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * cc + fx * d)) * scale;
      }
    }
  }
}

/** Encodes 8-bit HWC pixels (1, 3 or 4 channels) as a PNG file (for tests, fixtures and report grids). */
export function encodePng(data: Uint8Array, height: number, width: number, channels: number): Buffer {
  const png = new PNG({
    width,
    height,
    colorType: channels === 1 ? 0 : channels === 3 ? 2 : 6,
    inputColorType: 6,
    inputHasAlpha: true,
  });
  png.data = Buffer.from(convertChannels(data, channels, 4));
  return PNG.sync.write(png, {
    colorType: channels === 1 ? 0 : channels === 3 ? 2 : 6,
    inputColorType: 6,
    inputHasAlpha: true,
  });
}
