// A report section with a grid of augmented samples: each row one source image, then
// `copies` augmentations of it, as inline PNGs (no external files).
import { escapeHtml, type ReportSection } from '../report/index.ts';
import type { ImageAugmenter } from '../models/layers/augment.ts';
import { encodePng } from './image-decode.ts';
import type { NDArray } from './step.ts';

/** Options of {@link augmentationGridSection}: `copies` per image (default 7), `cellPx` display size (default 56), `title`. */
export interface GridOptions {
  copies?: number;
  cellPx?: number;
  title?: string;
}

/** One HWC float image → PNG data URL; values are taken as [0, 1] when the image's max is ≤ 1.5, else [0, 255]. */
export function imageDataUrl(data: Float32Array, h: number, w: number, c: number): string {
  let max = 0;
  for (const v of data) max = Math.max(max, v);
  const scale = max <= 1.5 ? 255 : 1;
  const px = Uint8Array.from(data, (v) => Math.max(0, Math.min(255, Math.round(v * scale))));
  const channels = c === 1 || c === 3 || c === 4 ? c : 1;
  const pixels = channels === c ? px : Uint8Array.from({ length: h * w }, (_, i) => px[i * c]);
  return `data:image/png;base64,${encodePng(pixels, h, w, channels).toString('base64')}`;
}

/**
 * The grid for the first images of `x` ([n, h, w, c]): column 0 the original, then
 * `copies` augmentations (keys 0..copies−1, so the grid is reproducible).
 */
export function augmentationGridSection(
  x: NDArray,
  augmenter: ImageAugmenter,
  opts: GridOptions = {},
): ReportSection {
  const [n, h, w, c] = x.shape;
  const copies = opts.copies ?? 7;
  const size = h * w * c;
  const cell = opts.cellPx ?? 56;
  const img = (d: Float32Array, alt: string) =>
    `<img src="${imageDataUrl(d, h, w, c)}" width="${cell}" height="${Math.round((cell * h) / w)}" alt="${escapeHtml(alt)}" style="image-rendering:pixelated">`;
  const variants = Array.from({ length: copies }, (_, k) => augmenter.augment(x, k).data);
  const rows = Array.from({ length: n }, (_, i) => {
    const orig = x.data.subarray(i * size, (i + 1) * size);
    const cells = [
      img(orig, `image ${i}`),
      ...variants.map((v, k) => img(v.subarray(i * size, (i + 1) * size), `image ${i}, augmentation ${k}`)),
    ];
    return `<tr>${cells.map((c0) => `<td>${c0}</td>`).join('')}</tr>`;
  }).join('');
  const head = `<tr><th>original</th>${variants.map((_, k) => `<th>#${k + 1}</th>`).join('')}</tr>`;
  const html = `<p>${escapeHtml(JSON.stringify(augmenter.options))}</p><table>${head}${rows}</table>`;
  return { title: opts.title ?? 'Augmented samples', html };
}
