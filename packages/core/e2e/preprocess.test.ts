// End to end: preprocessing on real data sets. Cleaning penguins with a fitted,
// saved and reloaded pipeline; MNIST digits as a PNG folder streamed into training;
// augmentation on vs off on a shifted/rotated test copy; embeddings and PCA vs raw
// pixels on a small labelled subset. Small budgets keep it to about a minute on cpu.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadMnist, penguins, tableToMatrix, type Table } from '../src/data/index.ts';
import { loadModel, saveModel } from '../src/io/index.ts';
import { buildModel, mlp } from '../src/models/index.ts';
import { Trainer } from '../src/train/index.ts';
import {
  AugmentingTrainer,
  DropNa,
  FillNa,
  ImageAugmenter,
  OneHotEncoder,
  Outliers,
  PCA,
  StandardScaler,
  batchToTensors,
  cleanTable,
  embed,
  encodePng,
  flowFromDirectory,
  linearProbe,
  nearestNeighbourProbe,
  loadSteps,
  saveSteps,
  stratifiedSplit,
  type NDArray,
  type TableStep,
} from '../src/preprocess/index.ts';
import { accuracyOn, shiftedCopy } from '../src/techniques/index.ts';

await tf.setBackend('cpu');

const rows = (t: Table, idx: Int32Array): Table => ({ ...t, rows: [...idx].map((i) => t.rows[i]) });

test(
  'penguins: a cleaning + encoding + scaling pipeline fitted on train, saved next to the model, reloaded identically',
  { timeout: 120_000 },
  async (t) => {
    const ds = await penguins();
    const labelled = { ...ds.table, rows: ds.table.rows.filter((r) => r.Species !== null) };
    const split = stratifiedSplit(
      labelled.rows.map((r) => r.Species),
      { test: 0.2, seed: 1 },
    );
    const numeric = ['Beak Length (mm)', 'Beak Depth (mm)', 'Flipper Length (mm)', 'Body Mass (g)'];
    const steps: TableStep[] = [
      new FillNa({
        strategies: {
          ...Object.fromEntries(numeric.map((c) => [c, 'median' as const])),
          Sex: 'most_frequent',
        },
      }),
      new Outliers({ columns: numeric, action: 'clip' }),
      new OneHotEncoder({ columns: ['Island', 'Sex'], handleUnknown: 'ignore' }),
    ];
    const train = cleanTable(rows(labelled, split.train), steps, { fit: true });
    // The file has 2 rows without any measurement and 11 without Sex ("." counts as missing).
    const byCol = Object.fromEntries(train.report.columns.map((c) => [c.column, c]));
    const all = cleanTable(labelled, steps).report;
    const allCol = Object.fromEntries(all.columns.map((c) => [c.column, c]));
    assert.equal(allCol['Body Mass (g)'].missingBefore, 2);
    assert.equal(allCol.Sex.missingBefore, 11);
    assert.equal(byCol.Sex.filled, byCol.Sex.missingBefore);
    assert.equal(train.report.rowsOut, split.train.length);

    const features = train.table.columns.filter(
      (c) => c !== 'Species' && (numeric.includes(c) || c.includes('=')),
    );
    const matrix = (t: Table) =>
      tableToMatrix(t, {
        features,
        label: 'Species',
        task: 'classification',
        classes: ['Adelie', 'Chinstrap', 'Gentoo'],
      });
    const mTrain = matrix(train.table);
    const scaler = new StandardScaler().fit({ data: mTrain.x, shape: mTrain.shape });
    const xTrain = scaler.transform({ data: mTrain.x, shape: mTrain.shape });
    const model = buildModel(mlp({ inputShape: [features.length], hidden: [16], classes: 3 }), 2);
    const y = tf.oneHot(tf.tensor1d(mTrain.y as Int32Array, 'int32'), 3).toFloat();
    await new Trainer(model, { optimizer: { name: 'adam', learningRate: 0.01 } }).fit(
      tf.tensor2d(xTrain.data, mTrain.shape),
      y,
      { epochs: 30, batchSize: 32, seed: 1 },
    );

    const dir = await mkdtemp(join(tmpdir(), 'frontier-pre-e2e-'));
    await saveModel(model, dir);
    await saveSteps(dir, [...steps, scaler]);

    // "Serving": load both, apply the exact same transform to raw test rows.
    const served = await loadModel(dir);
    const loaded = await loadSteps(dir);
    const predict = (m: tf.LayersModel, tableSteps: TableStep[], s: StandardScaler) => {
      let t = rows(labelled, split.test);
      for (const st of tableSteps) t = st.transform(t);
      const mt = matrix(t);
      const x = s.transform({ data: mt.x, shape: mt.shape });
      const p = (m.predict(tf.tensor2d(x.data, mt.shape)) as tf.Tensor).argMax(1).dataSync();
      return { p: [...p], y: [...mt.y] };
    };
    const a = predict(model, steps, scaler);
    const b = predict(served, loaded.slice(0, 3) as TableStep[], loaded[3] as StandardScaler);
    assert.deepEqual(b.p, a.p);
    assert.equal(a.y.length, split.test.length, 'imputation scores every test row');
    const acc = a.p.filter((p, i) => p === a.y[i]).length / a.y.length;
    t.diagnostic(`penguins test accuracy ${acc}`);
    assert.ok(acc > 0.9, `accuracy ${acc}`);
    await assert.rejects(loadSteps(join(dir, 'missing')), { code: 'PREPROCESS_READ' });
    assert.equal(new DropNa().fitTransform(labelled).rows.length, 333);
  },
);

