import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadModel } from '../io/index.ts';
import { countMarks } from '../report/svg-test-util.ts';
import { SqliteStore } from '../track/index.ts';
import { kmeansBackground } from './background.ts';
import { fixtureProbability, SCALER, tableFixture } from './explain-test-util.ts';
import { fromLayersModel } from './model.ts';
import { explainModel } from './run.ts';

await tf.setBackend('cpu');

test('shap on a table: explain.json alone checks local accuracy, base at full precision, every feature', async () => {
  const f = await tableFixture();
  const out = join(f.root, 'out');
  const r = await explainModel({
    modelDir: f.model,
    data: { name: 'table', path: f.csv },
    method: 'shap',
    rows: 4,
    background: 5,
    outDir: out,
  });
  const html = await readFile(r.htmlPath!, 'utf8');
  assert.ok(html.startsWith('<!doctype html>'));
  assert.ok(countMarks(html, 'circle') >= 4);
  // From here on only the file is read.
  const doc = JSON.parse(await readFile(join(out, 'explain.json'), 'utf8'));
  assert.equal(doc.format, 'frontier-explain');
  assert.equal(doc.localAccuracy, 'exact');
  assert.deepEqual(doc.featureNames, ['a', 'b', 'c']);
  assert.equal(doc.rows.length, 4);
  for (const row of doc.rows) {
    assert.equal(row.attributions.length, 3, 'every feature, not the top k');
    const sum = row.base + row.attributions.reduce((s: number, v: number) => s + v, 0);
    assert.ok(Math.abs(sum - row.output) < 1e-9, `row ${row.row}: base + Σφ = ${sum}, f(x) = ${row.output}`);
    // Only a moves the model.
    assert.ok(Math.abs(row.attributions[1]) < 1e-12 && Math.abs(row.attributions[2]) < 1e-12);
  }
  // Rounding the base to 4 places (as the old notes did) would break the identity above;
  // the file keeps more digits than that.
  assert.ok(
    doc.rows.some((row: { base: number }) => Math.abs(row.base - Number(row.base.toFixed(4))) > 1e-9),
  );
});

test('the saved scaler is applied, never refitted on the rows given; k-means background is on model inputs', async () => {
  const f = await tableFixture();
  const r = await explainModel({
    modelDir: f.model,
    data: { name: 'table', path: f.csv },
    method: 'shap',
    rows: 12,
    background: 4,
  });
  assert.equal(r.rows.length, 12);
  const classes = ['high', 'low'] as const;
  for (const row of r.rows) {
    // Raw a is the row index in file order; f(x) by hand from the saved mean 5 and std 10.
    const want = fixtureProbability(row.row, classes[row.target]);
    assert.ok(Math.abs(row.output - want) < 1e-6, `row ${row.row}: f(x) ${row.output}, by hand ${want}`);
  }
  // Re-standardizing by these rows (mean 5.5, std 3.45) would make a = 0 "low" with p ≈ 0.998.
  assert.ok(Math.abs(r.rows[0].output - 0.8808) < 1e-4);
  // The base value is E[f] over k-means centroids of the model inputs, (x − 5)/10 etc.
  const x = new Float64Array(12 * 3);
  for (let i = 0; i < 12; i++) {
    const raw = [i, (i * 7) % 5, (i * 3) % 4];
    for (let j = 0; j < 3; j++) x[i * 3 + j] = (raw[j] - SCALER.mean[j]) / SCALER.std[j];
  }
  const bg = kmeansBackground(x, 12, 4, { seed: 0 });
  const model = await loadModel(f.model);
  const y = await fromLayersModel(model).predict(bg.data, bg.rows);
  model.dispose();
  const target = r.rows[0].target;
  let base = 0;
  for (let k = 0; k < bg.rows; k++) base += bg.weights[k] * y[k * 2 + target];
  assert.ok(Math.abs(r.rows[0].base! - base) < 1e-6, `base ${r.rows[0].base}, by hand ${base}`);
});

