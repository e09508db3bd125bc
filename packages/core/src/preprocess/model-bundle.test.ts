// A trained table model carries its preprocessing: loadModelBundle + tableInputs rebuild
// its inputs from raw rows with the SAVED statistics, never those of the rows given.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Cell, Table } from '../data/index.ts';
import { trainStudy } from '../evaluate/train-study.ts';
import { openStore } from '../track/index.ts';
import { FrontierError } from '../util/errors.ts';
import { loadModelBundle } from './model-bundle.ts';
import { STEPS_FILE } from './steps-file.ts';
import { predictTable, tableInputs } from './table-inputs.ts';

await tf.setBackend('cpu');

const COLORS = ['blue', 'green', 'red'];
const CLASSES = ['lo', 'mid', 'hi'];

/** 90 rows: numeric a and b, text color, label y in 3 classes (a and color follow y). */
function csv(): string {
  const lines = ['a,b,color,y'];
  for (let i = 0; i < 90; i++) {
    const k = i % 3;
    lines.push(
      `${k * 10 + (i % 7)},${(i * 37) % 11},${COLORS[(k + (i % 5 === 0 ? 1 : 0)) % 3]},${CLASSES[k]}`,
    );
  }
  return lines.join('\n') + '\n';
}

async function trained(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'frontier-model-bundle-'));
  await writeFile(join(root, 'data.csv'), csv());
  const store = await openStore(join(root, 'tracking.db'));
  try {
    const result = await trainStudy(
      {
        seed: 3,
        dataset: { name: 'table', path: join(root, 'data.csv'), label: 'y' },
        train: { epochs: 3 },
        preprocess: { clean: [{ step: 'dropna', subset: ['b'] }], scale: 'standard' },
      },
      { store, out: join(root, 'model'), log: () => {}, progress: { write: () => true } },
    );
    return result.modelDir;
  } finally {
    await store.close();
  }
}

const dir = await trained();

test('tableInputs applies the saved scaler to raw rows; predictTable is model.predict on them', async () => {
  const bundle = await loadModelBundle(dir);
  try {
    assert.equal(bundle.kind, 'table');
    assert.equal(bundle.label, 'y');
    assert.deepEqual(bundle.featureNames, ['a', 'b', 'color=blue', 'color=green', 'color=red']);
    const doc = JSON.parse(await readFile(join(dir, STEPS_FILE), 'utf8')) as {
      steps: Array<{ className: string; config: { state?: { center: number[]; scale: number[] } } }>;
    };
    assert.deepEqual(
      doc.steps.map((s) => s.className),
      ['DropNa', 'StandardScaler'],
    );
    const { center, scale } = doc.steps[1].config.state ?? { center: [], scale: [] };
    assert.equal(center.length, 5);

    // Row 1 misses b: the saved DropNa drops it and `rows` skips it. No label column, as at serving time.
    const rows: Array<Record<string, Cell>> = [
      { a: 1, b: 2, color: 'red' },
      { a: 5, b: null, color: 'blue' },
      { a: 3, b: 9, color: 'blue' },
      { a: 8, b: 0, color: 'green' },
    ];
    const table: Table = { columns: ['a', 'b', 'color'], rows, source: 'rows' };
    const inputs = tableInputs(bundle, table);
    assert.deepEqual(inputs.rows, [0, 2, 3]);
    assert.deepEqual(inputs.shape, [3, 5]);
    const encoded = [
      [1, 2, 0, 0, 1],
      [3, 9, 1, 0, 0],
      [8, 0, 0, 1, 0],
    ];
    const expected = encoded.flatMap((r) => r.map((v, j) => (v - center[j]) / scale[j]));
    for (let i = 0; i < expected.length; i++)
      assert.ok(Math.abs(inputs.x[i] - expected[i]) < 1e-5, `x[${i}] = ${inputs.x[i]}, want ${expected[i]}`);
    // Not the statistics of these 3 rows (a = 1, 3, 8): with their own mean column a would average 0.
    const colA = [inputs.x[0], inputs.x[5], inputs.x[10]];
    assert.ok(colA.reduce((s, v) => s + v, 0) / 3 < -0.5, `column a: ${colA.join(', ')}`);

    const pred = predictTable(bundle, table);
    assert.deepEqual(pred.rows, [0, 2, 3]);
    assert.deepEqual(pred.classes, [...CLASSES].sort()); // training orders classes by code unit
    const x = tf.tensor2d(inputs.x, inputs.shape);
    const want = bundle.model.predict(x) as tf.Tensor;
    assert.deepEqual([...pred.probabilities], [...(want.dataSync() as Float32Array)]);
    assert.equal(pred.probabilities.length, 9);
    for (let i = 0; i < 3; i++) {
      const sum = pred.probabilities.slice(i * 3, i * 3 + 3).reduce((s, v) => s + v, 0);
      assert.ok(Math.abs(sum - 1) < 1e-5, `row ${i} sums to ${sum}`);
    }
    tf.dispose([x, want]);
  } finally {
    bundle.model.dispose();
  }
});

test('a model folder without saved preprocessing or feature names says so and how to fix it', async () => {
  const bundle = await loadModelBundle(dir);
  const table: Table = { columns: ['a', 'b', 'color'], rows: [{ a: 1, b: 2, color: 'red' }], source: 'rows' };
  const expectCode = (code: string) => (err: unknown) => {
    assert.ok(err instanceof FrontierError, String(err));
    assert.equal(err.code, code);
    assert.equal(err.where, dir);
    assert.match(err.hint ?? '', /frontier train/);
    return true;
  };
  try {
    assert.throws(
      () => tableInputs({ ...bundle, steps: undefined }, table),
      expectCode('MODEL_NO_PREPROCESSING'),
    );
    assert.throws(
      () => predictTable({ ...bundle, featureNames: undefined }, table),
      expectCode('MODEL_NO_FEATURE_NAMES'),
    );
    assert.throws(
      () => tableInputs(bundle, { ...table, columns: ['b', 'color'] }),
      (err: FrontierError) => err.code === 'TABLE_MISSING_COLUMN' && /"a"/.test(err.message),
    );
  } finally {
    bundle.model.dispose();
  }
});
