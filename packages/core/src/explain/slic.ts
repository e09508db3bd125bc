/**
 * SLIC superpixels (Achanta et al. 2012, "SLIC Superpixels Compared to State-of-the-Art
 * Superpixel Methods"): k-means on (colour, y, x) restricted to a 2S×2S window around
 * each centre, so that segments follow colour edges yet stay compact. Deterministic:
 * no random draws anywhere.
 */
import { FrontierError } from '../util/errors.ts';

/**
 * Options of `slicSuperpixels`.
 * - `nSegments`: wanted number of segments; centres start on a grid of step
 *   S = √(H·W / nSegments). The result has about this many (fragments and empty
 *   clusters move it a little either way).
 * - `compactness` (m ≥ 0): in the image's own units, a colour difference of m weighs as
 *   much as a spatial distance of S. Small m follows colour closely; large m gives
 *   near-square tiles. For images in [0, 1], 0.01–0.1 follows edges, ≥ 1 is nearly a grid.
 * - `iterations`: assignment/update rounds (default 10).
 * - `minSize`: 4-connected fragments with fewer pixels are merged into the neighbouring
 *   segment of closest mean colour (default ⌊S²/4⌋, at least 1).
 */
export interface SlicOptions {
  nSegments: number;
  compactness: number;
  iterations?: number;
  minSize?: number;
}

/** A segmentation: `labels[y*W + x]` in [0, count), each segment 4-connected, numbered in raster order of first pixel. */
export interface SlicResult {
  labels: Int32Array;
  count: number;
}

function bad(field: string, what: string, got: unknown, hint: string): FrontierError {
  return new FrontierError('EXPLAIN_BAD_OPTION', `${what}, got ${String(got)}`, {
    where: `slicSuperpixels ${field}`,
    hint,
  });
}

/**
 * Segments an H×W×C image (HWC, row-major) into about `nSegments` SLIC superpixels.
 * Distance of pixel p to centre k: √(‖colour_p − colour_k‖² + (m/S)²·‖(y, x)_p − (y, x)_k‖²).
 * Centres start on a regular grid, each moved to the lowest-gradient pixel of its 3×3
 * neighbourhood (off edges and noise); then `iterations` rounds of windowed assignment and
 * mean update; then connectivity enforcement (`minSize`). Regions narrower than about S
 * may get no centre and be absorbed by a neighbouring segment.
 */
export function slicSuperpixels(
  image: Float32Array,
  height: number,
  width: number,
  channels: number,
  opts: SlicOptions,
): SlicResult {
  for (const [name, v] of [
    ['height', height],
    ['width', width],
    ['channels', channels],
  ] as const) {
    if (!Number.isInteger(v) || v < 1)
      throw bad(name, `${name} must be a positive integer`, v, 'pass the image shape H, W, C');
  }
  const n = height * width;
  if (image.length !== n * channels) {
    throw bad(
      'image',
      `image has ${image.length} values, not ${height}×${width}×${channels} = ${n * channels}`,
      image.length,
      'pass one image in HWC order with its own shape',
    );
  }
  for (let i = 0; i < image.length; i++) {
    if (!Number.isFinite(image[i]))
      throw bad('image', `image value ${i} is not finite`, image[i], 'replace NaN/∞ pixels first');
  }
  const { nSegments, compactness } = opts;
  if (!Number.isInteger(nSegments) || nSegments < 1) {
    throw bad(
      'nSegments',
      'nSegments must be a positive integer',
      nSegments,
      'e.g. 49 for a 28×28 image (7×7 pixels each)',
    );
  }
  if (!Number.isFinite(compactness) || compactness < 0) {
    throw bad(
      'compactness',
      'compactness must be a finite number ≥ 0',
      compactness,
      'e.g. 0.1 for images in [0, 1]',
    );
  }
  const iterations = opts.iterations ?? 10;
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw bad(
      'iterations',
      'iterations must be an integer ≥ 0',
      iterations,
      'the default 10 converges on most images',
    );
  }
  const step = Math.sqrt(n / nSegments);
  const minSize = opts.minSize ?? Math.max(1, Math.floor((step * step) / 4));
  if (!Number.isInteger(minSize) || minSize < 1) {
    throw bad(
      'minSize',
      'minSize must be a positive integer',
      minSize,
      'e.g. a quarter of the mean segment area',
    );
  }

  const centres = initialCentres(image, height, width, channels, step);
  const k = centres.length / (channels + 2);
  const labels = new Int32Array(n);
  // Before the first round every pixel belongs to its grid cell, so a pixel no window reaches still has a label.
  const [ny, nx] = gridShape(height, width, step);
  for (let y = 0; y < height; y++) {
    const row = Math.min(ny - 1, Math.floor((y * ny) / height));
    for (let x = 0; x < width; x++)
      labels[y * width + x] = row * nx + Math.min(nx - 1, Math.floor((x * nx) / width));
  }
  kmeans(image, height, width, channels, centres, k, labels, step, compactness, iterations);
  return enforceConnectivity(image, height, width, channels, labels, minSize);
}

