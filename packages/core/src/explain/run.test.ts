import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { saveModel } from '../io/index.ts';
import { buildModel, mlp } from '../models/index.ts';
import { countMarks } from '../report/svg-test-util.ts';
import { explainModel } from './run.ts';

await tf.setBackend('cpu');

/** A 3-feature classifier whose class 1 ("low", classes sort high, low) wins for small a, with a 12-row CSV. */
async function fixture(): Promise<{ dir: string; csv: string }> {
  const root = await mkdtemp(join(tmpdir(), 'frontier-explain-'));
  const model = buildModel(mlp({ inputShape: [3], hidden: [], classes: 2 }), 1);
  model.setWeights([tf.tensor2d([2, -2, 0, 0, 0, 0], [3, 2]), tf.zeros([2])]);
  await saveModel(model, join(root, 'model'));
  model.dispose();
  const lines = ['a,b,c,y'];
  for (let i = 0; i < 12; i++) lines.push(`${i},${(i * 7) % 5},${(i * 3) % 4},${i >= 6 ? 'high' : 'low'}`);
  await writeFile(join(root, 'data.csv'), `${lines.join('\n')}\n`);
  return { dir: root, csv: join(root, 'data.csv') };
}

test('explainModel shap on a table: only the feature the model uses gets attribution; writes HTML and JSON', async () => {
  const f = await fixture();
  const out = join(f.dir, 'out');
  const r = await explainModel({
    modelDir: join(f.dir, 'model'),
    data: { name: 'table', path: f.csv, label: 'y' },
    method: 'shap',
    rows: 4,
    background: 12,
    outDir: out,
  });
  assert.equal(r.explainedRows, 4);
  assert.equal(r.globalImportance[0].feature, 'a');
  assert.ok(r.globalImportance.slice(1).every((g) => g.importance < 1e-12));
  // Row 0 (a = 0, the smallest) is in class 1, "low", and a is why.
  assert.equal(r.rows[0].target, 1);
  assert.equal(r.rows[0].top[0].feature, 'a');
  assert.ok(r.rows[0].top[0].value > 0, 'a pushes row 0 up in its own top class');
  const html = await readFile(r.htmlPath!, 'utf8');
  assert.ok(html.startsWith('<!doctype html>'));
  assert.equal(countMarks(html, 'circle') >= 4, true);
  assert.match(html, /Model structure/);
  const json = JSON.parse(await readFile(r.jsonPath!, 'utf8'));
  assert.equal(json.method, 'shap');
});

test('explainModel permutation and lime on a table; gradcam on a table is refused with a hint', async () => {
  const f = await fixture();
  const perm = await explainModel({
    modelDir: join(f.dir, 'model'),
    data: { name: 'table', path: f.csv, label: 'y' },
    method: 'permutation',
  });
  assert.equal(perm.globalImportance[0].feature, 'a');
  assert.ok(perm.globalImportance[0].importance > 0);
  const lime = await explainModel({
    modelDir: join(f.dir, 'model'),
    data: { name: 'table', path: f.csv, label: 'y' },
    method: 'lime',
    rows: 2,
  });
  assert.equal(lime.rows.length, 2);
  assert.match(lime.rows[1].top[0].feature, /a/);
  await assert.rejects(
    explainModel({
      modelDir: join(f.dir, 'model'),
      data: { name: 'table', path: f.csv, label: 'y' },
      method: 'gradcam',
    }),
    /Grad-CAM needs a convolutional model/,
  );
});
