import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickTechniques } from './evaluate.ts';
import { registerTechnique } from './technique.ts';

const names = (backend: string, list?: string[]) => pickTechniques(list, backend).map((t) => t.name);

test('the default list on onednn has the MLP architecture row, not the opt-in deeper CNN and tuned rows', () => {
  const onednn = names('onednn');
  assert.ok(onednn.includes('arch-mlp'));
  assert.ok(!onednn.includes('tuned'));
  assert.ok(!onednn.includes('arch-deep-cnn'));
  // On pure-JS cpu, rows that train are left out too.
  const cpu = names('cpu');
  for (const n of ['arch-mlp', 'tuned', 'arch-deep-cnn']) assert.ok(!cpu.includes(n), n);
  // Named in the config, every one of them runs, in the config's order.
  assert.deepEqual(names('cpu', ['arch-deep-cnn', 'tuned', 'arch-mlp']), [
    'arch-deep-cnn',
    'tuned',
    'arch-mlp',
  ]);
});

test('an opt-in technique runs only when named', () => {
  registerTechnique({
    name: 'test-opt-in',
    description: 'slow',
    optIn: true,
    apply: async (ctx) => ({ model: ctx.baseline }),
  });
  assert.ok(!names('onednn').includes('test-opt-in'));
  assert.ok(!names('cpu').includes('test-opt-in'));
  assert.deepEqual(names('onednn', ['test-opt-in']), ['test-opt-in']);
});
