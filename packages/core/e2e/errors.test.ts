// A sweep of bad inputs through the real CLI: each must fail with one `error:` line
// that says where the problem is and how to fix it, never a raw JavaScript error, a
// stack trace, a tfjs message or an `undefined` leaking into the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../cli/bin/frontier.js', import.meta.url));
const FORBIDDEN = [
  'TypeError',
  'ReferenceError',
  'RangeError',
  'Cannot read properties',
  '    at ',
  'tfjs',
  'undefined',
];

const cwd = await mkdtemp(join(tmpdir(), 'frontier-errors-'));
const tracking = join(cwd, 't.db');

/** Runs `frontier ...args` in the temp folder on the cpu backend. */
function frontier(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [cli, ...args], {
      cwd,
      env: { ...process.env, FRONTIER_BACKEND: 'cpu', FRONTIER_TRACKING_URL: tracking },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    p.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    p.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Writes `name` in the temp folder (objects as JSON). */
async function file(name: string, content: unknown): Promise<string> {
  await writeFile(join(cwd, name), typeof content === 'string' ? content : JSON.stringify(content));
  return name;
}

/** A CSV of `rows` rows: numeric columns a, b, c and a label of three classes (x, y, z). */
function csv(rows: number, row: (i: number) => string, header = 'a,b,c,species'): string {
  return [header, ...Array.from({ length: rows }, (_, i) => row(i))].join('\n') + '\n';
}
// Deterministic, varied values without a RNG: (i·37 mod 101) / 101.
const v = (i: number, k: number) => (((i * 37 + k * 53) % 101) / 101).toFixed(3);
const cls = (i: number) => ['x', 'y', 'z'][i % 3];

await file(
  't.csv',
  csv(60, (i) => `${v(i, 0)},${v(i, 1)},${v(i, 2)},${cls(i)}`),
);
await file('header-only.csv', 'a,b,species\n');
await file(
  'empty-col.csv',
  csv(60, (i) => `${v(i, 0)},,${cls(i)}`, 'a,b,species'),
);
await file(
  'continuous.csv',
  csv(100, (i) => `${v(i, 0)},${v(i, 1)},${(i * 0.137 + 0.5).toFixed(4)}`, 'a,b,y'),
);

const table = (path: string, extra: Record<string, unknown> = {}) => ({
  dataset: { name: 'table', path, label: 'species', ...extra },
  techniques: ['baseline'],
});

/** One bad input: the CLI args, a substring of `where`, and a pattern of the message. */
interface Case {
  name: string;
  args: string[];
  where: string;
  message: RegExp;
  /** Also run `frontier config check` on the file (config-level problems only). */
  check?: string;
}

const cases: Case[] = [
  {
    name: 'a misspelt key',
    args: ['train', await file('typo.json', { train: { epoch: 3 } })],
    where: 'typo.json: train.epoch',
    message: /unknown key "epoch"[\s\S]*did you mean "epochs"/,
    check: 'typo.json',
  },
  {
    name: '--epochs abc',
    args: ['train', '--epochs', 'abc'],
    where: '--epochs',
    message: /must be a number, got "abc"/,
  },
  {
    name: '--train-limit -5',
    args: ['train', '--train-limit', '-5'],
    where: '--train-limit',
    message: /must be ≥ 1, got -5/,
  },
  {
    name: 'dataset.dirr without a name',
    args: ['train', await file('dirr.json', { dataset: { dirr: 'x' } })],
    where: 'dataset.name',
    message: /dataset\.name is required/,
    check: 'dirr.json',
  },
  {
    name: 'mnist dataset.dirr',
    args: ['train', await file('dirr2.json', { dataset: { name: 'mnist', dirr: 'x' } })],
    where: 'dataset.dirr',
    message: /did you mean "dir"/,
    check: 'dirr2.json',
  },
  {
    name: 'a table study without a label',
    args: ['train', await file('no-label.json', { dataset: { name: 'table', path: 't.csv' } })],
    where: 't.csv (dataset.label)',
    // the error lists the file's columns (config check passes: only the file knows them)
    message: /does not say which column is the label[\s\S]*one of: a, b, c, species/,
  },
  {
    name: 'a header-only CSV',
    args: ['train', await file('header-only.json', table('header-only.csv')), '--epochs', '1'],
    where: 'header-only.csv',
    message: /header but no rows/,
  },
  {
    name: 'an all-empty feature column',
    args: ['train', await file('empty-col.json', table('empty-col.csv')), '--epochs', '1'],
    where: 'empty-col.csv, column "b"',
    message: /no value in any training row/,
  },
  {
    name: 'a continuous label',
    args: [
      'train',
      await file('continuous.json', {
        ...table('continuous.csv'),
        dataset: { name: 'table', path: 'continuous.csv', label: 'y' },
      }),
    ],
    where: 'continuous.csv, column "y"',
    message: /looks continuous \(100 distinct numbers in 100 rows\)/,
  },
  {
    name: 'an unknown technique kind',
    args: ['train', await file('technique.json', { techniques: ['basline'] })],
    where: 'techniques[0]',
    message: /unknown technique "basline"/,
    check: 'technique.json',
  },
  {
    name: 'a technique parameter typo',
    args: [
      'evaluate',
      await file('technique-param.json', { techniques: [{ kind: 'prune', sparsityy: 0.5 }] }),
    ],
    where: 'techniques[0].sparsityy',
    message: /did you mean "sparsity"/,
    check: 'technique-param.json',
  },
  {
    name: 'a missing config file',
    args: ['train', 'missing.json'],
    where: 'missing.json',
    message: /cannot read config/,
    check: 'missing.json',
  },
  {
    name: 'invalid JSON',
    args: ['train', await file('bad.json', '{"seed": 1,')],
    where: 'bad.json',
    message: /not valid JSON/,
    check: 'bad.json',
  },
  {
    name: 'a config that is not an object',
    args: ['train', await file('array.json', '[1, 2]')],
    where: 'array.json',
    message: /must be an object/,
    check: 'array.json',
  },
  {
    name: 'an images path that does not exist',
    args: [
      'train',
      await file('images.json', { dataset: { name: 'images', path: 'no-photos' }, techniques: ['baseline'] }),
      '--epochs',
      '1',
    ],
    where: 'no-photos',
    message: /cannot read the folder/,
  },
  {
    name: '--images of a folder that does not exist',
    args: ['train', '--images', 'no-photos', '--epochs', '1'],
    where: 'no-photos',
    message: /cannot read the folder/,
  },
  {
    name: 'an IDX dir that does not exist',
    args: [
      'train',
      await file('idx.json', { dataset: { name: 'mnist', dir: 'no-idx' }, techniques: ['baseline'] }),
      '--epochs',
      '1',
    ],
    where: 'no-idx',
    message: /train-images-idx3-ubyte/,
  },
  {
    name: 'a checkpoint dir that is a file',
    args: [
      'train',
      await file('ckpt-file.json', table('t.csv')),
      '--epochs',
      '1',
      '--checkpoint-dir',
      await file('not-a-dir', 'x'),
    ],
    where: 'not-a-dir',
    message: /cannot read the checkpoint/,
  },
];

/** The CLI's error contract: non-zero exit, `error:` first, where and fix, nothing raw. */
function assertCleanError(r: { code: number | null; stderr: string }, where: string, message: RegExp): void {
  assert.notEqual(r.code, 0, `exit code; stderr: ${r.stderr}`);
  assert.ok(r.stderr.startsWith('error:'), `stderr starts with "error:": ${r.stderr}`);
  assert.ok(r.stderr.includes(where), `stderr names ${JSON.stringify(where)}: ${r.stderr}`);
  assert.match(r.stderr, /\n {2}fix: \S/, `stderr has a fix: ${r.stderr}`);
  assert.match(r.stderr, message);
  for (const bad of FORBIDDEN)
    assert.ok(!r.stderr.includes(bad), `stderr contains ${JSON.stringify(bad)}: ${r.stderr}`);
}

for (const c of cases) {
  test(`bad input, clean error: ${c.name}`, async () => {
    assertCleanError(await frontier([...c.args, '--tracking', tracking]), c.where, c.message);
    if (c.check) assertCleanError(await frontier(['config', 'check', c.check]), c.where, c.message);
  });
}

test('a table study without features trains on every column but the label', async () => {
  const r = await frontier([
    'train',
    await file('no-features.json', table('t.csv')),
    '--epochs',
    '1',
    '--tracking',
    tracking,
    '--json',
  ]);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { parameters: number; test: { accuracy: number } };
  // The default MLP on 3 features and 3 classes: 3·64+64 + 64·32+32 + 32·3+3 = 2,435 weights.
  assert.equal(out.parameters, 2435);
  assert.ok(out.test.accuracy >= 0 && out.test.accuracy <= 1);
});

test('resuming a checkpoint with another config fails naming the key; the same config resumes', async () => {
  const config = await file('resume.json', table('t.csv'));
  const base = ['train', config, '--checkpoint-dir', 'ckpt', '--tracking', tracking];
  const first = await frontier([...base, '--epochs', '1']);
  assert.equal(first.code, 0, first.stderr);
  assertCleanError(
    await frontier([...base, '--epochs', '2', '--train-limit', '10']),
    'ckpt',
    /train\.trainLimit: \(unset\) → 10/,
  );
  const resumed = await frontier([...base, '--epochs', '2', '--json']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.equal((JSON.parse(resumed.stdout) as { history: unknown[] }).history.length, 2);
});
