import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TabularDataset } from '../data/index.ts';
import { ImageAugmenter } from '../models/layers/augment.ts';
import { augmentationGridSection, imageDataUrl } from './augment-grid.ts';
import { cleaningComparisonSection, compareCleaning } from './cleaning-comparison.ts';

test('the grid section embeds the original and each augmentation as PNG data URLs', () => {
  const x = { data: Float32Array.from({ length: 2 * 16 }, (_, i) => (i % 5) / 4), shape: [2, 4, 4, 1] };
  const s = augmentationGridSection(x, new ImageAugmenter({ rotationRange: 20 }), { copies: 3 });
  assert.equal(s.html.match(/<img /g)?.length, 8);
  assert.equal(s.html.match(/<tr>/g)?.length, 3);
  assert.match(imageDataUrl(x.data.subarray(0, 16), 4, 4, 1), /^data:image\/png;base64,iVBORw0KGgo/);
});

test('cleaning comparison on a toy table: imputation scores every test row; dropping does not', () => {
  const rows = Array.from({ length: 40 }, (_, i) => ({
    a: i % 3 === 0 ? null : (i % 2) * 10 + (i % 3),
    k: i % 2 ? 'x' : 'y',
    label: i % 2 ? 'P' : 'Q',
  }));
  const ds: TabularDataset = {
    name: 'toy',
    table: { columns: ['a', 'k', 'label'], rows, source: 'toy' },
    task: 'classification',
    label: 'label',
    features: ['a', 'k'],
  };
  const c = compareCleaning(ds, 1);
  const byName = Object.fromEntries(c.results.map((r) => [r.strategy, r]));
  const drop = byName['drop rows with missing values'];
  // 14 of 40 rows miss `a`; dropping loses them in training and cannot score them in test.
  assert.equal(drop.trainRows + drop.testRowsScored, 40 - 14);
  assert.ok(drop.testRowsScored < drop.testRows);
  assert.equal(
    byName['impute median / most frequent'].testRowsScored,
    byName['impute median / most frequent'].testRows,
  );
  assert.equal(byName['impute median / most frequent'].value, 1);
  assert.match(cleaningComparisonSection([c]).html, /<h3>toy<\/h3>/);
});
