/**
 * The one test suite every {@link TrackingStore} implementation must pass. An
 * implementation's test file calls {@link runStoreConformance} with a factory that
 * returns a fresh, empty store; each test opens its own and closes it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { FrontierError } from '../util/errors.ts';
import type { MetricInput, TrackingStore } from './store.ts';

const SHA_A = 'a'.repeat(64);
const SHA_B = '0123456789abcdef'.repeat(4);

async function rejectsWith(p: Promise<unknown>, code: string, includes?: string): Promise<void> {
  await assert.rejects(p, (err: unknown) => {
    assert.ok(err instanceof FrontierError, `expected FrontierError ${code}, got ${String(err)}`);
    assert.equal(err.code, code);
    assert.ok(err.hint, 'FrontierError must carry a hint');
    if (includes !== undefined)
      assert.ok(err.message.includes(includes), `message ${err.message} lacks ${includes}`);
    return true;
  });
}

/** Registers the conformance tests for one implementation under `label`. */
export function runStoreConformance(label: string, open: () => Promise<TrackingStore>): void {
  const it = (name: string, body: (store: TrackingStore) => Promise<void>) =>
    test(name, async () => {
      const store = await open();
      try {
        await body(store);
      } finally {
        await store.close();
      }
    });

  describe(`TrackingStore conformance: ${label}`, () => {
    it('getOrCreateExperiment returns the same experiment for the same name', async (s) => {
      const a = await s.getOrCreateExperiment('mnist');
      const b = await s.getOrCreateExperiment('mnist');
      const c = await s.getOrCreateExperiment('cifar');
      assert.deepEqual(b, a);
      assert.notEqual(c.id, a.id);
      assert.deepEqual(
        (await s.listExperiments()).map((e) => e.name),
        ['cifar', 'mnist'],
      );
      await rejectsWith(s.getOrCreateExperiment(''), 'TRACK_BAD_NAME');
    });

    it('createRun round-trips every field, and applies defaults', async (s) => {
      const config = {
        model: { layers: [32, 64], act: 'relu' },
        lr: 0.001,
        note: 'ünïcode ✓',
        nested: [null, true],
      };
      const run = await s.createRun({
        experiment: 'mnist',
        name: 'baseline',
        gitSha: 'deadbeef',
        config,
        seed: 42,
        versions: { node: '20.19.0', tfjs: '4.22.0', frontier: '0.1.0', backend: 'onednn' },
        host: 'box-1',
        startTime: Date.UTC(2026, 10, 29, 16, 30, 12, 345),
      });
      assert.match(run.id, /^20261129-163012-[0-9a-f]{6}$/);
      const exp = await s.getOrCreateExperiment('mnist');
      assert.deepEqual(run, {
        id: run.id,
        experimentId: exp.id,
        experiment: 'mnist',
        name: 'baseline',
        status: 'running',
        startTime: Date.UTC(2026, 10, 29, 16, 30, 12, 345),
        endTime: null,
        gitSha: 'deadbeef',
        config,
        seed: 42,
        versions: { node: '20.19.0', tfjs: '4.22.0', frontier: '0.1.0', backend: 'onednn' },
        host: 'box-1',
        heartbeatAt: null,
        lastStep: null,
        error: null,
        resumedFrom: null,
      });
      assert.deepEqual(await s.getRun(run.id), { ...run, params: {}, metrics: {} });

      const before = Date.now();
      const bare = await s.createRun({ experiment: 'other' });
      assert.equal(bare.name, bare.id);
      assert.deepEqual(
        [bare.config, bare.versions, bare.seed, bare.gitSha, bare.host],
        [{}, {}, null, null, null],
      );
      assert.ok(bare.startTime >= before && bare.startTime <= Date.now());
      assert.notEqual(bare.id, run.id);

      await rejectsWith(s.createRun({ experiment: 'e', seed: 1.5 }), 'TRACK_BAD_SEED', '1.5');
      await rejectsWith(s.createRun({ experiment: 'e', config: { n: 1n } }), 'TRACK_BAD_CONFIG');
      await rejectsWith(s.createRun({ experiment: '' }), 'TRACK_BAD_NAME');
      assert.equal((await s.listRuns()).length, 2, 'rejected runs were not stored');
    });

    it('updateRun sets status and end time', async (s) => {
      const run = await s.createRun({ experiment: 'e', startTime: 1_000 });
      const before = Date.now();
      const done = await s.updateRun(run.id, { status: 'finished' });
      assert.equal(done.status, 'finished');
      assert.ok(done.endTime !== null && done.endTime >= before && done.endTime <= Date.now());
      const killed = await s.updateRun(run.id, { status: 'killed', endTime: 5_000 });
      assert.deepEqual([killed.status, killed.endTime], ['killed', 5_000]);
      assert.deepEqual((await s.getRun(run.id)).endTime, 5_000);
      await rejectsWith(s.updateRun(run.id, { status: 'done' as never }), 'TRACK_BAD_STATUS', 'done');
    });

    it('logParams stores text and overwrites a key logged again', async (s) => {
      const run = await s.createRun({ experiment: 'e' });
      await s.logParams(run.id, { lr: 0.001, optimizer: 'adam', augment: true, batch: 64 });
      await s.logParams(run.id, { batch: 128 });
      await s.logParams(run.id, {});
      assert.deepEqual((await s.getRun(run.id)).params, {
        augment: 'true',
        batch: '128',
        lr: '0.001',
        optimizer: 'adam',
      });
    });

    it('metric series are ordered by step, and getRun has the latest value of each', async (s) => {
      const run = await s.createRun({ experiment: 'e' });
      await s.logMetrics(run.id, [
        { key: 'loss', step: 2, value: 0.5, time: 3 },
        { key: 'loss', step: 0, value: 2.25, time: 1 },
        { key: 'acc', step: 0, value: 0.1, time: 1 },
      ]);
      await s.logMetrics(run.id, [{ key: 'loss', step: 1, value: 1.125, time: 2 }]);
      // Same step logged twice: the later one is the latest.
      await s.logMetrics(run.id, [{ key: 'acc', step: 0, value: 0.2, time: 4 }]);
      assert.deepEqual(await s.getMetricSeries(run.id, 'loss'), [
        { key: 'loss', step: 0, value: 2.25, time: 1 },
        { key: 'loss', step: 1, value: 1.125, time: 2 },
        { key: 'loss', step: 2, value: 0.5, time: 3 },
      ]);
      assert.deepEqual(
        (await s.getMetricSeries(run.id, 'acc')).map((p) => p.value),
        [0.1, 0.2],
      );
      assert.deepEqual((await s.getRun(run.id)).metrics, {
        acc: { key: 'acc', step: 0, value: 0.2, time: 4 },
        loss: { key: 'loss', step: 2, value: 0.5, time: 3 },
      });
      assert.deepEqual(await s.getMetricSeries(run.id, 'never-logged'), []);
    });

    it('logMetrics defaults time to now and rejects a bad batch whole', async (s) => {
      const run = await s.createRun({ experiment: 'e' });
      const before = Date.now();
      await s.logMetrics(run.id, [{ key: 'loss', step: 7, value: -3.5 }]);
      const [p] = await s.getMetricSeries(run.id, 'loss');
      assert.ok(p.time >= before && p.time <= Date.now());
      assert.deepEqual([p.step, p.value], [7, -3.5]);
      const batch: MetricInput[] = [
        { key: 'loss', step: 8, value: 1 },
        { key: 'loss', step: 9, value: Number.NaN },
      ];
      await rejectsWith(s.logMetrics(run.id, batch), 'TRACK_BAD_METRIC', 'NaN');
      await rejectsWith(s.logMetrics(run.id, [{ key: 'loss', step: 1.5, value: 1 }]), 'TRACK_BAD_METRIC');
      assert.equal((await s.getMetricSeries(run.id, 'loss')).length, 1);
    });

    it('a large batch is stored exactly', async (s) => {
      const run = await s.createRun({ experiment: 'e' });
      const points = Array.from({ length: 5_000 }, (_, i) => ({
        key: i % 2 ? 'b' : 'a',
        step: i,
        value: i / 8,
        time: i,
      }));
      await s.logMetrics(run.id, points);
      const a = await s.getMetricSeries(run.id, 'a');
      assert.equal(a.length, 2_500);
      assert.deepEqual(a[1249], { key: 'a', step: 2498, value: 312.25, time: 2498 });
      assert.deepEqual((await s.getRun(run.id)).metrics.b, {
        key: 'b',
        step: 4999,
        value: 624.875,
        time: 4999,
      });
    });

    it('property: any points come back sorted by step, ties in logging order, values exact', async (s) => {
      const point = fc.record({
        step: fc.integer({ min: -1_000, max: 1_000_000 }),
        // -0 is stored as 0 by SQLite; it is not a meaningful metric value.
        value: fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => (Object.is(v, -0) ? 0 : v)),
        time: fc.integer({ min: 0, max: 2 ** 50 }),
      });
      await fc.assert(
        fc.asyncProperty(fc.array(point, { maxLength: 40 }), async (pts) => {
          const run = await s.createRun({ experiment: 'prop' });
          await s.logMetrics(
            run.id,
            pts.map((p) => ({ key: 'm', ...p })),
          );
          const expected = pts.map((p, i) => ({ ...p, i })).sort((x, y) => x.step - y.step || x.i - y.i);
          assert.deepEqual(
            await s.getMetricSeries(run.id, 'm'),
            expected.map(({ step, value, time }) => ({ key: 'm', step, value, time })),
          );
        }),
        { numRuns: 25 },
      );
    });

    it('artifacts round-trip, sorted by path, and a path logged again is replaced', async (s) => {
      const run = await s.createRun({ experiment: 'e' });
      await s.logArtifact({
        runId: run.id,
        path: 'model/weights.bin',
        kind: 'model',
        sha256: SHA_A,
        bytes: 3_276_800,
      });
      await s.logArtifact({
        runId: run.id,
        path: 'checkpoints/epoch-1',
        kind: 'checkpoint',
        sha256: SHA_B,
        bytes: 0,
      });
      await s.logArtifact({
        runId: run.id,
        path: 'model/weights.bin',
        kind: 'model',
        sha256: SHA_B,
        bytes: 12,
      });
      assert.deepEqual(await s.listArtifacts(run.id), [
        { runId: run.id, path: 'checkpoints/epoch-1', kind: 'checkpoint', sha256: SHA_B, bytes: 0 },
        { runId: run.id, path: 'model/weights.bin', kind: 'model', sha256: SHA_B, bytes: 12 },
      ]);
      await rejectsWith(
        s.logArtifact({ runId: run.id, path: 'x', kind: 'model', sha256: 'ABC', bytes: 1 }),
        'TRACK_BAD_ARTIFACT',
      );
      await rejectsWith(
        s.logArtifact({ runId: run.id, path: 'x', kind: 'model', sha256: SHA_A, bytes: -1 }),
        'TRACK_BAD_ARTIFACT',
      );
    });

    it('the registry numbers versions 1, 2, 3 per name and resolves aliases', async (s) => {
      const r1 = await s.createRun({ experiment: 'e' });
      const r2 = await s.createRun({ experiment: 'e' });
      const v1 = await s.registerModel({ name: 'cnn', runId: r1.id, artifactPath: 'runs/1/model' });
      const v2 = await s.registerModel({ name: 'cnn', runId: r2.id, artifactPath: 'runs/2/model' });
      const other = await s.registerModel({ name: 'mlp', runId: r1.id, artifactPath: 'runs/1/mlp' });
      const v3 = await s.registerModel({ name: 'cnn', runId: r2.id, artifactPath: 'runs/2/model-b' });
      assert.deepEqual([v1.version, v2.version, v3.version, other.version], [1, 2, 3, 1]);
      assert.deepEqual([v2.name, v2.runId, v2.artifactPath, v2.aliases], ['cnn', r2.id, 'runs/2/model', []]);

      await s.setAlias('cnn', 'production', 2);
      await s.setAlias('cnn', 'staging', 3);
      const prod = await s.getModelVersion('cnn', 'production');
      assert.deepEqual(prod, { ...v2, aliases: ['production'] });
      await s.setAlias('cnn', 'production', 3); // move it
      assert.equal((await s.getModelVersion('cnn', 'production')).version, 3);
      assert.deepEqual(await s.getModelVersion('cnn', 1), v1);
      assert.deepEqual(
        (await s.listModelVersions('cnn')).map((v) => [v.version, v.aliases]),
        [
          [1, []],
          [2, []],
          [3, ['production', 'staging']],
        ],
      );
      assert.deepEqual(await s.listModelVersions('no-such-model'), []);

      await rejectsWith(s.getModelVersion('cnn', 4), 'TRACK_UNKNOWN_MODEL', 'version 4');
      await rejectsWith(s.getModelVersion('cnn', 'canary'), 'TRACK_UNKNOWN_MODEL', 'canary');
      await rejectsWith(s.getModelVersion('nope', 1), 'TRACK_UNKNOWN_MODEL');
      await rejectsWith(s.setAlias('cnn', 'production', 9), 'TRACK_UNKNOWN_MODEL');
      await rejectsWith(s.setAlias('cnn', '7', 1), 'TRACK_BAD_ALIAS');
      await rejectsWith(s.getModelVersion('cnn', 0), 'TRACK_BAD_VERSION');
      assert.equal(
        (await s.getModelVersion('cnn', 'production')).version,
        3,
        'failed setAlias changed nothing',
      );
    });

    it('listRuns filters by experiment and status, newest first, with a limit', async (s) => {
      const mk = async (experiment: string, startTime: number) =>
        (await s.createRun({ experiment, startTime })).id;
      const a1 = await mk('a', 1_000);
      const a2 = await mk('a', 3_000);
      const b1 = await mk('b', 2_000);
      const a3 = await mk('a', 4_000);
      await s.updateRun(a2, { status: 'failed' });
      await s.updateRun(b1, { status: 'finished' });
      const ids = async (o?: Parameters<TrackingStore['listRuns']>[0]) =>
        (await s.listRuns(o)).map((r) => r.id);
      assert.deepEqual(await ids(), [a3, a2, b1, a1]);
      assert.deepEqual(await ids({ experiment: 'a' }), [a3, a2, a1]);
      assert.deepEqual(await ids({ status: 'running' }), [a3, a1]);
      assert.deepEqual(await ids({ experiment: 'a', status: 'failed' }), [a2]);
      assert.deepEqual(await ids({ experiment: 'a', limit: 2 }), [a3, a2]);
      assert.deepEqual(await ids({ experiment: 'missing' }), []);
      assert.equal((await s.listRuns({ experiment: 'b' }))[0].status, 'finished');
      await rejectsWith(s.listRuns({ limit: 0 }), 'TRACK_BAD_LIMIT');
      await rejectsWith(s.listRuns({ status: 'paused' as never }), 'TRACK_BAD_STATUS');
    });

    it('updateRun stores an error and the last step; a resumed run links to its origin', async (s) => {
      const first = await s.createRun({ experiment: 'e' });
      const failed = await s.updateRun(first.id, {
        status: 'failed',
        error: 'loss became NaN at epoch 3',
        lastStep: 3,
      });
      assert.deepEqual(
        [failed.status, failed.error, failed.lastStep],
        ['failed', 'loss became NaN at epoch 3', 3],
      );
      const kept = await s.updateRun(first.id, { endTime: 77 });
      assert.deepEqual([kept.error, kept.lastStep, kept.endTime], ['loss became NaN at epoch 3', 3, 77]);
      assert.equal((await s.updateRun(first.id, { error: null })).error, null);
      await rejectsWith(s.updateRun(first.id, { lastStep: 1.5 }), 'TRACK_BAD_STEP', '1.5');

      const resumed = await s.createRun({ experiment: 'e', resumedFrom: first.id });
      assert.equal(resumed.resumedFrom, first.id);
      assert.equal((await s.getRun(resumed.id)).resumedFrom, first.id);
      await rejectsWith(
        s.createRun({ experiment: 'e', resumedFrom: '20260101-000000-000000' }),
        'TRACK_UNKNOWN_RUN',
      );
      assert.equal((await s.listRuns()).length, 2, 'a run resuming an unknown run is not stored');
    });

    it('heartbeat records liveness and step; markStaleRuns crashes only silent supervised runs', async (s) => {
      const before = Date.now();
      const silent = await s.createRun({ experiment: 'e' });
      const unsupervised = await s.createRun({ experiment: 'e', startTime: 1_000 });
      const done = await s.createRun({ experiment: 'e' });
      await s.heartbeat(silent.id, 9);
      await s.heartbeat(silent.id); // no step: keeps 9
      await s.heartbeat(done.id, 2);
      await s.updateRun(done.id, { status: 'finished' });
      const beat = await s.getRun(silent.id);
      const at = beat.heartbeatAt as number;
      assert.ok(at >= before && at <= Date.now(), `heartbeat ${at}`);
      assert.deepEqual([beat.lastStep, beat.status], [9, 'running']);

      // Exactly 60 s of silence is not yet stale; 61 s is.
      assert.deepEqual(await s.markStaleRuns({ staleAfterMs: 60_000, now: at + 60_000 }), []);
      const marked = await s.markStaleRuns({ staleAfterMs: 60_000, now: at + 61_000 });
      assert.deepEqual(
        marked.map((r) => [r.id, r.status, r.endTime, r.lastStep]),
        [[silent.id, 'crashed', at, 9]],
      );
      assert.match(marked[0].error ?? '', /^no heartbeat for 61 s /);
      assert.deepEqual(await s.getRun(silent.id), { ...marked[0], params: {}, metrics: {} });
      assert.equal((await s.getRun(unsupervised.id)).status, 'running', 'never judged without a heartbeat');
      assert.equal((await s.getRun(done.id)).status, 'finished', 'terminal runs are left alone');
      assert.deepEqual(await s.markStaleRuns({ staleAfterMs: 60_000, now: at + 61_000 }), []);
      assert.deepEqual(
        (await s.listRuns({ status: 'crashed' })).map((r) => r.id),
        [silent.id],
      );

      // A crashed run that beats again was alive after all: running, no end time, no error.
      await s.heartbeat(silent.id, 10);
      const back = await s.getRun(silent.id);
      assert.deepEqual([back.status, back.endTime, back.error, back.lastStep], ['running', null, null, 10]);

      await rejectsWith(s.heartbeat('20260101-000000-000000'), 'TRACK_UNKNOWN_RUN');
      await rejectsWith(s.heartbeat(silent.id, 0.5), 'TRACK_BAD_STEP');
      await rejectsWith(s.markStaleRuns({ staleAfterMs: 0 }), 'TRACK_BAD_STALE');
    });

    it('secrets in URLs are redacted from config, params and errors before storing', async (s) => {
      const password = 'S3cr3t-Pa55@w0rd';
      const url = `postgres://alice:${password}@db.internal:5432/tracking`;
      const run = await s.createRun({
        experiment: 'e',
        config: { tracking: url, nested: [{ mirror: `${url}?sslmode=require` }], note: 'no secret here' },
      });
      await s.logParams(run.id, { tracking: url, [`key ${url}`]: 1 });
      await s.updateRun(run.id, { status: 'failed', error: `cannot reach ${url}: ECONNREFUSED` });
      const got = await s.getRun(run.id);
      const text = JSON.stringify([got, await s.listRuns()]);
      assert.ok(!text.includes(password) && !text.includes('S3cr3t'), text);
      assert.deepEqual(got.config, {
        tracking: 'postgres://alice:***@db.internal:5432/tracking',
        nested: [{ mirror: 'postgres://alice:***@db.internal:5432/tracking?sslmode=require' }],
        note: 'no secret here',
      });
      assert.equal(got.params.tracking, 'postgres://alice:***@db.internal:5432/tracking');
      assert.equal(got.error, 'cannot reach postgres://alice:***@db.internal:5432/tracking: ECONNREFUSED');
    });

    it('listModels lists every name with its versions and aliases', async (s) => {
      assert.deepEqual(await s.listModels(), []);
      const r = await s.createRun({ experiment: 'e' });
      const b1 = await s.registerModel({ name: 'b-cnn', runId: r.id, artifactPath: 'models/b1' });
      const a1 = await s.registerModel({ name: 'a-mlp', runId: r.id, artifactPath: 'models/a1' });
      const b2 = await s.registerModel({ name: 'b-cnn', runId: r.id, artifactPath: 'models/b2' });
      await s.setAlias('b-cnn', 'staging', 2);
      await s.setAlias('b-cnn', 'production', 1);
      assert.deepEqual(await s.listModels(), [
        { name: 'a-mlp', versions: [a1], aliases: {} },
        {
          name: 'b-cnn',
          versions: [
            { ...b1, aliases: ['production'] },
            { ...b2, aliases: ['staging'] },
          ],
          aliases: { production: 1, staging: 2 },
        },
      ]);
      assert.deepEqual(Object.keys((await s.listModels())[1].aliases), ['production', 'staging']);
    });

    it('every method taking a run id rejects an unknown one with TRACK_UNKNOWN_RUN', async (s) => {
      const id = '20260101-000000-000000';
      await rejectsWith(s.getRun(id), 'TRACK_UNKNOWN_RUN', id);
      await rejectsWith(s.updateRun(id, { status: 'finished' }), 'TRACK_UNKNOWN_RUN');
      await rejectsWith(s.logParams(id, { a: 1 }), 'TRACK_UNKNOWN_RUN');
      await rejectsWith(s.logMetrics(id, [{ key: 'loss', step: 0, value: 1 }]), 'TRACK_UNKNOWN_RUN');
      await rejectsWith(s.getMetricSeries(id, 'loss'), 'TRACK_UNKNOWN_RUN');
      await rejectsWith(
        s.logArtifact({ runId: id, path: 'p', kind: 'model', sha256: SHA_A, bytes: 1 }),
        'TRACK_UNKNOWN_RUN',
      );
      await rejectsWith(s.listArtifacts(id), 'TRACK_UNKNOWN_RUN');
      await rejectsWith(s.registerModel({ name: 'cnn', runId: id, artifactPath: 'p' }), 'TRACK_UNKNOWN_RUN');
      // A failed registration must not consume a version number.
      const run = await s.createRun({ experiment: 'e' });
      assert.equal((await s.registerModel({ name: 'cnn', runId: run.id, artifactPath: 'p' })).version, 1);
    });
  });
}
