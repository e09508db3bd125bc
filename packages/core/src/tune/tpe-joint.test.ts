import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mulberry32 } from '../train/rng.ts';
import { fitJoint, jointLogDensity, jointParams, sampleJoint, type JointDim } from './tpe-joint.ts';

const dims: JointDim[] = [
  { name: 'lr', p: { type: 'float', low: 1e-4, high: 1, log: true } },
  { name: 'opt', p: { type: 'choice', values: ['adam', 'sgd', 'rmsprop'] } },
];
const points = [
  { lr: 1e-3, opt: 'adam' },
  { lr: 3e-3, opt: 'adam' },
  { lr: 0.1, opt: 'sgd' },
];

test('the joint density is normalized: it sums over choices and integrates over the log learning rate to 1', () => {
  const j = fitJoint(dims, points);
  const [low, high] = [Math.log(1e-4), 0];
  const n = 4000;
  let total = 0;
  for (let c = 0; c < 3; c++)
    for (let i = 0; i < n; i++) {
      const x = low + ((i + 0.5) * (high - low)) / n;
      total += (Math.exp(jointLogDensity(j, [x, c])) * (high - low)) / n;
    }
  assert.ok(Math.abs(total - 1) < 1e-3, `total mass ${total}`);
});

test('the density is highest where observations were jointly: adam at 2e-3 beats sgd at 2e-3', () => {
  const j = fitJoint(dims, points);
  const at = (lr: number, c: number) => jointLogDensity(j, [Math.log(lr), c]);
  assert.ok(at(2e-3, 0) > at(2e-3, 1), `${at(2e-3, 0)} vs ${at(2e-3, 1)}`);
  assert.ok(at(0.1, 1) > at(0.1, 0), `${at(0.1, 1)} vs ${at(0.1, 0)}`);
});

test('samples stay in bounds, choices are value indices, and jointParams maps them back', () => {
  const j = fitJoint(dims, points);
  const rand = mulberry32(9);
  for (let i = 0; i < 300; i++) {
    const x = sampleJoint(j, rand);
    assert.ok(x[0] >= Math.log(1e-4) && x[0] <= 0);
    assert.ok([0, 1, 2].includes(x[1]));
    const p = jointParams(dims, x);
    assert.ok((p.lr as number) >= 1e-4 && (p.lr as number) <= 1);
    assert.equal(p.opt, ['adam', 'sgd', 'rmsprop'][x[1]]);
  }
});
