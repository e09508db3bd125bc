/**
 * Benchmark of the target: on the same budget of trial-epochs, does TPE with
 * ASHA reach random search's best validation accuracy using at most half of them?
 *
 * Task: an MLP on a small MNIST subset (default 1,000 training images, ~490
 * validation images), searching learning rate (log), batch size, hidden units (log)
 * and optimizer. For each seed: random search runs `trials` full trials (budget B =
 * trials × epochs trial-epochs, no pruning); TPE + ASHA (η = 3, rungs at 1 and 3
 * epochs) runs until it has spent B. Trials run one at a time in this process, so
 * "trial-epochs spent when a trial finishes" is the running sum of epochs in trial
 * order. The two methods sample with different seeds (TPE's startup trials would
 * otherwise replay random search's first points). Reported per seed: random's best, TPE+ASHA's trial-epochs to first finish a
 * trial at least that good (— if never), and its best at B/2 and at B.
 *
 *   node --import tsx packages/core/bench/tune.ts [--seeds 1,2,3] [--trials 20] [--epochs 9] [--train-limit 1000] [--validation n]
 *     [--startup n] [--gamma g] [--candidates n]   (TPE settings; default the sampler's)
 */
import { parseArgs } from 'node:util';
import type { StudyConfig } from '../src/study/index.ts';
import { selectBackend } from '../src/backend.ts';
import { openStore } from '../src/track/index.ts';
import { optimize, type StudyResult } from '../src/tune/optimize.ts';
import { AshaPruner, NopPruner } from '../src/tune/pruners.ts';
import { RandomSampler } from '../src/tune/samplers.ts';
import type { SearchSpace } from '../src/tune/space.ts';
import { TpeSampler, type TpeOptions } from '../src/tune/tpe.ts';
import { inProcessExecutor } from '../src/tune/train-trial.ts';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2,3' },
    trials: { type: 'string', default: '20' },
    epochs: { type: 'string', default: '9' },
    'train-limit': { type: 'string', default: '1000' },
    // Validation images (default: a third of the training set's size, i.e. split 0.33).
    validation: { type: 'string' },
    // TPE settings, to compare samplers on the same task (defaults: the sampler's own).
    startup: { type: 'string' },
    gamma: { type: 'string' },
    candidates: { type: 'string' },
  },
});
const seeds = args.seeds.split(',').map(Number);
const nTrials = Number(args.trials);
const epochs = Number(args.epochs);
const budget = nTrials * epochs;
const tpeOptions: TpeOptions = {
  ...(args.startup !== undefined ? { nStartupTrials: Number(args.startup) } : {}),
  ...(args.gamma !== undefined ? { gamma: Number(args.gamma) } : {}),
  ...(args.candidates !== undefined ? { nCandidates: Number(args.candidates) } : {}),
};

const space: SearchSpace = {
  'train.optimizer.name': { type: 'choice', values: ['adam', 'sgd', 'rmsprop'] },
  'train.optimizer.learningRate': { type: 'float', low: 1e-4, high: 1, log: true },
  'train.batchSize': { type: 'choice', values: [16, 32, 64, 128] },
  'model.layers.1.units': { type: 'int', low: 8, high: 256, log: true },
};

const base = (seed: number): StudyConfig => ({
  seed,
  dataset: { name: 'mnist' },
  model: {
    name: 'mlp',
    inputShape: [28, 28, 1],
    layers: [
      { type: 'flatten' },
      { type: 'dense', units: 64, activation: 'relu' },
      { type: 'dense', units: 10, activation: 'softmax' },
    ],
  },
  train: {
    epochs,
    batchSize: 32,
    optimizer: { name: 'adam', learningRate: 1e-3 },
    trainLimit: Number(args['train-limit']),
    testLimit: 100,
    validationSplit:
      args.validation === undefined
        ? 0.33
        : Number(args.validation) / (Number(args.validation) + Number(args['train-limit'])),
  },
});

/** Trial-epochs spent (trials in number order) when the first finished trial reaching `target` ended; null if none. */
function epochsToReach(r: StudyResult, target: number): number | null {
  let spent = 0;
  for (const t of [...r.trials].sort((a, b) => a.number - b.number)) {
    spent += t.intermediate.length;
    if (t.state === 'finished' && t.value !== undefined && t.value >= target - 1e-12) return spent;
  }
  return null;
}

