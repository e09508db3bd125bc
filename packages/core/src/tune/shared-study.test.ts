// Several processes share one study through the store: SQLite file always, PostgreSQL
// when FRONTIER_PG_URL is set. Trial numbers must be unique and gapless, and the
// study must end with exactly its 16 trials (plus any claims marked surplus).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '../track/index.ts';

function child(url: string, study: string, startAt: number): Promise<void> {
  const script = fileURLToPath(new URL('./shared-study-child.ts', import.meta.url));
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      ['--import', import.meta.resolve('tsx'), script, url, study, String(startAt)],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`child exited ${code}:\n${err}`))));
  });
}

async function shareOneStudy(url: string): Promise<void> {
  const study = `shared-${randomBytes(3).toString('hex')}`;
  const startAt = Date.now() + 6000; // every child has opened the store by then, even on a loaded machine
  await Promise.all([child(url, study, startAt), child(url, study, startAt), child(url, study, startAt)]);
  const store = await openStore(url);
  try {
    const runs = await store.listRuns({ experiment: study });
    const versions = await store.listModelVersions(`${study}#trials`);
    assert.deepEqual(
      versions.map((v) => v.version),
      runs.map((_, i) => i + 1),
      'trial numbers 0..n-1, no gaps',
    );
    assert.equal(new Set(versions.map((v) => v.runId)).size, runs.length, 'one number per run');
    const details = await Promise.all(runs.map((r) => store.getRun(r.id)));
    const surplus = details.filter((d) => d.params['tune.surplus'] === 'true');
    const live = details.filter((d) => d.params['tune.surplus'] !== 'true');
    assert.equal(live.length, 16);
    assert.ok(
      live.every((d) => d.status === 'finished' || d.status === 'killed'),
      'every trial ended',
    );
    assert.ok(surplus.every((d) => d.status === 'killed'));
    assert.ok(new Set(live.map((d) => d.params['tune.pid'])).size >= 2, 'more than one process ran trials');
  } finally {
    await store.close();
  }
}

test('three processes share one study in a SQLite file', { timeout: 120_000 }, async () => {
  await shareOneStudy(join(await mkdtemp(join(tmpdir(), 'tune-shared-')), 't.db'));
});

const pg = process.env.FRONTIER_PG_URL;
test(
  'three processes share one study in PostgreSQL',
  { timeout: 120_000, skip: pg ? false : 'set FRONTIER_PG_URL (eval "$(scripts/postgres.sh)")' },
  async () => {
    const schema = `frontier_tune_${randomBytes(4).toString('hex')}`;
    await shareOneStudy(`${pg}${pg!.includes('?') ? '&' : '?'}schema=${schema}`);
  },
);
