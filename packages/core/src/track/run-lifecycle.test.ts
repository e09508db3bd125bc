import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { FrontierError } from '../util/errors.ts';
import { openStore } from './open-store.ts';
import { errorMessage, superviseRun } from './run-lifecycle.ts';
import { SqliteStore } from './sqlite-store.ts';

const here = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'frontier-lifecycle-'));
after(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshPath = () => join(dir, `db-${n++}.db`);

/** Starts the child fixture; resolves with its run id once step `steps` is in a heartbeat. */
function startChild(path: string, steps: number) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', join(here, 'run-lifecycle-child.ts'), path, `${steps}`],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) resolve((JSON.parse(out.split('\n')[0]) as { runId: string }).runId);
    });
    void exited.then(({ code }) => reject(new Error(`child exited ${code} before it was ready: ${stderr}`)));
  });
  return { child, ready, exited, stderr: () => stderr };
}

for (const [signal, code] of [
  ['SIGTERM', 143],
  ['SIGINT', 130],
] as const) {
  test(`${signal}: the run is marked killed with its last step and the process exits ${code}`, async () => {
    const path = freshPath();
    const c = startChild(path, 7);
    const runId = await c.ready;
    c.child.kill(signal);
    const { code: exitCode } = await c.exited;
    assert.equal(exitCode, code, c.stderr());
    const store = SqliteStore.open(path);
    try {
      const run = await store.getRun(runId);
      assert.deepEqual([run.status, run.lastStep, run.error], ['killed', 7, `interrupted by ${signal}`]);
      assert.ok(run.endTime !== null && run.endTime >= run.startTime);
    } finally {
      await store.close();
    }
  });
}

test('SIGKILL: the heartbeat goes stale and the next openStore marks the run crashed', async () => {
  const path = freshPath();
  const c = startChild(path, 5);
  const runId = await c.ready;
  c.child.kill('SIGKILL');
  assert.equal((await c.exited).signal, 'SIGKILL');

  // With the default 60 s threshold the silence is too short to judge: still running.
  const patient = await openStore(path);
  const alive = await patient.getRun(runId);
  await patient.close();
  assert.equal(alive.status, 'running');
  assert.ok(alive.heartbeatAt !== null);

  await new Promise((r) => setTimeout(r, 5)); // the last heartbeat is now over 1 ms old
  const store = await openStore(path, { staleAfterMs: 1 });
  try {
    const run = await store.getRun(runId);
    assert.deepEqual([run.status, run.lastStep, run.endTime], ['crashed', 5, alive.heartbeatAt]);
    assert.match(run.error ?? '', /no heartbeat .*SIGKILL/);
  } finally {
    await store.close();
  }
});

test('FRONTIER_STALE_AFTER_MS sets the threshold; a bad value is TRACK_BAD_STALE', async () => {
  const path = freshPath();
  const seed = SqliteStore.open(path);
  const run = await seed.createRun({ experiment: 'e' });
  await seed.heartbeat(run.id, 2);
  await seed.close();
  const saved = process.env.FRONTIER_STALE_AFTER_MS;
  try {
    process.env.FRONTIER_STALE_AFTER_MS = 'soon';
    await assert.rejects(openStore(path), { code: 'TRACK_BAD_STALE' });
    await new Promise((r) => setTimeout(r, 5));
    process.env.FRONTIER_STALE_AFTER_MS = '1';
    const store = await openStore(path);
    assert.equal((await store.getRun(run.id)).status, 'crashed');
    await store.close();
  } finally {
    if (saved === undefined) delete process.env.FRONTIER_STALE_AFTER_MS;
    else process.env.FRONTIER_STALE_AFTER_MS = saved;
  }
});

test('end: finished keeps the last step; failed stores the error message, redacted; end is idempotent', async () => {
  const store = SqliteStore.open(':memory:');
  const ok = await store.createRun({ experiment: 'e' });
  const sup = superviseRun(store, ok.id, { handleSignals: false });
  sup.step(3);
  await sup.end('finished');
  await sup.end('failed', new Error('ignored: already ended'));
  const done = await store.getRun(ok.id);
  assert.deepEqual([done.status, done.lastStep, done.error], ['finished', 3, null]);
  assert.ok(done.heartbeatAt !== null, 'the first heartbeat is written at once');

  const bad = await store.createRun({ experiment: 'e' });
  const failing = superviseRun(store, bad.id, { handleSignals: false });
  failing.step(1);
  await failing.end(
    'failed',
    new FrontierError('TRACK_DB_AUTH', 'PostgreSQL rejected the login', {
      where: 'postgres://bob:hunter2hunter2@db/x',
      hint: 'check the password',
    }),
  );
  const failed = await store.getRun(bad.id);
  assert.equal(failed.status, 'failed');
  assert.equal(
    failed.error,
    'TRACK_DB_AUTH: postgres://bob:***@db/x: PostgreSQL rejected the login\n  fix: check the password',
  );
  assert.throws(() => failing.step(1.5), { code: 'TRACK_BAD_STEP' });
  assert.throws(() => superviseRun(store, bad.id, { heartbeatMs: 0 }), { code: 'TRACK_BAD_HEARTBEAT' });
  await store.close();
});

test('a failing heartbeat is reported once and does not throw into training', async () => {
  const store = SqliteStore.open(':memory:');
  const reports: unknown[] = [];
  const sup = superviseRun(store, '20260101-000000-000000', {
    handleSignals: false,
    heartbeatMs: 1,
    onHeartbeatError: (err) => reports.push(err),
  });
  await new Promise((r) => setTimeout(r, 20));
  await assert.rejects(sup.end('finished'), { code: 'TRACK_UNKNOWN_RUN' });
  assert.equal(reports.length, 1);
  assert.equal((reports[0] as FrontierError).code, 'TRACK_UNKNOWN_RUN');
  await store.close();
});

test('errorMessage: FrontierError with code and fix, Error message, anything else as text', () => {
  assert.equal(errorMessage(new Error('boom')), 'boom');
  assert.equal(errorMessage(new FrontierError('X_Y', 'bad', { where: 'f.json' })), 'X_Y: f.json: bad');
  assert.equal(errorMessage('plain'), 'plain');
  assert.equal(errorMessage(undefined), 'unknown error');
});