test(
  'MNIST 0/1 as a PNG folder: streamed, augmented, trained; validation subset held out',
  { timeout: 120_000 },
  async (t) => {
    const mn = await loadMnist({ trainLimit: 400, testLimit: 1 });
    const root = await mkdtemp(join(tmpdir(), 'frontier-digits-'));
    const counts = [0, 0];
    for (const d of [0, 1]) await mkdir(join(root, `digit-${d}`));
    for (let i = 0; i < 400; i++) {
      const l = mn.train.labels[i];
      if (l > 1 || counts[l] >= 30) continue;
      const px = Uint8Array.from(mn.train.images.subarray(i * 784, (i + 1) * 784), (v) =>
        Math.round(v * 255),
      );
      await writeFile(
        join(root, `digit-${l}`, `${String(counts[l]++).padStart(3, '0')}.png`),
        encodePng(px, 28, 28, 1),
      );
    }
    const aug = new ImageAugmenter({
      rotationRange: 10,
      widthShiftRange: 2,
      heightShiftRange: 2,
      fillMode: 'constant',
    });
    const flow = {
      targetSize: [28, 28] as [number, number],
      batchSize: 8,
      validationSplit: 0.2,
      classMode: 'categorical' as const,
    };
    const train = await flowFromDirectory(root, { ...flow, augment: aug });
    const val = await flowFromDirectory(root, { ...flow, subset: 'validation' });
    assert.deepEqual([train.samples, val.samples, train.classes.length], [48, 12, 2]);
    const model = buildModel(mlp({ inputShape: [28, 28, 1], hidden: [32], classes: 2 }), 4);
    const trainer = new Trainer(model, { optimizer: { name: 'adam', learningRate: 0.005 } });
    for (let epoch = 0; epoch < 4; epoch++) {
      for await (const batch of train.batches(epoch)) {
        const { x, y } = batchToTensors(batch);
        trainer.trainStep(x, y as tf.Tensor, epoch);
        tf.dispose([x, y as tf.Tensor]);
      }
    }
    let correct = 0;
    for await (const batch of val.batches()) {
      const { x, y } = batchToTensors(batch);
      correct += accuracyOn(model, x, y as tf.Tensor) * batch.shape[0];
      tf.dispose([x, y as tf.Tensor]);
    }
    t.diagnostic(`0-vs-1 validation accuracy ${correct / val.samples}`);
    assert.ok(correct / val.samples >= 0.9);
  },
);

