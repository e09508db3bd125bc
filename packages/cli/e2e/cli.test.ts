// The frontier command as a user runs it: a real process, real files, real SQLite.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { makeImageFolder } from '../../core/src/preprocess/test-images.ts';

const bin = fileURLToPath(new URL('../bin/frontier.js', import.meta.url));

function frontier(args: string[], cwd: string): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, FRONTIER_BACKEND: 'cpu' },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('train, then runs list/show/compare, with --json', { timeout: 300_000 }, async () => {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-cli-'));
  await writeFile(
    join(dir, 'study.json'),
    JSON.stringify({ dataset: { name: 'penguins' }, train: { epochs: 5 } }),
  );
  const a = frontier(['train', 'study.json', '-o', 'model-a', '--register', 'penguin-mlp', '--json'], dir);
  assert.equal(a.code, 0, a.stderr);
  const ra = JSON.parse(a.stdout) as {
    runId: string;
    version: number;
    modelDir: string;
    test: { accuracy: number };
    parameters: number;
  };
  assert.equal(ra.version, 1);
  assert.equal(ra.parameters, 9 * 64 + 64 + 64 * 32 + 32 + 32 * 3 + 3);
  assert.ok(
    existsSync(join(dir, 'model-a', 'model.json')) && existsSync(join(dir, 'model-a', 'weights.bin')),
  );
  const b = frontier(
    ['train', 'study.json', '--epochs', '2', '-o', 'model-b', '--register', 'penguin-mlp', '--json'],
    dir,
  );
  assert.equal(b.code, 0, b.stderr);
  const rb = JSON.parse(b.stdout) as { runId: string; version: number };
  assert.equal(rb.version, 2);

  const list = JSON.parse(frontier(['runs', 'list', '--json'], dir).stdout) as Array<{
    id: string;
    status: string;
  }>;
  assert.deepEqual(list.map((r) => r.id).sort(), [ra.runId, rb.runId].sort());
  assert.ok(list.every((r) => r.status === 'finished'));

  const show = JSON.parse(frontier(['runs', 'show', ra.runId, '--json'], dir).stdout) as {
    metrics: Record<string, { value: number; step: number }>;
    params: Record<string, string>;
    artifacts: Array<{ path: string }>;
  };
  assert.equal(show.metrics['test/accuracy'].value, ra.test.accuracy);
  assert.equal(show.metrics.val_loss.step, 5);
  assert.equal(show.params['train.epochs'], '5');
  // A table model is saved with its fitted preprocessing (the scaler) beside it.
  assert.deepEqual(show.artifacts.map((x) => x.path).sort(), [
    'model.json',
    'preprocess.json',
    'weights.bin',
  ]);

  const human = frontier(['runs', 'compare', ra.runId, rb.runId, '--only-differences'], dir);
  assert.equal(human.code, 0);
  assert.match(human.stdout, /\*\s+train\.epochs\s+5\s+2/);
  assert.doesNotMatch(human.stdout, /dataset\.name/); // equal in both runs, so hidden
});

test('train --images: a folder of class subfolders is the data set', { timeout: 300_000 }, async () => {
  const dark = Array.from({ length: 30 }, (_, i) => 10 + i);
  const bright = Array.from({ length: 30 }, (_, i) => 200 + i);
  const images = await makeImageFolder({ dark, bright }, 1, 8);
  const dir = await mkdtemp(join(tmpdir(), 'frontier-cli-images-'));
  await writeFile(
    join(dir, 'study.json'),
    JSON.stringify({
      dataset: { name: 'images', targetSize: [8, 8] },
      train: { schedule: null, optimizer: { name: 'adam', learningRate: 0.01 } },
    }),
  );
  const r = frontier(['train', 'study.json', '--images', images, '--epochs', '10', '-o', 'm', '--json'], dir);
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { parameters: number; test: { accuracy: number } };
  // The brief CNN sized from the folder: 8×8 gray input, 2 classes.
  assert.equal(out.parameters, 32 * 10 + (3 * 3 * 32 * 128 + 128) + (128 * 2 + 2));
  // Dark against bright images: separable, so the 12 test images are all right.
  assert.equal(out.test.accuracy, 1);
});

test('errors are one clear message with a non-zero exit, stack only with --verbose', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'frontier-cli-'));
  await writeFile(join(dir, 'bad.json'), '{ "train": { "epochs": 2, } }');
  const r = frontier(['evaluate', 'bad.json'], dir);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: bad\.json: config is not valid JSON/m);
  assert.doesNotMatch(r.stderr, /^\s+at /m);
  const v = frontier(['--verbose', 'evaluate', 'bad.json'], dir);
  assert.equal(v.code, 1);
  assert.match(v.stderr, /^\s+at /m);

  const unknown = frontier(['runs', 'show', 'no-such-run'], dir);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no-such-run/);
  assert.doesNotMatch(unknown.stderr, /^\s+at /m);

  const typo = frontier(['evalute'], dir);
  assert.notEqual(typo.code, 0);
  assert.match(typo.stderr, /Did you mean evaluate\?/);
});

test('--help shows examples for every command', () => {
  for (const cmd of [[], ['evaluate'], ['train'], ['runs']]) {
    const r = frontier([...cmd, '--help'], tmpdir());
    assert.equal(r.code, 0);
    assert.match(r.stdout, /Examples:\n\s+\$ frontier/);
  }
});
