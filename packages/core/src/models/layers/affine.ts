// Affine image warps with Keras ImageDataGenerator's conventions (pure math, no tfjs).
//
// Matrices act on homogeneous (row, col, 1) coordinates and map an OUTPUT pixel to
// the INPUT position it samples (as scipy.ndimage.affine_transform, which Keras uses).
// Rotation, shift, shear and zoom are built about the origin, composed as
// rotation · shift · shear · zoom (Keras's order) and then moved to the image center.

/** A 3×3 matrix, row-major: [a, b, c, d, e, f, g, h, i]. */
export type Mat3 = [number, number, number, number, number, number, number, number, number];

/** How samples outside the image are filled: Keras/TF fill modes. */
export type FillMode = 'constant' | 'nearest' | 'reflect' | 'wrap';

/** How a sample between pixels is read. */
export type Interpolation = 'bilinear' | 'nearest';

/** The identity matrix. */
export const IDENTITY: Mat3 = [1, 0, 0, 0, 1, 0, 0, 0, 1];

/** Matrix product a · b. */
export function matmul(a: Mat3, b: Mat3): Mat3 {
  const out = new Array(9).fill(0) as Mat3;
  for (let r = 0; r < 3; r++)
    for (let c = 0; c < 3; c++) for (let k = 0; k < 3; k++) out[r * 3 + c] += a[r * 3 + k] * b[k * 3 + c];
  return out;
}

const rad = (deg: number) => (deg * Math.PI) / 180;

/** Rotation by `deg` degrees: [[cos, −sin, 0], [sin, cos, 0], [0, 0, 1]] (Keras). */
export function rotationMatrix(deg: number): Mat3 {
  const c = Math.cos(rad(deg));
  const s = Math.sin(rad(deg));
  return [c, -s, 0, s, c, 0, 0, 0, 1];
}

/** Shift: output (r, c) samples input (r + tx, c + ty); tx along rows (height), ty along columns (width), in pixels. */
export function shiftMatrix(tx: number, ty: number): Mat3 {
  return [1, 0, tx, 0, 1, ty, 0, 0, 1];
}

/** Shear by `deg` degrees: [[1, −sin, 0], [0, cos, 0], [0, 0, 1]] (Keras `apply_affine_transform`). */
export function shearMatrix(deg: number): Mat3 {
  return [1, -Math.sin(rad(deg)), 0, 0, Math.cos(rad(deg)), 0, 0, 0, 1];
}

/** Zoom: [[zx, 0, 0], [0, zy, 0], [0, 0, 1]]; zx scales rows, zy columns; values < 1 zoom in. */
export function zoomMatrix(zx: number, zy: number): Mat3 {
  return [zx, 0, 0, 0, zy, 0, 0, 0, 1];
}

/** Flips about the center: horizontal negates columns, vertical negates rows. */
export function flipMatrix(horizontal: boolean, vertical: boolean): Mat3 {
  return [vertical ? -1 : 1, 0, 0, 0, horizontal ? -1 : 1, 0, 0, 0, 1];
}

/** One image's transform, Keras `get_random_transform` names; angles in degrees, shifts in pixels. */
export interface TransformParams {
  theta: number;
  tx: number;
  ty: number;
  shear: number;
  zx: number;
  zy: number;
  flipHorizontal: boolean;
  flipVertical: boolean;
  /** Brightness factor (1 = unchanged). */
  brightness: number;
  /** Channel shift intensity (0 = unchanged). */
  channelShift: number;
}

/** Parameters of the identity transform. */
export const NO_TRANSFORM: TransformParams = {
  theta: 0,
  tx: 0,
  ty: 0,
  shear: 0,
  zx: 1,
  zy: 1,
  flipHorizontal: false,
  flipVertical: false,
  brightness: 1,
  channelShift: 0,
};

/**
 * The one affine matrix of `p` for an h×w image, in pixel-index coordinates:
 * T(center) · rotation · shift · shear · zoom · flip · T(−center), center
 * ((h − 1)/2, (w − 1)/2). Flips come last (applied to the output, as Keras does
 * after the warp). Entries within 1e-12 of an integer are snapped to it so exact
 * rotations by multiples of 90° sample exact pixels.
 */
