import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Cell, Table } from '../data/index.ts';
import { loadStudyData } from './study-data.ts';
import { resolveStudy, studyModel } from '../study/study.ts';
import type { FillNa } from './fillna.ts';
import { StandardScaler } from './scalers.ts';
import { loadSteps, saveSteps } from './steps-file.ts';
import { preprocessTable } from './study-preprocess.ts';

await tf.setBackend('cpu');

test('bad preprocess configs name the key', () => {
  const where = (p: unknown, images = false) => {
    try {
      resolveStudy({ dataset: { name: images ? 'mnist' : 'penguins' }, preprocess: p }, 'cpu');
    } catch (e) {
      return `${(e as { code: string }).code} ${(e as { where: string }).where}`;
    }
    return 'ok';
  };
  assert.equal(where({ scale: 'standard', clean: [{ step: 'dropna', how: 'all' }] }), 'ok');
  assert.equal(where({ scaling: 'standard' }), 'CONFIG_INVALID preprocess.scaling');
  assert.equal(where({ scale: 'zscore' }), 'CONFIG_INVALID preprocess.scale');
  assert.equal(
    where({ clean: [{ step: 'dropna' }, { step: 'impute' }] }),
    'CONFIG_INVALID preprocess.clean[1].step',
  );
  assert.equal(
    where({ clean: [{ step: 'fillna', strategies: { a: 'mean' }, strategy: 'mean' }] }),
    'CONFIG_INVALID preprocess.clean[0].strategy',
  );
  assert.equal(where({ clean: [{ step: 'dropna' }] }, true), 'CONFIG_INVALID preprocess.clean');
  assert.equal(where({ augment: { rotationRange: 10 } }, true), 'ok');
  assert.equal(where({ augment: { rotation: 10 } }, true), 'CONFIG_INVALID preprocess.augment.rotation');
  assert.equal(where({ augment: { zoomRange: 1.5 } }, true), 'CONFIG_INVALID preprocess.augment.zoomRange');
  assert.equal(where({ augment: { rotationRange: 10 } }, false), 'CONFIG_INVALID preprocess.augment');
  // resolveStudy runs the same checks.
  assert.throws(
    () => resolveStudy({ dataset: { name: 'penguins' }, preprocess: { scale: 'l2' as 'none' } }, 'cpu'),
    {
      code: 'CONFIG_INVALID',
      where: 'preprocess.scale',
    },
  );
});

/** 20 rows: id 0..19, a = id (missing every 4th row), color red/blue, label by id parity. */
function table(): Table {
  const rows = Array.from({ length: 20 }, (_, i) => ({
    id: i,
    a: i % 4 === 1 ? null : i,
    color: i % 3 ? 'red' : 'blue',
    y: i % 2 ? 'odd' : 'even',
  })) as Array<Record<string, Cell>>;
  return { columns: ['id', 'a', 'color', 'y'], rows, source: 't.csv' };
}

test('preprocessTable fits cleaning on the training rows only and encodes every split alike', () => {
  const p = preprocessTable(table(), {
    seed: 3,
    validationSplit: 0.25,
    features: ['id', 'a', 'color'],
    label: 'y',
    preprocess: {
      clean: [
        { step: 'fillna', strategies: { a: 'mean' } },
        { step: 'oneHot', columns: ['color'] },
      ],
      scale: 'none',
    },
  });
  // One-hot columns replace `color` in place, categories in first-seen order of the training rows.
  assert.deepEqual(p.featureNames.slice(0, 2), ['id', 'a']);
  assert.deepEqual(p.featureNames.slice(2).sort(), ['color=blue', 'color=red']);
  const red = p.featureNames.indexOf('color=red');
  assert.deepEqual([p.train.shape[0], p.validation.shape[0], p.test.shape[0]], [12, 4, 4]);
  const ids = (m: { x: Float32Array; shape: [number, number] }) =>
    Array.from({ length: m.shape[0] }, (_, r) => m.x[r * 4]);
  const trainIds = ids(p.train);
  assert.deepEqual(
    [...trainIds, ...ids(p.validation), ...ids(p.test)].sort((a, b) => a - b),
    [...Array(20).keys()],
  );
  // The fill value is the mean of `a` over the training rows that have it.
  const present = trainIds.filter((i) => i % 4 !== 1);
  const want = present.reduce((s, v) => s + v, 0) / present.length;
  const fill = (p.steps[0] as FillNa).fillValues.a as number;
  assert.ok(Math.abs(fill - want) < 1e-9, `${fill} vs ${want}`);
  for (const m of [p.train, p.validation, p.test])
    for (let r = 0; r < m.shape[0]; r++) {
      const id = m.x[r * 4];
      assert.ok(Math.abs(m.x[r * 4 + 1] - (id % 4 === 1 ? want : id)) < 1e-4);
      assert.equal(m.x[r * 4 + red], id % 3 ? 1 : 0);
      assert.equal(m.x[r * 4 + 5 - red], id % 3 ? 0 : 1);
      assert.equal(m.y[r], id % 2 ? p.classes.indexOf('odd') : p.classes.indexOf('even'));
    }
});