test(
  'augmentation on vs off: accuracy on the test set and on a shifted/rotated copy',
  { timeout: 180_000 },
  async (t) => {
    const mn = await loadMnist({ trainLimit: 1000, testLimit: 500 });
    const x = tf.tensor4d(mn.train.images, mn.train.shape);
    const y = tf.oneHot(tf.tensor1d(mn.train.labels, 'int32'), 10).toFloat();
    const xt = tf.tensor4d(mn.test.images, mn.test.shape);
    const yt = tf.oneHot(tf.tensor1d(mn.test.labels, 'int32'), 10).toFloat();
    const shifted = shiftedCopy(xt, { degrees: 15, pixels: 3, seed: 3 });
    const run = async (augment: boolean) => {
      const model = buildModel(mlp({ inputShape: [28, 28, 1], hidden: [64], classes: 10 }), 7);
      const opts = { optimizer: { name: 'adam' as const, learningRate: 2e-3 } };
      const aug = new ImageAugmenter({
        rotationRange: 15,
        widthShiftRange: 3,
        heightShiftRange: 3,
        fillMode: 'constant',
        seed: 1,
      });
      const trainer = augment
        ? new AugmentingTrainer(model, { ...opts, augment: aug.batchTransform() })
        : new Trainer(model, opts);
      await trainer.fit(x, y, { epochs: 5, batchSize: 32, seed: 2 });
      return { test: accuracyOn(model, xt, yt), shifted: accuracyOn(model, shifted, yt) };
    };
    const off = await run(false);
    const on = await run(true);
    t.diagnostic(
      `augmentation off: test ${off.test.toFixed(3)} shifted ${off.shifted.toFixed(3)}; on: test ${on.test.toFixed(3)} shifted ${on.shifted.toFixed(3)}`,
    );
    assert.ok(
      on.shifted > off.shifted + 0.05,
      `augmented ${on.shifted} vs plain ${off.shifted} on the shifted copy`,
    );
    tf.dispose([x, y, xt, yt, shifted]);
  },
);

test(
  'features: penultimate embeddings and PCA vs raw pixels on 100 labelled examples',
  { timeout: 180_000 },
  async (t) => {
    const mn = await loadMnist({ trainLimit: 3000, testLimit: 1000 });
    const d = 784;
    const slice = (from: number, to: number): { x: NDArray; y: Int32Array } => ({
      x: { data: mn.train.images.slice(from * d, to * d), shape: [to - from, 28, 28, 1] },
      y: mn.train.labels.slice(from, to),
    });
    // A feature network trained on 2,500 labelled digits; the downstream task gets 10
    // labelled examples per class from images the network never saw.
    const pool = slice(0, 2500);
    const net = buildModel(mlp({ inputShape: [28, 28, 1], hidden: [64], classes: 10 }), 11);
    const px = tf.tensor4d(pool.x.data, [2500, 28, 28, 1]);
    const py = tf.oneHot(tf.tensor1d(pool.y, 'int32'), 10).toFloat();
    await new Trainer(net).fit(px, py, { epochs: 3, batchSize: 64, seed: 1 });
    const rest = slice(2500, 3000);
    const pick: number[] = [];
    const per = new Array(10).fill(0);
    rest.y.forEach((l, i) => per[l] < 10 && (per[l]++, pick.push(i)));
    const small: NDArray = { data: new Float32Array(pick.length * d), shape: [pick.length, 28, 28, 1] };
    pick.forEach((i, j) => small.data.set(rest.x.data.subarray(i * d, (i + 1) * d), j * d));
    const yl = Int32Array.from(pick, (i) => rest.y[i]);
    const test2: NDArray = { data: mn.test.images, shape: mn.test.shape };
    const emb = (a: NDArray) => {
      const t = tf.tensor4d(a.data, a.shape as [number, number, number, number]);
      const e = embed(net, t);
      t.dispose();
      return e;
    };
    const pca = new PCA({ nComponents: 32 }).fit({ data: pool.x.data, shape: [2500, d] });
    const raw = linearProbe(small, yl, test2, mn.test.labels, 10);
    const pcaAcc = linearProbe(pca.transform(small), yl, pca.transform(test2), mn.test.labels, 10);
    const embAcc = linearProbe(emb(small), yl, emb(test2), mn.test.labels, 10);
    // Nearest neighbours: PCA's 32 components drop the pixel noise that distances see.
    const rawNn = nearestNeighbourProbe(small, yl, test2, mn.test.labels);
    const pcaNn = nearestNeighbourProbe(pca.transform(small), yl, pca.transform(test2), mn.test.labels);
    t.diagnostic(
      `100 labelled examples, linear probe: raw ${raw.toFixed(3)}, PCA-32 ${pcaAcc.toFixed(3)}, embeddings-64 ${embAcc.toFixed(3)}; 1-NN: raw ${rawNn.toFixed(3)}, PCA-32 ${pcaNn.toFixed(3)}`,
    );
    assert.equal(emb(small).shape[1], 64);
    assert.ok(embAcc > raw + 0.05, `embeddings ${embAcc} vs raw ${raw}`);
    assert.ok(pcaNn > rawNn + 0.01, `1-NN on PCA-32 ${pcaNn} vs raw ${rawNn}`);
    tf.dispose([px, py]);
  },
);
