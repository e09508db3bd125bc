import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type TrackingStore } from '../track/index.ts';
import { optimize } from './optimize.ts';
import { functionExecutor, type Objective } from './function-executor.ts';
import { AshaPruner } from './pruners.ts';
import { GridSampler, RandomSampler } from './samplers.ts';
import { spaceHash, StudyStorage } from './storage.ts';
import type { SearchSpace } from './space.ts';
import type { FrontierError } from '../util/errors.ts';

const space: SearchSpace = {
  x: { type: 'float', low: 0, high: 1 },
  kind: { type: 'choice', values: ['a', 'b'] },
};

/** Accuracy-like curve: approaches 1 − |x − 0.7| over 9 epochs, reporting each epoch. */
const curve: Objective = async (t) => {
  const top = 1 - Math.abs((t.params.x as number) - 0.7);
  let v = 0;
  for (let step = 1; step <= 9; step++) {
    v = top * (1 - 0.5 ** step);
    if (await t.report(step, v)) break;
  }
  return v;
};

async function memoryStore(): Promise<TrackingStore> {
  return openStore('sqlite::memory:');
}

test('a random study stores one run per trial with its params, metric series, number and status', async () => {
  const store = await memoryStore();
  const r = await optimize({
    space,
    store,
    study: 's1',
    nTrials: 6,
    workers: 2,
    sampler: new RandomSampler(),
    executor: functionExecutor(curve),
    seed: 3,
  });
  assert.deepEqual(
    r.trials.map((t) => t.number),
    [0, 1, 2, 3, 4, 5],
  );
  assert.ok(r.trials.every((t) => t.state === 'finished'));
  assert.equal(r.trialEpochs, 54);
  const best = r.trials.reduce((a, b) => (b.value! > a.value! ? b : a));
  assert.equal(r.best?.number, best.number);
  const runs = await store.listRuns({ experiment: 's1' });
  assert.equal(runs.length, 6);
  assert.ok(runs.every((run) => run.status === 'finished'));
  const detail = await store.getRun(r.trials[2].runId);
  assert.equal(detail.params['tune.trial'], '2');
  assert.equal(Number(detail.params['p.x']), r.trials[2].params.x);
  assert.deepEqual(JSON.parse(detail.params['tune.params']), r.trials[2].params);
  const series = await store.getMetricSeries(r.trials[2].runId, 'val_accuracy');
  assert.deepEqual(
    series.map((p) => p.step),
    [1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  assert.equal(detail.metrics['tune.objective'].value, r.trials[2].value);
  await store.close();
});

test('ASHA inside the loop stops weak trials at rungs and stores them as killed', async () => {
  const store = await memoryStore();
  // x values chosen by a grid in this order: trial i gets point i
  const xs: SearchSpace = { x: { type: 'choice', values: [0.7, 0.1, 0.65, 0.2, 0.9] } };
  const r = await optimize({
    space: xs,
    store,
    study: 's2',
    nTrials: 5,
    sampler: new GridSampler(),
    pruner: new AshaPruner({ maxResource: 9 }),
    executor: functionExecutor(curve),
  });
  // rung 1 tops: 0 alone; 1 behind 0 → pruned; 2: keep max(1,⌊3/3⌋)=1 → 0.7 better than 0.65 → pruned;
  // 3: pruned; 4 (x=0.9, top 0.8): rung 1 n=5 keep 1 → pruned at 1.
  assert.deepEqual(
    r.trials.map((t) => [t.number, t.state, t.intermediate.length]),
    [
      [0, 'finished', 9],
      [1, 'pruned', 1],
      [2, 'pruned', 1],
      [3, 'pruned', 1],
      [4, 'pruned', 1],
    ],
  );
  const statuses = (await store.listRuns({ experiment: 's2' })).map((run) => run.status).sort();
  assert.deepEqual(statuses, ['finished', 'killed', 'killed', 'killed', 'killed']);
  assert.equal(r.trialEpochs, 13);
  await store.close();
});

test('grid search covers every point once and stops when the grid is exhausted', async () => {
  const store = await memoryStore();
  const g: SearchSpace = {
    x: { type: 'float', low: 0, high: 1, step: 0.25 },
    kind: { type: 'choice', values: ['a', 'b'] },
  };
  const r = await optimize({
    space: g,
    store,
    study: 'g',
    nTrials: 100,
    workers: 3,
    sampler: new GridSampler(),
    executor: functionExecutor(curve),
  });
  assert.equal(r.trials.length, 10);
  assert.equal(new Set(r.trials.map((t) => JSON.stringify(t.params))).size, 10);
  assert.equal(r.best?.params.x, 0.75);
  await store.close();
});

test('an interrupted study resumes: stale running trials are failed and replaced', async () => {
  const store = await memoryStore();
  const meta = {
    spaceHash: spaceHash(space),
    sampler: 'random',
    pruner: 'none',
    direction: 'maximize' as const,
    metric: 'val_accuracy',
    seed: 42,
  };
  const crashed = new StudyStorage(store, 's3', meta);
  const a = await crashed.claim();
  await crashed.setParams(a.runId, { x: 0.5, kind: 'a' });
  await crashed.report(a.runId, 1, { val_accuracy: 0.2 });
  const done = await crashed.claim();
  await crashed.setParams(done.runId, { x: 0.7, kind: 'b' });
  await crashed.finish(done.runId, 'finished', 0.99);
  await new Promise((r) => setTimeout(r, 30));
  const r = await optimize({
    space,
    store,
    study: 's3',
    nTrials: 4,
    sampler: new RandomSampler(),
    executor: functionExecutor(curve),
    staleAfterMs: 10,
  });
  assert.deepEqual(r.orphaned, [a.runId]);
  assert.equal((await store.getRun(a.runId)).status, 'failed');
  assert.equal((await store.getRun(a.runId)).params['tune.orphaned'], 'true');
  assert.deepEqual(
    r.trials.map((t) => [t.number, t.state]),
    [
      [0, 'failed'],
      [1, 'finished'],
      [2, 'finished'],
      [3, 'finished'],
      [4, 'finished'],
    ],
  );
  assert.equal(r.best?.number, 1); // the trial finished before the interruption, 0.99
  // A rerun with the study complete runs nothing more.
  const again = await optimize({
    space,
    store,
    study: 's3',
    nTrials: 4,
    sampler: new RandomSampler(),
    executor: functionExecutor(curve),
  });
  assert.equal(again.trials.length, 5);
  await assert.rejects(
    optimize({
      space: { y: { type: 'int', low: 0, high: 3 } },
      store,
      study: 's3',
      nTrials: 4,
      sampler: new RandomSampler(),
      executor: functionExecutor(curve),
    }),
    (e: FrontierError) => e.code === 'TUNE_STUDY_MISMATCH',
  );
  await store.close();
});

test('two processes sharing one store file split one study without duplicate numbers', async () => {
  const path = join(await mkdtemp(join(tmpdir(), 'tune-share-')), 't.db');
  const [s1, s2] = [await openStore(path), await openStore(path)];
  const slow: Objective = async (t) => {
    await new Promise((r) => setTimeout(r, 5));
    return curve(t);
  };
  const run = (store: TrackingStore) =>
    optimize({
      space,
      store,
      study: 'shared',
      nTrials: 12,
      workers: 2,
      sampler: new RandomSampler(),
      executor: functionExecutor(slow),
    });
  const [a, b] = await Promise.all([run(s1), run(s2)]);
  // Each process ran some of the trials; together exactly the budget finished.
  const mine = (r: typeof a) => r.trials.filter((t) => t.state === 'finished').length;
  assert.ok(mine(a) > 0 && mine(b) > 0, `${mine(a)} / ${mine(b)}`);
  const runs = await s1.listRuns({ experiment: 'shared' });
  const versions = await s1.listModelVersions('shared#trials');
  assert.equal(versions.length, runs.length);
  assert.deepEqual(
    versions.map((v) => v.version),
    runs.map((_, i) => i + 1),
  );
  assert.equal(new Set(versions.map((v) => v.runId)).size, runs.length);
  const finished = runs.filter((r) => r.status === 'finished').length;
  const surplus = (await Promise.all(runs.map((r) => s1.getRun(r.id)))).filter(
    (d) => d.params['tune.surplus'] === 'true',
  );
  assert.equal(finished, 12);
  assert.equal(runs.length, 12 + surplus.length);
  await Promise.all([s1.close(), s2.close()]);
});

test('an epoch budget stops claiming once the trials have run that many epochs', async () => {
  const store = await memoryStore();
  // 9 epochs per trial: after trials 0 and 1, 18 < 20 so trial 2 starts; after it, 27 ≥ 20.
  const r = await optimize({
    space,
    store,
    study: 'b',
    nTrials: 100,
    maxTrialEpochs: 20,
    sampler: new RandomSampler(),
    executor: functionExecutor(curve),
  });
  assert.equal(r.trials.length, 3);
  assert.equal(r.trialEpochs, 27);
  await store.close();
});

test('bad budgets and repeated failures are reported with where and a fix', async () => {
  const store = await memoryStore();
  await assert.rejects(
    optimize({
      space,
      store,
      study: 'e',
      nTrials: 0,
      sampler: new RandomSampler(),
      executor: functionExecutor(curve),
    }),
    (e: FrontierError) => e.code === 'TUNE_BAD_TRIALS' && e.where === '--trials',
  );
  const boom: Objective = () => {
    throw new Error('diverged');
  };
  await assert.rejects(
    optimize({
      space,
      store,
      study: 'f',
      nTrials: 10,
      sampler: new RandomSampler(),
      executor: functionExecutor(boom),
    }),
    (e: FrontierError) => e.code === 'TUNE_TRIALS_FAILING' && /diverged/.test(e.message),
  );
  assert.deepEqual(
    (await store.listRuns({ experiment: 'f' })).map((r) => r.status),
    ['failed', 'failed', 'failed'],
  );
  await store.close();
});
