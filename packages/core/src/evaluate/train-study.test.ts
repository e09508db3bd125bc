import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadSteps } from '../preprocess/steps-file.ts';
import { openStore } from '../track/index.ts';
import { trainStudy } from './train-study.ts';
import type { FrontierError } from '../util/errors.ts';

await tf.setBackend('cpu');

test('trainStudy saves the fitted preprocessing next to the model', async () => {
  const root = await mkdtemp(join(tmpdir(), 'frontier-train-study-'));
  const store = await openStore(join(root, 'tracking.db'));
  const result = await trainStudy(
    {
      dataset: { name: 'penguins' },
      train: { epochs: 1 },
      preprocess: {
        clean: [{ step: 'fillna', strategies: { 'Beak Length (mm)': 'median' } }],
        scale: 'standard',
      },
    },
    { store, out: join(root, 'model'), log: () => {}, progress: { write: () => true } },
  );
  const steps = await loadSteps(result.modelDir);
  // The fill step, then the scaler: both fitted, with the statistics of the training split.
  assert.deepEqual(
    steps.map((s) => s.constructor.name),
    ['FillNa', 'StandardScaler'],
  );
  const fill = (steps[0] as unknown as { fillValues: Record<string, number> }).fillValues;
  assert.ok(fill['Beak Length (mm)'] > 30 && fill['Beak Length (mm)'] < 60, JSON.stringify(fill));
  await store.close();
});

test('resuming a checkpoint with another seed or trainLimit is refused naming the keys; more epochs resume', async () => {
  const root = await mkdtemp(join(tmpdir(), 'frontier-resume-'));
  const store = await openStore(join(root, 'tracking.db'));
  const ckpt = join(root, 'ckpt');
  const quiet = { store, log: () => {}, progress: { write: () => true } };
  const base = { seed: 1, dataset: { name: 'penguins' as const }, train: { epochs: 1, trainLimit: 100 } };
  const first = await trainStudy(base, { ...quiet, out: join(root, 'm1'), checkpointDir: ckpt });
  assert.equal(first.history.length, 1);
  const manifest = JSON.parse(await readFile(join(ckpt, 'checkpoint.json'), 'utf8')) as {
    fingerprint: { config: { seed: number; train: Record<string, unknown> }; sha256: string };
  };
  assert.equal(manifest.fingerprint.config.seed, 1);
  assert.equal(manifest.fingerprint.config.train.trainLimit, 100);
  assert.equal(manifest.fingerprint.config.train.epochs, undefined, 'epochs are not part of the fingerprint');
  assert.match(manifest.fingerprint.sha256, /^[0-9a-f]{64}$/);

  const runsBefore = (await store.listRuns()).length;
  for (const [changed, key, pattern] of [
    [{ ...base, seed: 2 }, 'seed', /seed: 1 → 2/],
    [{ ...base, train: { epochs: 1, trainLimit: 50 } }, 'train.trainLimit', /train\.trainLimit: 100 → 50/],
    [{ ...base, train: { epochs: 1 } }, 'train.trainLimit', /train\.trainLimit: 100 → \(unset\)/],
  ] as const) {
    await assert.rejects(
      trainStudy(changed, { ...quiet, out: join(root, 'm2'), checkpointDir: ckpt }),
      (err: FrontierError) => {
        assert.equal(err.code, 'CHECKPOINT_CONFIG_MISMATCH', key);
        assert.equal(err.where, ckpt);
        assert.match(err.message, pattern);
        assert.match(err.hint ?? '', /another --checkpoint-dir/);
        return true;
      },
    );
  }
  assert.equal((await store.listRuns()).length, runsBefore, 'a refused resume starts no run');

  // Same config, more epochs: continues from epoch 1 and trains one more.
  const resumed = await trainStudy(
    { ...base, train: { ...base.train, epochs: 2 } },
    { ...quiet, out: join(root, 'm3'), checkpointDir: ckpt },
  );
  assert.equal(resumed.history.length, 2);
  assert.deepEqual(resumed.history[0], first.history[0], 'the first epoch comes from the checkpoint');
  await store.close();
});
