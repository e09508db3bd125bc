// End to end: a small CNN trained on real MNIST digits, saved, loaded back, and explained
// by every image method through `explainModel`, with the page and JSON written to disk.
// Budgets are tiny so this runs in well under a minute on the pure-JS backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../src/data/index.ts';
import { saveModel } from '../src/io/index.ts';
import { buildModel } from '../src/models/index.ts';
import { Trainer } from '../src/train/index.ts';
import { countMarks } from '../src/report/svg-test-util.ts';
import { compareExplanations, explainModel } from '../src/explain/index.ts';

await tf.setBackend('cpu');

async function trainSmallCnn(seed: number, n: number): Promise<tf.LayersModel> {
  const mnist = await loadMnist({ trainLimit: n, testLimit: 1 });
  const model = buildModel(
    {
      name: 'small-cnn',
      inputShape: [28, 28, 1],
      layers: [
        { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
        { type: 'maxPool2d', poolSize: 2 },
        { type: 'flatten' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    },
    seed,
  );
  const x = tf.tensor4d(mnist.train.images, mnist.train.shape);
  const y = tf.oneHot(tf.tensor1d(mnist.train.labels, 'int32'), 10).toFloat();
  const trainer = new Trainer(model, {
    optimizer: { name: 'adam', learningRate: 3e-3 },
    loss: 'categoricalCrossentropy',
  });
  await trainer.fit(x, y, { epochs: 1, batchSize: 32, seed });
  x.dispose();
  y.dispose();
  return model;
}

// Training is the slow part on the pure-JS backend (~20 images/s), so one model serves both tests.
const trained = trainSmallCnn(1, 300);

/** Magnitude pruning by hand: zero the smallest half of every kernel (a stand-in for a pruned variant). */
function prunedCopy(model: tf.LayersModel): tf.LayersModel {
  const copy = buildModel(
    {
      name: 'pruned',
      inputShape: [28, 28, 1],
      layers: [
        { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
        { type: 'maxPool2d', poolSize: 2 },
        { type: 'flatten' },
        { type: 'dense', units: 10, activation: 'softmax' },
      ],
    },
    1,
  );
  copy.setWeights(
    model.getWeights().map((w) =>
      tf.tidy(() => {
        if (w.rank === 1) return w.clone();
        const v = w.abs().dataSync();
        const cut = Float32Array.from(v).sort()[Math.floor(v.length / 2)];
        return tf.where(tf.greaterEqual(w.abs(), cut), w, tf.zerosLike(w));
      }),
    ),
  );
  return copy;
}

test(
  'explain a trained MNIST CNN with IG, Grad-CAM, SHAP and LIME over superpixels',
  { timeout: 240_000 },
  async (t) => {
    const root = await mkdtemp(join(tmpdir(), 'frontier-explain-e2e-'));
    const model = await trained;
    await saveModel(model, join(root, 'cnn'));

    const ig = await explainModel({
      modelDir: join(root, 'cnn'),
      data: { name: 'mnist' },
      method: 'ig',
      rows: 3,
      steps: 200,
      limit: 3,
      outDir: join(root, 'ig'),
    });
    assert.equal(ig.rows.length, 3);
    t.diagnostic(
      `IG completeness errors: ${ig.rows.map((r) => r.completenessError!.toExponential(2)).join(', ')}`,
    );
    for (const r of ig.rows)
      assert.ok(r.completenessError! <= 0.01, `row ${r.row}: IG completeness error ${r.completenessError}`);
    // Rows are a stratified sample of the test set: three different digits, not the file's first three.
    assert.equal(new Set(ig.rows.map((r) => r.label)).size, 3);
    assert.ok(
      ig.rows.filter((r) => r.target === r.label).length >= 2,
      JSON.stringify(ig.rows.map((r) => [r.label, r.target])),
    );
    const html = await readFile(ig.htmlPath!, 'utf8');
    // 3 heatmaps × 784 pixels × 2 layers, 8 feature maps × 26² pixels, 5 model boxes.
    assert.equal(countMarks(html, 'rect mark'), 3 * 784 * 2 + 8 * 26 * 26 + 5);
    assert.match(html, /completeness error per row/);

    const cam = await explainModel({
      modelDir: join(root, 'cnn'),
      data: { name: 'mnist' },
      method: 'gradcam',
      rows: 2,
      limit: 2,
    });
    assert.equal(cam.rows.length, 2);
    assert.ok(cam.globalImportance[0].importance > 0);

    const shap = await explainModel({
      modelDir: join(root, 'cnn'),
      data: { name: 'mnist' },
      method: 'shap',
      rows: 1,
      limit: 1,
      superpixel: 7,
      outDir: join(root, 'shap'),
    });
    // explain.json alone: f(x) = base + Σ attributions over every SLIC superpixel.
    const doc = JSON.parse(await readFile(join(root, 'shap', 'explain.json'), 'utf8'));
    const [row] = doc.rows as { output: number; base: number; attributions: number[]; segments: number[] }[];
    assert.equal(row.segments.length, 28 * 28);
    assert.equal(row.attributions.length, Math.max(...row.segments) + 1);
    assert.ok(Math.abs(row.base + row.attributions.reduce((a, b) => a + b, 0) - row.output) < 1e-6);
    // 16 superpixels of 7×7: the most important one holds strokes of the digit, not an empty corner.
    const [r0, c0] = /pixel (\d+),(\d+)/.exec(shap.globalImportance[0].feature)!.slice(1).map(Number);
    assert.ok(shap.globalImportance[0].importance > 0);
    assert.ok(!((r0 < 7 || r0 > 20) && (c0 < 7 || c0 > 20)), `top superpixel at ${r0},${c0} is a corner`);

    const lime = await explainModel({
      modelDir: join(root, 'cnn'),
      data: { name: 'mnist' },
      method: 'lime',
      rows: 1,
      limit: 1,
      superpixel: 7,
    });
    assert.ok(lime.globalImportance[0].importance > 0);
  },
);

test(
  'compareExplanations: a model agrees with itself, less with a pruned copy, least with an untrained one',
  { timeout: 240_000 },
  async (t) => {
    const baseline = await trained;
    const pruned = prunedCopy(baseline);
    const untrained = buildModel(
      {
        name: 'untrained',
        inputShape: [28, 28, 1],
        layers: [
          { type: 'conv2d', filters: 8, kernelSize: 3, activation: 'relu' },
          { type: 'maxPool2d', poolSize: 2 },
          { type: 'flatten' },
          { type: 'dense', units: 10, activation: 'softmax' },
        ],
      },
      9,
    );
    const mnist = await loadMnist({ trainLimit: 1, testLimit: 8 });
    const x = tf.tensor4d(mnist.test.images, mnist.test.shape);
    const self = await compareExplanations(baseline, [{ name: 'same', model: baseline }], x, { topK: 50 });
    assert.ok(self.rows[0].rankCorrelation > 1 - 1e-12);
    assert.equal(self.rows[0].topKOverlap, 1);
    const other = await compareExplanations(
      baseline,
      [
        { name: 'pruned 50%', model: pruned },
        { name: 'untrained', model: untrained },
      ],
      x,
      { topK: 50 },
    );
    const [p, u] = other.rows;
    t.diagnostic(
      `pruned: ρ ${p.rankCorrelation.toFixed(3)}, overlap ${p.topKOverlap.toFixed(3)}; untrained: ρ ${u.rankCorrelation.toFixed(3)}, overlap ${u.topKOverlap.toFixed(3)}`,
    );
    assert.ok(
      p.rankCorrelation < 1 && u.rankCorrelation < p.rankCorrelation,
      `ρ pruned ${p.rankCorrelation}, untrained ${u.rankCorrelation}`,
    );
    assert.ok(
      p.topKOverlap < 1 && u.topKOverlap < p.topKOverlap,
      `overlap pruned ${p.topKOverlap}, untrained ${u.topKOverlap}`,
    );
    assert.match(other.section.html, /pruned 50%/);
    x.dispose();
    for (const m of [baseline, pruned, untrained]) m.dispose();
  },
);
