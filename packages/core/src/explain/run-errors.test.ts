// Every way `explainModel` is commonly misused ends in a FrontierError with a code, where
// and hint, never a raw tfjs or JS error.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { FrontierError } from '../util/errors.ts';
import { idxFolder, imageModel, tableFixture } from './explain-test-util.ts';
import { dataSourceOf } from './run-data.ts';
import { explainModel, type ExplainRunOptions } from './run.ts';

await tf.setBackend('cpu');

async function rejectsWith(p: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof FrontierError, `not a FrontierError: ${String(err)}`);
    assert.equal(err.code, code, err.message);
    assert.ok(err.where && err.where.length > 0, `${code} has no where`);
    assert.ok(err.hint && err.hint.length > 0, `${code} has no hint`);
    assert.doesNotMatch(err.message, /TypeError|Cannot read|is not a function|undefined/);
    if (message) assert.match(err.message, message);
    return true;
  });
}

test('explain error sweep: each bad input is a FrontierError with code, where and hint', async () => {
  const f = await tableFixture();
  const table = (o: Partial<ExplainRunOptions> = {}): Promise<unknown> =>
    explainModel({ modelDir: f.model, data: { name: 'table', path: f.csv }, method: 'shap', ...o });
  const cnn = await imageModel(4);
  const idx = await idxFolder(4);

  // Missing model folder.
  await rejectsWith(table({ modelDir: join(f.root, 'nope') }), 'MODEL_JSON_NOT_FOUND');
  // …also when the run is tracked (inputs are checked before the run starts).
  await rejectsWith(
    table({ modelDir: join(f.root, 'nope'), tracking: join(f.root, 'track.db') }),
    'MODEL_JSON_NOT_FOUND',
  );
  await rejectsWith(
    table({ data: { name: 'table', path: join(f.root, 'missing.csv') }, tracking: join(f.root, 'track.db') }),
    'TABLE_READ',
  );
  // Unknown method, bad counts (rows 0, a fraction, NaN seed), unknown segmentation.
  await rejectsWith(table({ method: 'tree' as never }), 'EXPLAIN_BAD_METHOD', /tree/);
  await rejectsWith(table({ rows: 0 }), 'EXPLAIN_BAD_OPTION', /rows/);
  await rejectsWith(table({ limit: 2.5 }), 'EXPLAIN_BAD_OPTION', /limit/);
  await rejectsWith(table({ seed: Number.NaN }), 'EXPLAIN_BAD_OPTION', /seed/);
  await rejectsWith(table({ segmentation: 'blobs' as never }), 'EXPLAIN_BAD_OPTION', /blobs/);
  // Wrong data kind both ways.
  await rejectsWith(table({ data: { name: 'mnist', dir: idx } }), 'EXPLAIN_DATA_KIND', /table rows/);
  await rejectsWith(
    explainModel({ modelDir: cnn, data: { name: 'table', path: f.csv }, method: 'ig' }),
    'EXPLAIN_DATA_KIND',
    /images/,
  );
  // Image of the wrong size: 5×5 IDX images for a 4×4 model.
  await rejectsWith(
    explainModel({ modelDir: cnn, data: { name: 'mnist', dir: await idxFolder(5) }, method: 'ig' }),
    'EXPLAIN_SHAPE_MISMATCH',
    /4×4×1.*5×5×1/,
  );
  // Methods that do not fit the data.
  await rejectsWith(table({ method: 'gradcam' }), 'EXPLAIN_METHOD_DATA');
  await rejectsWith(
    explainModel({ modelDir: cnn, data: { name: 'mnist', dir: idx }, method: 'permutation' }),
    'EXPLAIN_METHOD_DATA',
  );

  // A different feature count: the model records [a, b, c], the file lacks c.
  const two = join(f.root, 'two.csv');
  await writeFile(two, 'a,b,y\n1,2,low\n3,4,high\n');
  await rejectsWith(table({ data: { name: 'table', path: two } }), 'TABLE_MISSING_COLUMN', /"c"/);
  // Without recorded feature names, the count is checked against the model's input.
  const bare = await tableFixture({ metadata: false });
  await rejectsWith(
    explainModel({ modelDir: bare.model, data: { name: 'table', path: two, label: 'y' }, method: 'shap' }),
    'EXPLAIN_SHAPE_MISMATCH',
    /3 features.*gives 2/,
  );
  // A table model without saved preprocessing says so.
  const raw = await tableFixture({ preprocess: false });
  await rejectsWith(
    explainModel({ modelDir: raw.model, data: { name: 'table', path: raw.csv }, method: 'shap' }),
    'MODEL_NO_PREPROCESSING',
    /preprocess\.json/,
  );
  // No complete rows, and a text cell in a numeric feature.
  const empty = join(f.root, 'empty.csv');
  await writeFile(empty, 'a,b,c,y\n,1,2,low\n');
  await rejectsWith(table({ data: { name: 'table', path: empty } }), 'EXPLAIN_NO_ROWS');
  const text = join(f.root, 'text.csv');
  await writeFile(text, 'a,b,c,y\n1,2,3,low\nabc,2,3,high\n');
  await rejectsWith(table({ data: { name: 'table', path: text } }), 'TABLE_TEXT_IN_NUMERIC', /"abc"/);
  // A named label column the file lacks.
  await rejectsWith(table({ data: { name: 'table', path: f.csv, label: 'species' } }), 'TABLE_NO_LABEL');
});

test('dataSourceOf recognizes every data kind train accepts, and refuses the rest', async () => {
  const f = await tableFixture();
  const idx = await idxFolder(4);
  const images = await mkdtemp(join(tmpdir(), 'frontier-explain-images-'));
  await mkdir(join(images, 'cats'));
  assert.deepEqual(await dataSourceOf('mnist'), { name: 'mnist' });
  assert.deepEqual(await dataSourceOf(idx), { name: 'mnist', dir: idx });
  assert.deepEqual(await dataSourceOf(images), { name: 'images', path: images });
  assert.deepEqual(await dataSourceOf(f.csv, { label: 'y' }), {
    name: 'table',
    path: f.csv,
    label: 'y',
    features: undefined,
  });
  await rejectsWith(dataSourceOf(join(f.root, 'missing.csv')), 'EXPLAIN_DATA_MISSING');
  await rejectsWith(
    dataSourceOf(join(f.root, 'model')),
    'EXPLAIN_DATA_KIND',
    /neither IDX files nor class subfolders/,
  );
  await rejectsWith(dataSourceOf(join(f.root, 'model', 'weights.bin')), 'EXPLAIN_DATA_KIND');
});
