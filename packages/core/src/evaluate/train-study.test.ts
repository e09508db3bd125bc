import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadSteps } from '../preprocess/steps-file.ts';
import { openStore } from '../track/index.ts';
import { trainStudy } from './train-study.ts';

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