/** Rows and columns of the initial centre grid: about H/S × W/S, at least 1, at most one per pixel. */
function gridShape(h: number, w: number, step: number): [number, number] {
  return [Math.min(h, Math.max(1, Math.round(h / step))), Math.min(w, Math.max(1, Math.round(w / step)))];
}

/** Squared colour gradient at (y, x) by central differences, edges clamped. */
function gradient(image: Float32Array, h: number, w: number, c: number, y: number, x: number): number {
  const at = (yy: number, xx: number, ch: number): number =>
    image[(Math.min(h - 1, Math.max(0, yy)) * w + Math.min(w - 1, Math.max(0, xx))) * c + ch];
  let g = 0;
  for (let ch = 0; ch < c; ch++)
    g += (at(y, x + 1, ch) - at(y, x - 1, ch)) ** 2 + (at(y + 1, x, ch) - at(y - 1, x, ch)) ** 2;
  return g;
}

/** Centres as rows of [colour…, y, x]: a grid of cell middles, each moved to its 3×3 gradient minimum. */
function initialCentres(image: Float32Array, h: number, w: number, c: number, step: number): Float64Array {
  const [ny, nx] = gridShape(h, w, step);
  const stride = c + 2;
  const out = new Float64Array(ny * nx * stride);
  for (let i = 0; i < ny; i++) {
    for (let j = 0; j < nx; j++) {
      let cy = ((i + 0.5) * h) / ny - 0.5;
      let cx = ((j + 0.5) * w) / nx - 0.5;
      let py = Math.round(cy);
      let px = Math.round(cx);
      // Only a strictly lower gradient moves the centre, so a flat image keeps the exact grid.
      let best = gradient(image, h, w, c, py, px);
      const [y0, x0] = [py, px];
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y0 + dy;
          const xx = x0 + dx;
          if (yy < 0 || yy >= h || xx < 0 || xx >= w) continue;
          const g = gradient(image, h, w, c, yy, xx);
          if (g < best) {
            best = g;
            [py, px, cy, cx] = [yy, xx, yy, xx];
          }
        }
      }
      const o = (i * nx + j) * stride;
      for (let ch = 0; ch < c; ch++) out[o + ch] = image[(py * w + px) * c + ch];
      out[o + c] = cy;
      out[o + c + 1] = cx;
    }
  }
  return out;
}

/** `iterations` rounds of: assign each pixel to the nearest centre whose 2S window covers it; move centres to their means. */
function kmeans(
  image: Float32Array,
  h: number,
  w: number,
  c: number,
  centres: Float64Array,
  k: number,
  labels: Int32Array,
  step: number,
  compactness: number,
  iterations: number,
): void {
  const stride = c + 2;
  const spatial = (compactness / step) ** 2;
  const dist = new Float64Array(h * w);
  const sums = new Float64Array(k * stride);
  const counts = new Float64Array(k);
  for (let it = 0; it < iterations; it++) {
    dist.fill(Infinity);
    for (let q = 0; q < k; q++) {
      const o = q * stride;
      const cy = centres[o + c];
      const cx = centres[o + c + 1];
      const yLo = Math.max(0, Math.ceil(cy - step));
      const yHi = Math.min(h - 1, Math.floor(cy + step));
      const xLo = Math.max(0, Math.ceil(cx - step));
      const xHi = Math.min(w - 1, Math.floor(cx + step));
      for (let y = yLo; y <= yHi; y++) {
        for (let x = xLo; x <= xHi; x++) {
          const p = y * w + x;
          let d = spatial * ((y - cy) ** 2 + (x - cx) ** 2);
          for (let ch = 0; ch < c; ch++) d += (image[p * c + ch] - centres[o + ch]) ** 2;
          if (d < dist[p]) {
            dist[p] = d;
            labels[p] = q;
          }
        }
      }
    }
    sums.fill(0);
    counts.fill(0);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const p = y * w + x;
        const o = labels[p] * stride;
        for (let ch = 0; ch < c; ch++) sums[o + ch] += image[p * c + ch];
        sums[o + c] += y;
        sums[o + c + 1] += x;
        counts[labels[p]]++;
      }
    }
    // A centre that won no pixel stays where it is; it may win some next round or vanish.
    for (let q = 0; q < k; q++) {
      if (counts[q] === 0) continue;
      for (let i = 0; i < stride; i++) centres[q * stride + i] = sums[q * stride + i] / counts[q];
    }
  }
}

