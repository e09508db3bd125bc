import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bandwidths, fitParzen, normalCdf, parzenDensity, sampleParzen } from './parzen.ts';
import { rankTrials, TpeSampler } from './tpe.ts';
import { RandomSampler, trialRandom, GridSampler, makeSampler } from './samplers.ts';
import type { Sampler, TrialView } from './types.ts';
import type { SearchSpace } from './space.ts';
import { mulberry32 } from '../train/rng.ts';
import { expectError } from '../util/expect-error.ts';

test('normalCdf matches published values', () => {
  assert.ok(Math.abs(normalCdf(0) - 0.5) < 1e-7);
  assert.ok(Math.abs(normalCdf(1.959964) - 0.975) < 1e-6);
  assert.ok(Math.abs(normalCdf(-1) - 0.158655254) < 1e-6);
});

test('fitParzen bandwidths are the larger neighbour gap, clipped; the density integrates to 1 on the bounds', () => {
  const p = fitParzen([0.2, 0.3, 0.9], 0, 1);
  // gaps: 0.2 → max(0.2, 0.1) = 0.2, raised to the floor 1/(3+1) = 0.25; 0.3 → max(0.1, 0.6) = 0.6;
  // 0.9 → max(0.6, 0.1) = 0.6; prior σ = 1
  assert.deepEqual(
    p.sigmas.map((s) => Number(s.toFixed(12))),
    [0.25, 0.6, 0.6, 1],
  );
  assert.deepEqual(p.weights, [0.25, 0.25, 0.25, 0.25]);
  // middle point: gaps 0.05 both sides, raised to the floor 1/4
  assert.deepEqual(
    fitParzen([0.45, 0.5, 0.55], 0, 1).sigmas.map((s) => Number(s.toFixed(12))),
    [0.45, 0.25, 0.45, 1],
  );
  let integral = 0;
  const n = 20000;
  for (let i = 0; i < n; i++) integral += parzenDensity(p, (i + 0.5) / n) / n;
  assert.ok(Math.abs(integral - 1) < 1e-3, `integral ${integral}`);
  assert.equal(parzenDensity(p, 1.5), 0);
  const rand = mulberry32(3);
  for (let i = 0; i < 500; i++) {
    const x = sampleParzen(p, rand);
    assert.ok(x >= 0 && x <= 1);
  }
});

const view = (number: number, x: number, value: number): TrialView => ({
  number,
  params: { x },
  state: 'finished',
  value,
  intermediate: new Map([[1, value]]),
});

test('rankTrials puts finished by value first, then pruned by progress', () => {
  const pruned = (number: number, vals: number[]): TrialView => ({
    number,
    params: {},
    state: 'pruned',
    intermediate: new Map(vals.map((v, i) => [i + 1, v])),
  });
  const order = rankTrials(
    [
      pruned(0, [0.9]),
      view(1, 0, 0.5),
      pruned(2, [0.1, 0.2, 0.3]),
      view(3, 0, 0.7),
      pruned(4, [0.1, 0.4, 0.2]),
    ],
    'maximize',
  );
  // 2 and 4 both reached step 3 (0.3 vs 0.2 there); 0 only step 1
  assert.deepEqual(
    order.map((t) => t.number),
    [3, 1, 2, 4, 0],
  );
});

/** Runs `trials` sequential trials of f with `sampler`; returns the sampled xs. */
function optimize(
  sampler: Sampler,
  space: SearchSpace,
  f: (x: number) => number,
  trials: number,
  seed: number,
): number[] {
  const history: TrialView[] = [];
  for (let n = 0; n < trials; n++) {
    const p = sampler.sample(space, history, {
      number: n,
      rand: trialRandom(seed, n),
      direction: 'minimize',
    })!;
    history.push(view(n, p.x as number, f(p.x as number)));
  }
  return history.map((t) => t.params.x as number);
}

test('TPE concentrates near the optimum of a 1-D quadratic; random does not (fixed seeds)', () => {
  const space: SearchSpace = { x: { type: 'float', low: -5, high: 5 } };
  const f = (x: number) => (x - 1.3) ** 2;
  const seeds = [1, 2, 3, 4, 5];
  const near = (xs: number[]) =>
    xs.slice(20).filter((x) => Math.abs(x - 1.3) < 0.5).length / (xs.length - 20);
  const tpe = seeds.map((s) => near(optimize(new TpeSampler(), space, f, 60, s)));
  const rnd = seeds.map((s) => near(optimize(new RandomSampler(), space, f, 60, s)));
  const mean = (a: number[]) => a.reduce((x, y) => x + y, 0) / a.length;
  // Random lands within ±0.5 of the optimum 10 % of the time; TPE's later trials mostly do.
  assert.ok(mean(rnd) < 0.2, `random ${rnd}`);
  assert.ok(mean(tpe) > 0.5, `tpe ${tpe}`);
  for (let i = 0; i < seeds.length; i++)
    assert.ok(tpe[i] > rnd[i], `seed ${seeds[i]}: tpe ${tpe[i]} vs random ${rnd[i]}`);
});

