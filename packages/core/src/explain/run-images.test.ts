// Image models are explained on every image data kind train accepts: an IDX folder and an
// image folder, each with local accuracy checkable from explain.json alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { makeImageFolder } from '../preprocess/test-images.ts';
import { idxFolder, imageModel } from './explain-test-util.ts';
import { explainModel } from './run.ts';

await tf.setBackend('cpu');

interface Row {
  row: number;
  label: number | null;
  output: number;
  base: number;
  attributions: number[];
  featureNames?: string[];
  segments?: number[];
  completenessError?: number;
}

test('shap on an IDX folder (not MNIST): base + Σφ = f(x) from explain.json, stratified by class', async () => {
  const cnn = await imageModel(4);
  const idx = await idxFolder(4, 9, 3);
  const out = join(idx, 'out');
  await explainModel({
    modelDir: cnn,
    data: { name: 'mnist', dir: idx },
    method: 'shap',
    rows: 3,
    segmentation: 'grid',
    superpixel: 2,
    outDir: out,
  });
  const doc = JSON.parse(await readFile(join(out, 'explain.json'), 'utf8'));
  assert.equal(doc.localAccuracy, 'exact');
  assert.equal(doc.rows.length, 3);
  // Labels are i % 3, so a stratified pick of 3 has one of each class.
  assert.deepEqual(doc.rows.map((r: Row) => r.label).sort(), [0, 1, 2]);
  for (const r of doc.rows as Row[]) {
    // 4×4 image in 2×2 tiles: 4 superpixels, and the segment map covers every pixel.
    assert.equal(r.attributions.length, 4);
    assert.equal(r.featureNames!.length, 4);
    assert.deepEqual(r.segments, [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]);
    const sum = r.base + r.attributions.reduce((s, v) => s + v, 0);
    assert.ok(Math.abs(sum - r.output) < 1e-6, `row ${r.row}: ${sum} vs ${r.output}`);
  }
});

test('ig on an image folder: images resized to the model, completeness and f(x) in explain.json', async () => {
  const cnn = await imageModel(4, 3, 2);
  const folder = await makeImageFolder({ cats: [40, 80, 120], dogs: [160, 200, 240] }, 3, 6);
  const out = join(folder, 'out');
  const r = await explainModel({
    modelDir: cnn,
    data: { name: 'images', path: folder },
    method: 'ig',
    rows: 2,
    steps: 256,
    outDir: out,
  });
  assert.equal(r.dataset.kind, 'image');
  assert.deepEqual(r.classes, ['cats', 'dogs']);
  assert.ok(r.notes.some((n) => /resized to 4×4/.test(n)));
  const doc = JSON.parse(await readFile(join(out, 'explain.json'), 'utf8'));
  assert.equal(doc.localAccuracy, 'approximate');
  assert.deepEqual(doc.rows.map((row: Row) => row.label).sort(), [0, 1]);
  for (const row of doc.rows as Row[]) {
    assert.equal(row.attributions.length, 4 * 4 * 3);
    const sum = row.base + row.attributions.reduce((s, v) => s + v, 0);
    // IG's completeness error, recomputed from the file.
    const err = Math.abs(sum - row.output) / Math.max(1e-12, Math.abs(row.output - row.base));
    assert.ok(Math.abs(err - row.completenessError!) < 1e-4, `${err} vs ${row.completenessError}`);
    assert.ok(err < 0.05, `completeness error ${err}`);
  }
});
