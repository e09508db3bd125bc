/**
 * Places point labels so that none overlaps another label, a point, or the plot's edge.
 * Vega-Lite has no label-avoidance transform, so the scatter chart fixes its scales and
 * places its labels here, in pixels, before the chart is drawn.
 */

/** A label to place beside the point at (`x`, `y`) pixels (y grows downwards). */
export interface LabelRequest {
  x: number;
  y: number;
  text: string;
}

/** Where a label went: the anchor point in pixels and how the text hangs from it. */
export interface PlacedLabel {
  text: string;
  /** Anchor in pixels; the text's vertical middle is at `y`. */
  x: number;
  y: number;
  align: 'left' | 'right' | 'center';
  /** The space the label was given (its estimated text box plus the gap). */
  box: Box;
}

/** A box in pixels. */
export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** Options of placeLabels. Defaults: font 11 px, point radius 5 px, gap 2 px. */
export interface LabelLayoutOptions {
  fontSize?: number;
  pointRadius?: number;
  /** Space kept clear around each label. */
  gap?: number;
}

/**
 * A generous estimate of `text`'s width at `fontSize` in a sans-serif font: wide
 * letters count more. Over-estimating only costs space; under-estimating lets labels
 * touch, so every class errs wide.
 */
export function estimateTextWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) {
    if (/[MWmw@%]/.test(ch)) em += 0.9;
    else if (/[A-Z]/.test(ch)) em += 0.72;
    else if (/[ijlt.,:;|!'` ()\-[\]f]/.test(ch)) em += 0.38;
    else em += 0.6;
  }
  return em * fontSize + 2;
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

/**
 * Places each label (in order) at the first of 16 spots around its point (right, left,
 * above, below, the diagonals, then the same twice as far) where it stays inside
 * `width` × `height` and clears every point and every label placed before it.
 * Returns the placed labels and the texts that found no free spot (left unlabelled).
 */
export function placeLabels(
  requests: readonly LabelRequest[],
  width: number,
  height: number,
  opts: LabelLayoutOptions = {},
): { placed: PlacedLabel[]; unplaced: string[] } {
  const fontSize = opts.fontSize ?? 11;
  const r = opts.pointRadius ?? 5;
  const gap = opts.gap ?? 2;
  const h = fontSize + 3;
  const taken: Box[] = requests.map((p) => ({ x0: p.x - r, y0: p.y - r, x1: p.x + r, y1: p.y + r }));
  const placed: PlacedLabel[] = [];
  const unplaced: string[] = [];
  for (const p of requests) {
    const w = estimateTextWidth(p.text, fontSize);
    const off = r + 3;
    const spots: Array<[number, number, PlacedLabel['align']]> = [];
    for (const k of [1, 2]) {
      const d = off * k;
      spots.push(
        [d, 0, 'left'],
        [-d, 0, 'right'],
        [0, -(d + h / 2), 'center'],
        [0, d + h / 2, 'center'],
        [d, -(d + h / 2) + 2, 'left'],
        [d, d + h / 2 - 2, 'left'],
        [-d, -(d + h / 2) + 2, 'right'],
        [-d, d + h / 2 - 2, 'right'],
      );
    }
    let done = false;
    for (const [dx, dy, align] of spots) {
      const ax = p.x + dx;
      const ay = p.y + dy;
      const x0 = align === 'left' ? ax : align === 'right' ? ax - w : ax - w / 2;
      const box = { x0: x0 - gap, y0: ay - h / 2 - gap, x1: x0 + w + gap, y1: ay + h / 2 + gap };
      if (box.x0 < 0 || box.y0 < 0 || box.x1 > width || box.y1 > height) continue;
      if (taken.some((t) => overlaps(t, box))) continue;
      taken.push(box);
      placed.push({ text: p.text, x: ax, y: ay, align, box });
      done = true;
      break;
    }
    if (!done) unplaced.push(p.text);
  }
  return { placed, unplaced };
}