test('rows are a stratified sample by label, seeded, not the first N', async () => {
  const f = await tableFixture();
  const pick = async (seed: number) =>
    (
      await explainModel({
        modelDir: f.model,
        data: { name: 'table', path: f.csv },
        method: 'ig',
        rows: 4,
        seed,
      })
    ).rows;
  const rows = await pick(0);
  // The file holds 6 low (label 1) then 6 high (label 0): a first-4 pick would be all low.
  assert.deepEqual(rows.map((row) => row.label).sort(), [0, 0, 1, 1]);
  assert.deepEqual(
    rows.map((row) => row.row),
    (await pick(0)).map((row) => row.row),
    'same seed, same rows',
  );
  for (const row of rows) assert.equal(row.label, row.row < 6 ? 1 : 0);
});

test('without a label column, rows are stratified by predicted class and labels are null', async () => {
  const f = await tableFixture();
  const csv = join(f.root, 'nolabel.csv');
  const lines = ['a,b,c'];
  for (let i = 0; i < 12; i++) lines.push(`${i},${(i * 7) % 5},${(i * 3) % 4}`);
  await writeFile(csv, `${lines.join('\n')}\n`);
  const r = await explainModel({
    modelDir: f.model,
    data: { name: 'table', path: csv },
    method: 'shap',
    rows: 2,
  });
  assert.equal(r.rows.length, 2);
  assert.ok(r.rows.every((row) => row.label === null));
  // a < 5 is "low" (1), a > 5 "high" (0): one of each.
  assert.deepEqual(r.rows.map((row) => row.target).sort(), [0, 1]);
  assert.match(r.selection, /stratified by predicted class/);
});

test('permutation and lime on a table; lime rows carry f(x) and every feature', async () => {
  const f = await tableFixture();
  const perm = await explainModel({
    modelDir: f.model,
    data: { name: 'table', path: f.csv },
    method: 'permutation',
  });
  assert.equal(perm.globalImportance[0].feature, 'a');
  assert.ok(perm.globalImportance[0].importance > 0);
  assert.equal(perm.globalImportance.length, 3);
  const lime = await explainModel({
    modelDir: f.model,
    data: { name: 'table', path: f.csv },
    method: 'lime',
    rows: 2,
  });
  assert.equal(lime.rows.length, 2);
  for (const row of lime.rows) {
    assert.equal(row.attributions.length, 3);
    const want = fixtureProbability(row.row, row.target === 0 ? 'high' : 'low');
    assert.ok(Math.abs(row.output - want) < 1e-6);
    assert.match(row.top[0].feature, /a/);
  }
});

test('a tracked explanation records inputs and outputs with their sha256', async () => {
  const f = await tableFixture();
  const db = join(f.root, 'tracking.db');
  const r = await explainModel({
    modelDir: f.model,
    data: { name: 'table', path: f.csv },
    method: 'ig',
    rows: 2,
    outDir: join(f.root, 'out'),
    tracking: db,
  });
  assert.ok(r.runId);
  const store = SqliteStore.open(db);
  try {
    const run = await store.getRun(r.runId!);
    assert.equal(run.status, 'finished');
    assert.equal(run.params.method, 'ig');
    const artifacts = await store.listArtifacts(r.runId!);
    const sha = async (p: string) =>
      createHash('sha256')
        .update(await readFile(p))
        .digest('hex');
    const byName = (end: string) => artifacts.find((a) => a.path.endsWith(end))!;
    assert.equal(byName('model.json').kind, 'model');
    assert.equal(byName('model.json').sha256, await sha(join(f.model, 'model.json')));
    assert.equal(byName('preprocess.json').kind, 'model');
    assert.equal(byName('data.csv').kind, 'data');
    assert.equal(byName('data.csv').sha256, await sha(f.csv));
    assert.equal(byName('explain.json').kind, 'explanation');
    assert.equal(byName('explain.json').sha256, await sha(r.jsonPath!));
    assert.equal(byName('explain.html').sha256, await sha(r.htmlPath!));
  } finally {
    await store.close();
  }
});
