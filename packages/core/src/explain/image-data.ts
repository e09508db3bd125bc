/**
 * Images for an image model: an IDX folder (the four MNIST-format files; the bundled
 * MNIST by default) or an image folder (one subfolder of PNG/JPEG per class), sampled
 * (seeded, stratified by class), scaled to [0, 1] as `train` does, resized to the
 * model's input size for folders, and passed through the model's saved array steps.
 */
import { basename } from 'node:path';
import { loadMnist } from '../data/index.ts';
import { closeDecodePools, flowFromDirectory } from '../preprocess/index.ts';
import { FrontierError } from '../util/errors.ts';
import type { ModelBundle } from '../preprocess/model-bundle.ts';
import { stratifiedSample } from './select-rows.ts';
import type { ExplainData } from './run-data.ts';

/** An IDX folder (`dir`, default the bundled MNIST) or an image folder of class subfolders. */
export type ImageSource = { name: 'mnist'; dir?: string } | { name: 'images'; path: string };

const COLOR_MODES = { 1: 'grayscale', 3: 'rgb', 4: 'rgba' } as const;

/**
 * Loads up to `limit` images of `src` for `bundle`'s image model: a stratified sample
 * (seeded) of the IDX test split, or of the whole image folder. Throws
 * `EXPLAIN_SHAPE_MISMATCH` when IDX images differ in size from the model's input,
 * `EXPLAIN_MODEL_INPUT` for a channel count no image has, and the loaders' errors.
 */
export async function loadImageData(
  src: ImageSource,
  bundle: ModelBundle,
  opts: { limit: number; seed: number; preprocess: boolean },
): Promise<ExplainData> {
  const [h, w, c] = bundle.inputShape;
  const notes: string[] = [];
  let name: string;
  let pixels: Float32Array;
  let labels: Int32Array;
  let classes = bundle.classes;
  if (src.name === 'mnist') {
    const m = await loadMnist({ dir: src.dir, trainLimit: 1 });
    const [n, ih, iw, ic] = m.test.shape;
    if (ih !== h || iw !== w || ic !== c) {
      throw new FrontierError(
        'EXPLAIN_SHAPE_MISMATCH',
        `the model takes ${h}×${w}×${c} images; the IDX files hold ${ih}×${iw}×${ic}`,
        {
          where: src.dir ?? 'mnist',
          hint: 'explain the model on images of the size it was trained on',
        },
      );
    }
    name = src.dir ? basename(src.dir) : 'mnist';
    const pick = stratifiedSample(m.test.labels, Math.min(opts.limit, n), opts.seed);
    const size = h * w * c;
    pixels = new Float32Array(pick.length * size);
    pick.forEach((i, k) => pixels.set(m.test.images.subarray(i * size, (i + 1) * size), k * size));
    labels = Int32Array.from(pick, (i) => m.test.labels[i]);
    classes ??= m.classes.slice(0, bundle.model.outputs[0].shape[1] ?? m.classes.length);
  } else {
    const colorMode = COLOR_MODES[c as 1 | 3 | 4];
    if (!colorMode) {
      throw new FrontierError('EXPLAIN_MODEL_INPUT', `the model takes images with ${c} channels`, {
        where: bundle.dir,
        hint: 'image folders give 1 (grayscale), 3 (RGB) or 4 (RGBA) channels',
      });
    }
    try {
      // A seeded random pool of `limit` images, decoded in one batch; the rows explained
      // are then stratified within it.
      const folder = await flowFromDirectory(src.path, {
        targetSize: [h, w],
        colorMode,
        classMode: 'sparse',
        shuffle: true,
        seed: opts.seed,
        batchSize: opts.limit,
      });
      const batch = await folder.readBatch(0, 0);
      pixels = batch.x;
      const ids = batch.y as Int32Array;
      const byName = new Map((classes ?? folder.classes).map((cl, i) => [cl, i]));
      labels = Int32Array.from(ids, (id) => byName.get(folder.classes[id]) ?? -1);
      const unknown = labels.filter((l) => l < 0).length;
      if (unknown) notes.push(`${unknown} image(s) are in class folders the model's classes do not name`);
      classes ??= folder.classes;
      name = basename(src.path);
      notes.push(`images resized to ${h}×${w} (${colorMode}), the model's input size`);
    } finally {
      await closeDecodePools();
    }
  }
  const array = opts.preprocess ? (bundle.steps?.array ?? []) : [];
  const shape = [h, w, c];
  const toModel = (x: Float32Array, n: number): Float32Array => {
    let cur = { data: x, shape: [n, ...shape] };
    for (const step of array) cur = step.transform(cur) as typeof cur;
    return Float32Array.from(cur.data);
  };
  if (array.length)
    notes.push(`applied the model's saved preprocessing (${array.map((s) => s.className).join(', ')})`);
  const rows = labels.length;
  return {
    kind: 'image',
    name,
    rows,
    shape,
    raw: pixels,
    x: toModel(pixels, rows),
    toModel,
    labels,
    featureNames: Array.from({ length: h * w * c }, (_, i) =>
      c === 1
        ? `pixel ${Math.floor(i / w)},${i % w}`
        : `pixel ${Math.floor(i / c / w)},${Math.floor(i / c) % w} c${i % c}`,
    ),
    classes,
    notes,
  };
}
