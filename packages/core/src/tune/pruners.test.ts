import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AshaPruner, HyperbandPruner, makePruner, outsideTop, rungSteps } from './pruners.ts';
import type { TrialView } from './types.ts';
import { expectError } from '../util/expect-error.ts';

/** A trial with intermediate values v[0] at step 1, v[1] at step 2, … */
const trial = (number: number, values: number[], state: TrialView['state'] = 'running'): TrialView => ({
  number,
  params: {},
  state,
  intermediate: new Map(values.map((v, i) => [i + 1, v])),
});

test('rung steps are r·η^(k+s) below the max resource', () => {
  assert.deepEqual(rungSteps(1, 3, 0, 27), [1, 3, 9]);
  assert.deepEqual(rungSteps(1, 3, 1, 27), [3, 9]);
  assert.deepEqual(rungSteps(2, 2, 0, 16), [2, 4, 8]);
});

test('outsideTop keeps max(1, ⌊n/η⌋) best', () => {
  const rung = new Map([
    [0, 0.5],
    [1, 0.9],
    [2, 0.7],
    [3, 0.6],
    [4, 0.8],
    [5, 0.4],
  ]);
  // n = 6, η = 3 → keep 2: trials 1 (0.9) and 4 (0.8)
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].filter((n) => outsideTop(n, rung, 3, 'maximize')),
    [0, 2, 3, 5],
  );
  assert.deepEqual(
    [0, 1, 2, 3, 4, 5].filter((n) => outsideTop(n, rung, 3, 'minimize')),
    [1, 2, 3, 4],
  );
  assert.equal(outsideTop(7, new Map([[7, 0.1]]), 3, 'maximize'), false);
});

test('ASHA stops trials at the rungs where they fall outside the top 1/η, replaying arrivals in order', () => {
  const asha = new AshaPruner({ minResource: 1, reductionFactor: 3, maxResource: 9 });
  assert.deepEqual(asha.rungs(), [1, 3]);
  // Hand-made curves (val accuracy per epoch); trials report in number order, each finishing its epochs.
  const curves = [
    [0.5, 0.6, 0.7, 0.72, 0.75, 0.78, 0.8, 0.81, 0.82], // 0: alone at rung 1 → kept; alone at rung 3 → kept
    [0.4], //                                                  1: rung 1 {0.5, 0.4}: keep 1 → pruned at 1
    [0.55, 0.58, 0.65], //                                       2: rung 1 {0.5,0.4,0.55}: keep 1, best → kept; rung 3 {0.7,0.65}: keep 1 → pruned at 3
    [0.45], //                                                  3: rung 1 n=4 keep 1 (0.55) → pruned at 1
    [0.6, 0.66, 0.74, 0.76, 0.77, 0.79, 0.8, 0.85, 0.9], //    4: rung 1 n=5 keep 1 (0.6 best) → kept; rung 3 {0.7,0.65,0.74} keep 1 → kept
    [0.58, 0.59, 0.6], //                                      5: rung 1 n=6 keep 2 {0.6, 0.58} → kept; rung 3 n=4 keep 1 → pruned at 3
  ];
  const done: TrialView[] = [];
  const stoppedAt: Record<number, number | null> = {};
  curves.forEach((curve, number) => {
    stoppedAt[number] = null;
    for (let step = 1; step <= curve.length; step++) {
      const t = trial(number, curve.slice(0, step));
      if (asha.shouldPrune(t, step, [...done, t], 'maximize')) {
        stoppedAt[number] = step;
        break;
      }
    }
    const seen = stoppedAt[number] ?? curve.length;
    done.push(trial(number, curve.slice(0, seen), stoppedAt[number] ? 'pruned' : 'finished'));
  });
  assert.deepEqual(stoppedAt, { 0: null, 1: 1, 2: 3, 3: 1, 4: null, 5: 3 });
});

test('ASHA ignores failed trials and steps that are not rungs', () => {
  const asha = new AshaPruner({ minResource: 1, reductionFactor: 2, maxResource: 8 });
  const t = trial(3, [0.1, 0.2]);
  assert.equal(asha.shouldPrune(t, 2, [trial(0, [0.9, 0.9]), t], 'maximize'), true);
  assert.equal(asha.shouldPrune(t, 2, [trial(0, [0.9, 0.9], 'failed'), t], 'maximize'), false);
  const t3 = trial(3, [0.1, 0.2, 0.3]);
  assert.equal(asha.shouldPrune(t3, 3, [trial(0, [0.9, 0.9, 0.9]), t3], 'maximize'), false);
});

test('Hyperband brackets: sizes, dealing by trial number, competition within the bracket only', () => {
  const hb = new HyperbandPruner({ minResource: 1, maxResource: 9, reductionFactor: 3 });
  // sMax = 2; n_s = ⌈3/(s+1)·3^s⌉ = 3, 5, 9
  assert.deepEqual(hb.bracketSizes, [3, 5, 9]);
  assert.deepEqual(
    hb.brackets.map((b) => b.rungs()),
    [[], [3], [1, 3]],
  );
  assert.deepEqual(
    [0, 2, 3, 7, 8, 16, 17, 20].map((n) => hb.bracketOf(n)),
    [0, 0, 1, 1, 2, 2, 0, 1],
  );
  // Trial 8 (bracket 2) at step 1 behind trial 9 (bracket 2) is pruned; trial 0 (bracket 0) far ahead doesn't matter.
  const weak = trial(9, [0.3]);
  assert.equal(hb.shouldPrune(weak, 1, [trial(0, [0.1]), trial(8, [0.6]), weak], 'maximize'), true);
  assert.equal(hb.shouldPrune(weak, 1, [trial(0, [0.9]), weak], 'maximize'), false);
  // Bracket 0 never prunes, even the worst trial.
  const worst = trial(1, [0.0, 0.0, 0.0]);
  assert.equal(
    hb.shouldPrune(worst, 3, [trial(0, [1, 1, 1]), trial(2, [1, 1, 1]), worst], 'maximize'),
    false,
  );
  // Bracket 1 decides at step 3 only: trial 3 vs trial 4.
  const b1 = trial(4, [0.9, 0.9, 0.2]);
  assert.equal(hb.shouldPrune(b1, 1, [trial(3, [1, 1, 1]), b1], 'maximize'), false);
  assert.equal(hb.shouldPrune(b1, 3, [trial(3, [1, 1, 1]), b1], 'maximize'), true);
});

test('makePruner names the bad option', () => {
  assert.equal(makePruner('none', 5).shouldPrune(trial(0, [0]), 1, [], 'maximize'), false);
  expectError(() => makePruner('median', 5), 'TUNE_BAD_PRUNER', '--pruner');
  expectError(() => new AshaPruner({ reductionFactor: 1 }), 'TUNE_BAD_PRUNER', 'pruner.reductionFactor');
});
