// End to end: `tune` with real training in 2 worker processes on penguins, stored in
// a real SQLite store; then a study killed with SIGKILL mid-trial and resumed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveStudy } from '../src/study/index.ts';
import { loadStudyData } from '../src/preprocess/study-data.ts';
import { loadModel } from '../src/io/index.ts';
import { openStore } from '../src/track/index.ts';
import { tune, type TuneConfig } from '../src/tune/index.ts';

await tf.setBackend('cpu');

const config = (tracking: string): TuneConfig => ({
  seed: 7,
  dataset: { name: 'penguins' },
  tracking,
  train: { epochs: 4, batchSize: 32 },
  search: {
    'train.optimizer.learningRate': { type: 'float', low: 1e-4, high: 0.1, log: true },
    'train.batchSize': { type: 'choice', values: [16, 32] },
  },
});

test(
  'tune trains trials in 2 worker processes, stores each, and saves the best model with its reported accuracy',
  { timeout: 240_000 },
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'frontier-tune-'));
    const tracking = join(root, 't.db');
    const r = await tune(config(tracking), {
      study: 'e2e',
      out: join(root, 'out'),
      trials: 6,
      workers: 2,
      sampler: 'tpe',
      pruner: 'asha',
      minResource: 1,
      reductionFactor: 2,
    });
    assert.equal(r.trials.length, 6);
    assert.deepEqual(
      r.trials.map((t) => t.number),
      [0, 1, 2, 3, 4, 5],
    );
    for (const t of r.trials) {
      assert.ok(t.state === 'finished' || t.state === 'pruned', `trial ${t.number} ${t.state}`);
      // pruned trials stop at a rung (1 or 2 with η = 2 under 4 epochs); finished ones run all 4
      assert.ok(
        t.state === 'finished' ? t.intermediate.length === 4 : [1, 2].includes(t.intermediate.length),
      );
    }
    assert.equal(
      r.trialEpochs,
      r.trials.reduce((s, t) => s + t.intermediate.length, 0),
    );
    assert.ok(r.trialEpochs < 24 || r.trials.every((t) => t.state === 'finished'));

    const store = await openStore(tracking);
    const runs = await store.listRuns({ experiment: 'e2e' });
    assert.equal(runs.length, 6);
    for (const t of r.trials) {
      const detail = await store.getRun(t.runId);
      assert.equal(detail.status, t.state === 'pruned' ? 'killed' : 'finished');
      assert.deepEqual(JSON.parse(detail.params['tune.params']), t.params);
      const series = await store.getMetricSeries(t.runId, 'val_loss');
      assert.equal(series.length, t.intermediate.length);
    }
    // The best model, reloaded, scores exactly the best trial's validation accuracy.
    assert.ok(r.best && r.bestModelDir && r.bestConfig);
    assert.equal((r.bestConfig.train as { batchSize: number }).batchSize, r.best.params['train.batchSize']);
    const model = await loadModel(r.bestModelDir);
    const data = await loadStudyData(resolveStudy(r.bestConfig, 'cpu'));
    const pred = (model.predict(data.validation.x) as tf.Tensor).argMax(-1).dataSync();
    const truth = data.validation.y.argMax(-1).dataSync();
    const acc = pred.filter((p, i) => p === truth[i]).length / truth.length;
    assert.ok(Math.abs(acc - r.best.value!) < 1e-6, `reloaded ${acc} vs reported ${r.best.value}`);
    const artifacts = await store.listArtifacts(r.best.runId);
    assert.ok(artifacts.some((a) => a.path === 'model.json'));
    const html = await readFile(r.reportPath, 'utf8');
    assert.equal((html.match(/<svg/g) ?? []).length, r.importance.some((i) => i.eta2 > 0) ? 3 : 2);
    await store.close();
  },
);

test(
  'a study killed with SIGKILL mid-trial resumes: the orphan is failed and the study completes',
  { timeout: 240_000 },
  async () => {
    const root = await mkdtemp(join(tmpdir(), 'frontier-tune-kill-'));
    const tracking = join(root, 't.db');
    const cfg = { ...config(tracking), train: { epochs: 30, batchSize: 16 } };
    const child = spawn(
      process.execPath,
      [
        '--import',
        import.meta.resolve('tsx'),
        fileURLToPath(new URL('./tune-child.ts', import.meta.url)),
        JSON.stringify(cfg),
        'killed',
        join(root, 'out'),
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // Kill once one trial has finished and the next has logged an epoch.
    const store = await openStore(tracking);
    for (let i = 0; ; i++) {
      await new Promise((r) => setTimeout(r, 500));
      const runs = await store.listRuns({ experiment: 'killed' }).catch(() => []);
      const running = runs.find((r) => r.status === 'running');
      if (
        runs.some((r) => r.status === 'finished') &&
        running &&
        (await store.getMetricSeries(running.id, 'val_accuracy')).length > 0
      )
        break;
      assert.ok(i < 300, `the child never got going:\n${stderr}`);
    }
    child.kill('SIGKILL');
    await exited;
    const before = await store.listRuns({ experiment: 'killed' });
    const orphan = before.find((r) => r.status === 'running');
    assert.ok(orphan, 'a trial was running when the process died');
    const finishedBefore = before.filter((r) => r.status === 'finished').length;

    const r = await tune(
      { ...cfg, train: { epochs: 30, batchSize: 16 } },
      {
        study: 'killed',
        out: join(root, 'out'),
        trials: finishedBefore + 1,
        workers: 1,
        sampler: 'random',
        pruner: 'none',
        inProcess: true,
        store,
      },
    );
    assert.deepEqual(r.orphaned, [orphan.id]);
    const detail = await store.getRun(orphan.id);
    assert.equal(detail.status, 'failed');
    assert.equal(detail.params['tune.orphaned'], 'true');
    assert.equal(r.trials.filter((t) => t.state === 'finished').length, finishedBefore + 1);
    assert.equal(r.trials.filter((t) => t.state === 'failed').length, 1);
    await store.close();
  },
);
