// Pure formatting tests, then the frontier command as a user runs it on a seeded store.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { openStore, type RunDetail } from '@frontier/core/track';
import { formatDuration, runReport, runsTable, type RunListEntry } from './runs.ts';

const base = {
  experimentId: 1,
  experiment: 'mnist',
  gitSha: 'abcdef0123',
  config: {},
  seed: 1,
  versions: {},
  host: null,
  heartbeatAt: null,
  error: null,
  resumedFrom: null,
};

test('formatDuration: tenths under 10 s, then s, m s, h m', () => {
  assert.deepEqual([400, 9_960, 42_000, 185_000, 3_720_000].map(formatDuration), [
    '0.4s',
    '10.0s',
    '42s',
    '3m05s',
    '1h02m',
  ]);
});

test('runsTable: status, duration and test vs validation accuracy per run', () => {
  const entry = (
    id: string,
    status: RunListEntry['status'],
    durationMs: number,
    test: number | null,
  ): RunListEntry => ({
    ...base,
    id,
    name: id,
    status,
    startTime: Date.UTC(2026, 0, 2, 3, 4, 5),
    endTime: null,
    lastStep: null,
    durationMs,
    keyMetrics: { testAccuracy: test, testLoss: null, valAccuracy: 0.5, trainAccuracy: 0.75, epochs: 3 },
  });
  const lines = runsTable([
    entry('r1', 'finished', 65_000, 0.98765),
    entry('r2', 'running', 2_000, null),
  ]).split('\n');
  assert.match(
    lines[0],
    /^id\s+experiment\s+status\s+started\s+duration\s+test acc\s+val acc\s+epochs\s+git$/,
  );
  assert.match(
    lines[2],
    /^r1\s+mnist\s+finished\s+2026-01-02 03:04:05\s+1m05s\s+98\.77%\s+50\.00%\s+3\s+abcdef01$/,
  );
  assert.match(lines[3], /^r2\s+mnist\s+running\s+.*\s+2\.0s…\s+–\s+50\.00%/);
});

test('runReport: the test accuracy, not the last epoch’s training accuracy, with both labelled', () => {
  const point = (key: string, step: number, value: number) => ({ key, step, value, time: 0 });
  const run: RunDetail = {
    ...base,
    id: 'r1',
    name: 'r1',
    status: 'killed',
    startTime: 0,
    endTime: 42_000,
    lastStep: 7,
    error: 'interrupted by SIGTERM',
    params: {},
    metrics: {
      accuracy: point('accuracy', 5, 0.99),
      val_accuracy: point('val_accuracy', 5, 0.9),
      'test/accuracy': point('test/accuracy', 5, 0.875),
    },
  };
  const text = runReport(run, []);
  assert.match(
    text,
    /test accuracy 87\.50% \(held-out test split\); last training epoch 5: accuracy 99\.00%, val accuracy 90\.00%/,
  );
  assert.match(text, /last step 7\nerror: interrupted by SIGTERM/);
  const [testPart, trainPart] = text.split('training and other metrics');
  assert.match(testPart, /test\/accuracy\s+5\s+0\.87500/);
  assert.doesNotMatch(trainPart, /test\/accuracy/);
  assert.match(trainPart, /accuracy\s+5\s+0\.99000/);
});

// ---- the real command ----

const bin = fileURLToPath(new URL('../../bin/frontier.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'frontier-cli-runs-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function frontier(args: string[]) {
  const r = spawnSync(process.execPath, [bin, ...args], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, FRONTIER_BACKEND: 'cpu', FRONTIER_TRACKING_URL: join(dir, 't.db') },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test(
  'runs list: a silent run is crashed by the next command; key metrics; -s crashed filters',
  { timeout: 120_000 },
  async () => {
    const store = await openStore(join(dir, 't.db'));
    const done = await store.createRun({ experiment: 'e', startTime: 1_000 });
    await store.logMetrics(done.id, [
      { key: 'val_accuracy', step: 2, value: 0.625 },
      { key: 'test/accuracy', step: 2, value: 0.75 },
    ]);
    await store.updateRun(done.id, { status: 'finished', endTime: 61_000 });
    const lost = await store.createRun({ experiment: 'e', startTime: 2_000 });
    await store.heartbeat(lost.id, 3);
    await store.close();
    const db = new Database(join(dir, 't.db'));
    db.prepare('UPDATE runs SET heartbeat_at = 5000 WHERE id = ?').run(lost.id); // silent since 1970
    db.close();

    const r = frontier(['runs', 'list', '--json']);
    assert.equal(r.code, 0, r.stderr);
    const list = JSON.parse(r.stdout) as Array<{
      id: string;
      status: string;
      durationMs: number;
      lastStep: number;
      keyMetrics: { testAccuracy: number; valAccuracy: number };
    }>;
    assert.deepEqual(
      list.map((x) => [x.id, x.status, x.durationMs, x.keyMetrics.testAccuracy, x.keyMetrics.valAccuracy]),
      [
        [lost.id, 'crashed', 3_000, null, null],
        [done.id, 'finished', 60_000, 0.75, 0.625],
      ],
    );
    assert.equal(list[0].lastStep, 3);

    const crashed = frontier(['runs', 'list', '-s', 'crashed']);
    assert.equal(crashed.code, 0, crashed.stderr);
    assert.match(crashed.stdout, new RegExp(`${lost.id}\\s+e\\s+crashed\\s+1970-01-01 00:00:02\\s+3\\.0s`));
    assert.doesNotMatch(crashed.stdout, new RegExp(done.id));
  },
);

test('with --json, errors are one JSON line on stderr: bad status, unknown run', { timeout: 120_000 }, () => {
  const bad = frontier(['--json', 'runs', 'list', '-s', 'paused']);
  assert.equal(bad.code, 1);
  assert.equal(bad.stdout, '');
  const e = JSON.parse(bad.stderr) as {
    error: { code: string; message: string; where: string; hint: string };
  };
  assert.equal(e.error.code, 'CLI_USAGE');
  assert.match(e.error.message, /'paused' is invalid.*running, finished, failed, killed, crashed/);

  const missing = frontier(['runs', 'show', '20260101-000000-000000', '--json']);
  assert.equal(missing.code, 1);
  assert.deepEqual(JSON.parse(missing.stderr), {
    error: {
      code: 'TRACK_UNKNOWN_RUN',
      message: 'no run with id "20260101-000000-000000"',
      where: join(dir, 't.db'),
      hint: 'list runs with `frontier runs` and check the id',
    },
  });
});
