// End to end: `evaluate` on real data sets, tracked in a real SQLite store, with a
// real report on disk. Small budgets keep it to seconds on the pure-JS backend.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import { evaluate } from '../src/evaluate/index.ts';
import { DEFAULT_TECHNIQUES, registerTechniqueKind } from '../src/techniques/index.ts';
import { openStore } from '../src/track/index.ts';
import { validateReport } from '../src/report/index.ts';
import { loadModel } from '../src/io/index.ts';

await tf.setBackend('cpu');

// A technique kind defined outside the harness: it only says how to make its variant.
registerTechniqueKind({
  kind: 'zero-last-bias',
  summary: 'baseline with the output bias set to zero',
  params: z.strictObject({}),
  create: () => ({
    name: 'zero-last-bias',
    description: 'baseline with the output bias set to zero',
    async apply(ctx) {
      const clone = await cloneModel(ctx.baseline);
      const weights = clone.getWeights();
      const last = weights.length - 1;
      clone.setWeights([...weights.slice(0, last), tf.zerosLike(weights[last])]);
      return { model: clone, metrics: { biasNorm: { value: 0, unit: 'L2' } }, notes: ['bias zeroed'] };
    },
  }),
});
const allTechniques = [...DEFAULT_TECHNIQUES, 'zero-last-bias'];
const rowNames = [
  'baseline',
  'augmentation',
  'prune-90',
  'prune-90+uint8',
  'quant-float16',
  'quant-uint8',
  'int8-per-channel',
  'cluster-16',
  'filters-50',
  'distill',
  'arch-mlp',
  'zero-last-bias',
];

async function cloneModel(model: tf.LayersModel): Promise<tf.LayersModel> {
  const clone = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as never });
  clone.setWeights(model.getWeights());
  return clone;
}