/**
 * Splits labels into 4-connected components, merges each component under `minSize`
 * pixels (smallest first) into the adjacent component of closest mean colour (ties:
 * the larger, then the earlier), and renumbers in raster order.
 */
function enforceConnectivity(
  image: Float32Array,
  h: number,
  w: number,
  c: number,
  labels: Int32Array,
  minSize: number,
): SlicResult {
  const n = h * w;
  const comp = new Int32Array(n).fill(-1);
  const pixels: number[][] = [];
  const stack: number[] = [];
  for (let s = 0; s < n; s++) {
    if (comp[s] !== -1) continue;
    const id = pixels.length;
    const members: number[] = [];
    comp[s] = id;
    stack.push(s);
    while (stack.length) {
      const p = stack.pop()!;
      members.push(p);
      const y = Math.floor(p / w);
      const x = p - y * w;
      for (const q of [
        x > 0 ? p - 1 : -1,
        x < w - 1 ? p + 1 : -1,
        y > 0 ? p - w : -1,
        y < h - 1 ? p + w : -1,
      ]) {
        if (q >= 0 && comp[q] === -1 && labels[q] === labels[s]) {
          comp[q] = id;
          stack.push(q);
        }
      }
    }
    pixels.push(members);
  }
  const m = pixels.length;
  const parent = Int32Array.from({ length: m }, (_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]];
    return a;
  };
  const size = Float64Array.from(pixels, (ps) => ps.length);
  const colour = new Float64Array(m * c);
  pixels.forEach((ps, id) => {
    for (const p of ps) for (let ch = 0; ch < c; ch++) colour[id * c + ch] += image[p * c + ch];
  });
  const order = Array.from({ length: m }, (_, i) => i).sort((a, b) => size[a] - size[b] || a - b);
  for (const start of order) {
    let r = find(start);
    while (size[r] < minSize) {
      let best = -1;
      let bestD = Infinity;
      for (const p of pixels[r]) {
        const y = Math.floor(p / w);
        const x = p - y * w;
        for (const q of [
          x > 0 ? p - 1 : -1,
          x < w - 1 ? p + 1 : -1,
          y > 0 ? p - w : -1,
          y < h - 1 ? p + w : -1,
        ]) {
          if (q < 0) continue;
          const o = find(comp[q]);
          if (o === r) continue;
          let d = 0;
          for (let ch = 0; ch < c; ch++)
            d += (colour[r * c + ch] / size[r] - colour[o * c + ch] / size[o]) ** 2;
          if (d < bestD || (d === bestD && (size[o] > size[best] || (size[o] === size[best] && o < best)))) {
            bestD = d;
            best = o;
          }
        }
      }
      if (best < 0) break; // the whole image is one component
      // The survivor keeps the smaller id so raster numbering below stays stable.
      const [keep, gone] = best < r ? [best, r] : [r, best];
      parent[gone] = keep;
      size[keep] += size[gone];
      for (let ch = 0; ch < c; ch++) colour[keep * c + ch] += colour[gone * c + ch];
      for (const p of pixels[gone]) pixels[keep].push(p);
      pixels[gone] = [];
      r = keep;
    }
  }
  const out = new Int32Array(n);
  const renumber = new Int32Array(m).fill(-1);
  let count = 0;
  for (let p = 0; p < n; p++) {
    const r = find(comp[p]);
    if (renumber[r] === -1) renumber[r] = count++;
    out[p] = renumber[r];
  }
  return { labels: out, count };
}
