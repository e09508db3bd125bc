import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { openStore } from '@frontier/core/track';
import { modelsTable, versionsTable } from './models.ts';

const v = (name: string, version: number, aliases: string[] = []) => ({
  name,
  version,
  runId: `run-${version}`,
  artifactPath: `models/${name}-${version}`,
  created: Date.UTC(2026, 0, 1),
  aliases,
});

test('modelsTable: one row per name with its latest version, aliases and artifact', () => {
  const lines = modelsTable([
    { name: 'cnn', versions: [v('cnn', 1, ['production']), v('cnn', 2)], aliases: { production: 1 } },
    { name: 'mlp', versions: [v('mlp', 1)], aliases: {} },
  ]).split('\n');
  assert.match(lines[0], /^name\s+versions\s+latest\s+aliases\s+run\s+artifact$/);
  assert.match(lines[2], /^cnn\s+2\s+2\s+production→1\s+run-2\s+models\/cnn-2$/);
  assert.match(lines[3], /^mlp\s+1\s+1\s+–\s+run-1\s+models\/mlp-1$/);
  assert.match(
    versionsTable([v('cnn', 1, ['a', 'b'])]).split('\n')[2],
    /^1\s+a b\s+run-1\s+models\/cnn-1\s+2026-01-01 00:00:00$/,
  );
});

const bin = fileURLToPath(new URL('../../bin/frontier.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'frontier-cli-models-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test(
  'frontier models list|show read the registry; an unknown name is a JSON error',
  { timeout: 120_000 },
  async () => {
    const db = join(dir, 't.db');
    const store = await openStore(db);
    const run = await store.createRun({ experiment: 'e' });
    await store.registerModel({ name: 'cnn', runId: run.id, artifactPath: 'models/a' });
    await store.registerModel({ name: 'cnn', runId: run.id, artifactPath: 'models/b' });
    await store.setAlias('cnn', 'production', 1);
    const expected = await store.listModels();
    await store.close();
    const frontier = (args: string[]) =>
      spawnSync(process.execPath, [bin, ...args, '--tracking', db, '--json'], {
        cwd: dir,
        encoding: 'utf8',
        env: { ...process.env, FRONTIER_BACKEND: 'cpu' },
      });
    const list = frontier(['models', 'list']);
    assert.equal(list.status, 0, list.stderr);
    assert.deepEqual(JSON.parse(list.stdout), expected);
    const prod = frontier(['models', 'show', 'cnn', 'production']);
    assert.equal(prod.status, 0, prod.stderr);
    assert.deepEqual(JSON.parse(prod.stdout), expected[0].versions[0]);
    const none = frontier(['models', 'show', 'rnn']);
    assert.equal(none.status, 1);
    assert.equal((JSON.parse(none.stderr) as { error: { code: string } }).error.code, 'TRACK_UNKNOWN_MODEL');
  },
);