test('the default scale is a z-score fitted on the training matrix; steps save and load', async () => {
  const p = preprocessTable(table(), {
    seed: 1,
    validationSplit: 0.25,
    features: ['id', 'a', 'color'],
    label: 'y',
    preprocess: { clean: [{ step: 'dropna', subset: ['a'] }] },
  });
  assert.equal(p.train.shape[0] + p.validation.shape[0] + p.test.shape[0], 15);
  const [n, d] = p.train.shape;
  for (let j = 0; j < d; j++) {
    let s = 0;
    let q = 0;
    for (let r = 0; r < n; r++) s += p.train.x[r * d + j];
    for (let r = 0; r < n; r++) q += (p.train.x[r * d + j] - s / n) ** 2;
    assert.ok(Math.abs(s / n) < 1e-5 && Math.abs(q / n - 1) < 1e-4, `column ${j}`);
  }
  assert.ok(p.steps[1] instanceof StandardScaler);
  const dir = await mkdtemp(join(tmpdir(), 'frontier-studypp-'));
  await saveSteps(dir, p.steps);
  const back = await loadSteps(dir);
  assert.deepEqual(
    back.map((s) => s.getConfig()),
    p.steps.map((s) => s.getConfig()),
  );
});

test('a penguins study with preprocess gets fitted steps; augment adds a training-only layer', async () => {
  const study = resolveStudy(
    {
      dataset: { name: 'penguins' },
      preprocess: {
        clean: [{ step: 'fillna', strategies: { 'Beak Length (mm)': 'median', Sex: 'most_frequent' } }],
        scale: 'robust',
      },
    },
    'cpu',
  );
  const data = await loadStudyData(study);
  assert.deepEqual(
    data.preprocessSteps?.map((s) => s.className),
    ['FillNa', 'RobustScaler'],
  );
  assert.equal(data.train.x.shape[1], data.inputShape[0]);
  assert.equal(data.classes.length, 3);
  tf.dispose([data.train, data.validation, data.test].flatMap((s) => [s.x, s.y]));
  const img = resolveStudy({ preprocess: { augment: { rotationRange: 10, seed: 2 } } }, 'cpu');
  const cfg = studyModel(img, [28, 28, 1], 10);
  assert.deepEqual(cfg.layers[0], { type: 'imageAugmentation', rotationRange: 10, seed: 2 });
  assert.equal(cfg.layers[1].type, 'conv2d');
});

test('table studies: features default to every column but the label; bad tables name the file and column', () => {
  const rows = (n: number, f: (i: number) => Record<string, Cell>) =>
    Array.from({ length: n }, (_, i) => f(i));
  const base = { seed: 1, validationSplit: 0.2, preprocess: {} };
  const t = (r: Array<Record<string, Cell>>, columns = Object.keys(r[0] ?? { a: 0, b: 0, y: 0 })): Table => ({
    columns,
    rows: r,
    source: 'data.csv',
  });
  // No features: every column but the label, in file order.
  const ok = preprocessTable(t(rows(50, (i) => ({ a: i, b: i % 7, y: i % 3 === 0 ? 'x' : 'z' }))), {
    ...base,
    label: 'y',
  });
  assert.deepEqual(ok.featureNames, ['a', 'b']);
  assert.deepEqual(ok.classes, ['x', 'z']);
  // trainLimit and testLimit apply to tables.
  const limited = preprocessTable(t(rows(50, (i) => ({ a: i, b: i % 7, y: i % 2 }))), {
    ...base,
    label: 'y',
    trainLimit: 10,
    testLimit: 3,
  });
  assert.equal(limited.train.shape[0], 10);
  assert.equal(limited.test.shape[0], 3);
  const problem = (table: Table, label?: string, features?: string[]) => {
    try {
      preprocessTable(table, { ...base, label, features });
      return 'ok';
    } catch (e) {
      const err = e as { code: string; where: string; hint: string };
      return `${err.code} | ${err.where} | ${err.hint}`;
    }
  };
  const good = t(rows(50, (i) => ({ a: i, b: i % 5, y: i % 2 })));
  assert.equal(
    problem(good),
    'TABLE_NO_LABEL | data.csv (dataset.label) | set dataset.label to one of: a, b, y',
  );
  assert.equal(problem(good, 'Y'), 'TABLE_NO_LABEL | data.csv | set dataset.label to one of: a, b, y');
  assert.match(problem(t([], ['a', 'y']), 'y'), /^TABLE_EMPTY \| data\.csv \|/);
  assert.match(
    problem(t(rows(50, (i) => ({ a: i, b: null, y: i % 2 }))), 'y'),
    /^TABLE_EMPTY_COLUMN \| data\.csv, column "b" \|/,
  );
  assert.match(
    problem(t(rows(50, (i) => ({ a: i, y: i * 0.37 }))), 'y'),
    /^TABLE_CONTINUOUS_LABEL \| data\.csv, column "y" \|/,
  );
  assert.match(problem(good, 'y', ['a', 'c']), /^TABLE_UNKNOWN_COLUMN \| data\.csv \| columns: a, b/);
  // Rows with a missing value are dropped and counted, per split.
  const gappy = preprocessTable(t(rows(50, (i) => ({ a: i % 10 === 0 ? null : i, b: i, y: i % 2 }))), {
    ...base,
    label: 'y',
  });
  const d = gappy.droppedRows;
  assert.equal(d.train + d.validation + d.test, 5);
  assert.equal(gappy.train.shape[0] + gappy.validation.shape[0] + gappy.test.shape[0], 45);
});