/** Best finished value among trials completed within `limit` trial-epochs. */
function bestWithin(r: StudyResult, limit: number): number | null {
  let spent = 0;
  let best: number | null = null;
  for (const t of [...r.trials].sort((a, b) => a.number - b.number)) {
    spent += t.intermediate.length;
    if (spent > limit) break;
    if (t.state === 'finished' && t.value !== undefined) best = Math.max(best ?? -Infinity, t.value);
  }
  return best;
}

await selectBackend();
const rows: Array<Record<string, unknown>> = [];
const progress = (label: string) => (m: string) => {
  if (/finished|pruned/.test(m)) process.stderr.write(`${label} ${m}\n`);
};
for (const seed of seeds) {
  const store = await openStore('sqlite::memory:');
  const executor = inProcessExecutor(base(seed));
  const t0 = Date.now();
  const random = await optimize({
    space,
    store,
    study: `random-${seed}`,
    nTrials,
    sampler: new RandomSampler(),
    pruner: new NopPruner(),
    executor,
    seed,
    log: progress(`seed ${seed} random`),
  });
  const t1 = Date.now();
  const tpe = await optimize({
    // A different sampling seed: with the same one, TPE's random startup trials would replay random search's first points.
    space,
    store,
    study: `tpe-asha-${seed}`,
    nTrials: 10_000,
    maxTrialEpochs: budget,
    seed: seed + 1000,
    executor,
    log: progress(`seed ${seed} tpe+asha`),
    sampler: new TpeSampler(tpeOptions),
    pruner: new AshaPruner({ minResource: 1, reductionFactor: 3, maxResource: epochs }),
  });
  const t2 = Date.now();
  await executor.close?.();
  await store.close();
  const target = random.best!.value!;
  const reach = epochsToReach(tpe, target);
  const row = {
    seed,
    randomBest: target,
    randomEpochsToBest: epochsToReach(random, target),
    tpeTrials: tpe.trials.length,
    tpePruned: tpe.trials.filter((t) => t.state === 'pruned').length,
    tpeEpochsToReach: reach,
    reachFraction: reach === null ? null : reach / budget,
    tpeBestAtHalf: bestWithin(tpe, budget / 2),
    tpeBest: tpe.best?.value ?? null,
    seconds: { random: (t1 - t0) / 1000, tpeAsha: (t2 - t1) / 1000 },
  };
  rows.push(row);
  process.stderr.write(`${JSON.stringify(row)}\n`);
}
const met = rows.filter((r) => r.reachFraction !== null && (r.reachFraction as number) <= 0.5).length;
const fmt = (v: unknown) =>
  v === null ? '—' : typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : String(v);
console.log(
  `budget ${budget} trial-epochs per method (${nTrials} random trials × ${epochs} epochs), MNIST ${args['train-limit']}-image MLP, TPE ${JSON.stringify(tpeOptions)}\n`,
);
console.log(
  '| seed | random best | random epochs to its best | TPE+ASHA epochs to reach it | fraction of budget | TPE+ASHA best at B/2 | TPE+ASHA best at B | TPE+ASHA trials (pruned) |',
);
console.log('|---|---|---|---|---|---|---|---|');
for (const r of rows) {
  console.log(
    `| ${r.seed} | ${fmt(r.randomBest)} | ${fmt(r.randomEpochsToBest)} | ${fmt(r.tpeEpochsToReach)} | ${fmt(r.reachFraction)} | ${fmt(r.tpeBestAtHalf)} | ${fmt(r.tpeBest)} | ${r.tpeTrials} (${r.tpePruned}) |`,
  );
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
// Never reached counts as more than the whole budget.
const fractions = rows.map((r) => (r.reachFraction as number | null) ?? Infinity).sort((a, b) => a - b);
const mid = fractions.length / 2;
const median = fractions.length % 2 ? fractions[Math.floor(mid)] : (fractions[mid - 1] + fractions[mid]) / 2;
console.log(`\ntarget (reach random's best within half the budget) met on ${met} of ${rows.length} seeds`);
console.log(`median share of the budget TPE+ASHA needed: ${median.toFixed(3)}`);
console.log(
  `mean over seeds: random's best at B ${mean(rows.map((r) => r.randomBest as number)).toFixed(4)}, TPE+ASHA's best at B/2 ${mean(rows.map((r) => (r.tpeBestAtHalf as number | null) ?? 0)).toFixed(4)}, at B ${mean(rows.map((r) => (r.tpeBest as number | null) ?? 0)).toFixed(4)}`,
);