test(
  'evaluate on penguins tracks the run, writes a valid report, and measures every technique',
  { timeout: 300_000 },
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'frontier-e2e-'));
    const tracking = join(root, 'tracking.db');
    const result = await evaluate(
      {
        dataset: { name: 'penguins' },
        train: { epochs: 40, batchSize: 16 },
        // every registered technique, those that train too: penguins is small enough
        techniques: allTechniques,
        reportsDir: join(root, 'reports'),
        tracking,
      },
      { log: () => {}, progress: { isTTY: false, write: () => true } },
    );
    // the report files parse and validate, and list one row per registered technique
    const report = validateReport(JSON.parse(await readFile(result.jsonPath, 'utf8')));
    assert.deepEqual(
      report.matrix.map((r) => r.technique),
      rowNames,
    );
    // Augmentation does not apply to a table: shown as skipped with the reason, no numbers.
    const augmentation = report.matrix.find((r) => r.technique === 'augmentation')!;
    assert.match(augmentation.skipped ?? '', /image/);
    assert.deepEqual(augmentation.metrics, {});
    const row = (name: string) => report.matrix.find((r) => r.technique === name)!;
    const [base, zeroed] = [row('baseline'), row('zero-last-bias')];
    // compression rows measured by the same harness: 90% of the weights pruned, uint8 about 4x smaller
    // kernels 9·64 + 64·32 + 32·3 = 2,720, 90% of them zeroed; the 99 biases are kept
    assert.equal(row('prune-90').metrics.nonzeros.value, base.metrics.parameters.value - 0.9 * 2720);
    assert.ok(row('quant-uint8').metrics.bytes.value < base.metrics.bytes.value / 2);
    assert.ok(row('distill').metrics.parameters.value <= base.metrics.parameters.value / 4);
    assert.ok(base.metrics.accuracy.value >= 0.9, `penguins accuracy ${base.metrics.accuracy.value}`);
    assert.equal(base.metrics.accuracy.unit, 'ratio');
    assert.equal(base.metrics.parameters.value, 9 * 64 + 64 + 64 * 32 + 32 + 32 * 3 + 3);
    assert.equal(base.metrics.deltaAccuracy.value, 0);
    assert.equal(zeroed.metrics.biasNorm.value, 0);
    // explanations of the baseline agree perfectly with themselves
    assert.ok(Math.abs(base.metrics.attributionRankCorrelation.value - 1) < 1e-12);
    assert.equal(base.metrics.attributionTopKOverlap.value, 1);
    assert.ok(zeroed.metrics.attributionRankCorrelation.value <= 1);
    assert.ok(
      report.sections?.some((s) => /explanation/i.test(s.title)),
      JSON.stringify(report.sections?.map((s) => s.title)),
    );
    assert.ok(
      Math.abs(
        zeroed.metrics.deltaAccuracy.value -
          (zeroed.metrics.accuracy.value - base.metrics.accuracy.value) * 100,
      ) < 1e-9,
    );
    // A stratified 20 % of the 344 rows (69), less its rows with missing values.
    assert.ok(report.dataset.test >= 60 && report.dataset.test <= 69, `test rows ${report.dataset.test}`);
    const confusionTotal = report.confusion.matrix.flat().reduce((a, b) => a + b, 0);
    assert.equal(confusionTotal, report.dataset.test);
    // The cleaning comparison runs on the study's own table; no image grid on a table.
    const titles = (report.sections ?? []).map((s) => s.title).join(' | ');
    assert.match(titles, /clean/i);
    assert.doesNotMatch(titles, /augment/i);
    const html = await readFile(result.htmlPath, 'utf8');
    assert.match(html, /<svg/);
    assert.match(html, /zero-last-bias/);

    // the saved baseline loads and reproduces the measured accuracy
    const saved = await loadModel(join(result.reportDir, 'models', 'baseline'));
    assert.equal(saved.countParams(), base.metrics.parameters.value);

    // everything is in the tracking store
    const store = await openStore(tracking);
    try {
      const run = await store.getRun(result.runId);
      assert.equal(run.status, 'finished');
      assert.equal(run.seed, 42);
      assert.equal(run.params['dataset.name'], 'penguins');
      assert.equal(run.metrics['baseline/test/accuracy'].value, base.metrics.accuracy.value);
      assert.equal((await store.getMetricSeries(result.runId, 'val_loss')).length, 40);
      const artifacts = await store.listArtifacts(result.runId);
      const html = artifacts.find((a) => a.path === 'report.html');
      assert.ok(html, 'report.html is an artifact');
      const bytes = await readFile(result.htmlPath);
      assert.equal(html.sha256, createHash('sha256').update(bytes).digest('hex'));
      assert.equal(html.bytes, bytes.length);
    } finally {
      await store.close();
    }
  },
);

test(
  'evaluate on a slice of MNIST trains the brief CNN and reports its confusion matrix',
  { timeout: 300_000 },
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'frontier-e2e-'));
    const result = await evaluate(
      {
        train: { epochs: 1, trainLimit: 256, testLimit: 100 },
        techniques: ['baseline'],
        reportsDir: join(root, 'r'),
        tracking: join(root, 't.db'),
      },
      { log: () => {}, progress: { isTTY: false, write: () => true } },
    );
    const [row] = result.report.matrix;
    assert.equal(row.metrics.parameters.value, 693_962);
    assert.equal(result.report.dataset.train, 256);
    assert.equal(result.report.confusion.matrix.length, 10);
    assert.equal(
      result.report.confusion.matrix.flat().reduce((a, b) => a + b, 0),
      100,
    );
    // the report shows the augmented-sample grid, and no table-cleaning comparison on images
    const titles = (result.report.sections ?? []).map((s) => s.title).join(' | ');
    assert.match(titles, /augment/i);
    assert.doesNotMatch(titles, /clean/i);
    assert.equal(result.report.dataset.name, 'mnist');
    // one epoch on 256 images is far above chance (10%)
    assert.ok(row.metrics.accuracy.value > 0.3, `accuracy ${row.metrics.accuracy.value}`);
  },
);