test('TPE prefers the good choice and models a conditional child only where active', () => {
  const space: SearchSpace = {
    kind: { type: 'choice', values: ['a', 'b', 'c'] },
    y: { type: 'int', low: 0, high: 10, when: { param: 'kind', in: ['b'] } },
  };
  const f = (p: Record<string, unknown>) => (p.kind === 'b' ? Math.abs((p.y as number) - 7) : 20);
  const sampler = new TpeSampler({ nStartupTrials: 8 });
  const history: TrialView[] = [];
  for (let n = 0; n < 40; n++) {
    const p = sampler.sample(space, history, { number: n, rand: trialRandom(11, n), direction: 'minimize' });
    assert.equal('y' in p, p.kind === 'b');
    history.push({ number: n, params: p, state: 'finished', value: f(p), intermediate: new Map() });
  }
  const late = history.slice(20);
  assert.ok(late.filter((t) => t.params.kind === 'b').length >= 15, 'mostly b');
  assert.ok(late.filter((t) => t.params.y === 7).length >= 5, 'often y = 7');
});

test('trialRandom is a pure function of (seed, trial number)', () => {
  assert.equal(trialRandom(5, 3)(), trialRandom(5, 3)());
  assert.notEqual(trialRandom(5, 3)(), trialRandom(5, 4)());
  assert.notEqual(trialRandom(5, 3)(), trialRandom(6, 3)());
});

test('grid sampler gives trial n point n, skips held points, and returns null when exhausted', () => {
  const space: SearchSpace = { a: { type: 'choice', values: [1, 2, 3] } };
  const g = new GridSampler();
  const ctx = (number: number) => ({ number, rand: Math.random, direction: 'maximize' as const });
  assert.deepEqual(g.sample(space, [], ctx(1)), { a: 2 });
  const held = (number: number, a: number, state: TrialView['state'] = 'finished'): TrialView => ({
    number,
    params: { a },
    state,
    intermediate: new Map(),
  });
  assert.deepEqual(g.sample(space, [held(0, 2)], ctx(1)), { a: 1 });
  assert.deepEqual(g.sample(space, [held(0, 1, 'failed')], ctx(5)), { a: 1 });
  assert.equal(g.sample(space, [held(0, 1), held(1, 2), held(2, 3, 'running')], ctx(3)), null);
  expectError(() => makeSampler('bayes'), 'TUNE_BAD_SAMPLER', '--sampler');
});

test('bandwidths are given in the order of the points', () => {
  // Sorted 0.2, 0.3, 0.9 get 0.25, 0.6, 0.6 (see the fitParzen test); here shuffled.
  assert.deepEqual(
    bandwidths([0.9, 0.2, 0.3], 0, 1).map((s) => Number(s.toFixed(12))),
    [0.6, 0.25, 0.6],
  );
});

test('multivariate TPE proposes values that were good together; univariate cannot tell (XOR-shaped history)', () => {
  // Good trials sit on the diagonal corners, bad ones on the anti-diagonal: each
  // parameter alone is equally good at both ends, only the pair says which is which.
  const space: SearchSpace = {
    x: { type: 'float', low: 0, high: 1 },
    y: { type: 'float', low: 0, high: 1 },
  };
  const corners: Array<[number, number, number]> = [];
  for (let i = 0; i < 8; i++) {
    const e = 0.02 * i;
    corners.push([0.1 + e, 0.1 + e, 1], [0.9 - e, 0.9 - e, 1], [0.1 + e, 0.9 - e, 0], [0.9 - e, 0.1 + e, 0]);
  }
  const history: TrialView[] = corners.map(([x, y, value], number) => ({
    number,
    params: { x, y },
    state: 'finished',
    value,
    intermediate: new Map([[1, value]]),
  }));
  const diagonalShare = (sampler: TpeSampler) => {
    let hits = 0;
    for (let n = 0; n < 200; n++) {
      const p = sampler.sample(space, history, { number: n, rand: trialRandom(5, n), direction: 'maximize' });
      if ((p.x as number) < 0.5 === (p.y as number) < 0.5) hits++;
    }
    return hits / 200;
  };
  const joint = diagonalShare(new TpeSampler({ gamma: 0.5 }));
  const univariate = diagonalShare(new TpeSampler({ gamma: 0.5, multivariate: false }));
  assert.ok(joint > 0.85, `multivariate diagonal share ${joint}`);
  assert.ok(univariate > 0.3 && univariate < 0.7, `univariate diagonal share ${univariate}`);
});