export function transformMatrix(p: TransformParams, h: number, w: number): Mat3 {
  let m = rotationMatrix(p.theta);
  m = matmul(m, shiftMatrix(p.tx, p.ty));
  m = matmul(m, shearMatrix(p.shear));
  m = matmul(m, zoomMatrix(p.zx, p.zy));
  m = matmul(m, flipMatrix(p.flipHorizontal, p.flipVertical));
  const or = (h - 1) / 2;
  const oc = (w - 1) / 2;
  m = matmul(matmul([1, 0, or, 0, 1, oc, 0, 0, 1], m), [1, 0, -or, 0, 1, -oc, 0, 0, 1]);
  return m.map((v) => (Math.abs(v - Math.round(v)) < 1e-12 ? Math.round(v) : v)) as Mat3;
}

/** Maps an integer index outside [0, n) back inside per the fill mode; −1 means "use cval". */
export function mapIndex(i: number, n: number, mode: FillMode): number {
  if (i >= 0 && i < n) return i;
  switch (mode) {
    case 'constant':
      return -1;
    case 'nearest':
      return i < 0 ? 0 : n - 1;
    case 'wrap':
      return ((i % n) + n) % n;
    case 'reflect': {
      // Half-sample symmetric, period 2n: d c b a | a b c d | d c b a.
      const period = 2 * n;
      const j = ((i % period) + period) % period;
      return j < n ? j : period - 1 - j;
    }
  }
}

/** Options of {@link warpImage}. */
export interface WarpOptions {
  fillMode: FillMode;
  cval: number;
  interpolation: Interpolation;
}

/**
 * Warps one HWC image: out[r, c, ch] = src sampled at m · (r, c, 1). Bilinear reads
 * the four neighbors, each placed by the fill mode (constant → cval), so an integer
 * sample position reads exactly one pixel. Writes into `out` (length h·w·ch).
 */
export function warpImage(
  src: Float32Array,
  h: number,
  w: number,
  ch: number,
  m: Mat3,
  opts: WarpOptions,
  out: Float32Array,
  srcOffset = 0,
  outOffset = 0,
): void {
  const { fillMode, cval } = opts;
  const nearest = opts.interpolation === 'nearest';
  const read = (r: number, c: number, k: number): number => {
    const rr = mapIndex(r, h, fillMode);
    const cc = mapIndex(c, w, fillMode);
    return rr < 0 || cc < 0 ? cval : src[srcOffset + (rr * w + cc) * ch + k];
  };
  for (let r = 0; r < h; r++) {
    for (let c = 0; c < w; c++) {
      const y = m[0] * r + m[1] * c + m[2];
      const x = m[3] * r + m[4] * c + m[5];
      const o = outOffset + (r * w + c) * ch;
      if (nearest) {
        const yr = Math.round(y);
        const xr = Math.round(x);
        for (let k = 0; k < ch; k++) out[o + k] = read(yr, xr, k);
        continue;
      }
      const y0 = Math.floor(y);
      const x0 = Math.floor(x);
      const fy = y - y0;
      const fx = x - x0;
      const inside = y0 >= 0 && x0 >= 0 && y0 + 1 < h && x0 + 1 < w;
      for (let k = 0; k < ch; k++) {
        let v: number;
        if (inside) {
          const base = srcOffset + (y0 * w + x0) * ch + k;
          const a = src[base];
          const b = src[base + ch];
          const cc = src[base + w * ch];
          const d = src[base + w * ch + ch];
          v = (1 - fy) * ((1 - fx) * a + fx * b) + fy * ((1 - fx) * cc + fx * d);
        } else {
          // Skip zero-weight neighbors so an exact sample on the last row/column never reads fill.
          v = (1 - fy) * ((1 - fx) * read(y0, x0, k) + (fx ? fx * read(y0, x0 + 1, k) : 0));
          if (fy) v += fy * ((1 - fx) * read(y0 + 1, x0, k) + (fx ? fx * read(y0 + 1, x0 + 1, k) : 0));
        }
        out[o + k] = v;
      }
    }
  }
}
