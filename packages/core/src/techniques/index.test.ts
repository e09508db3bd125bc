import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_TECHNIQUES, resolveTechniques } from './index.ts';

const names = (backend: string, list?: Parameters<typeof resolveTechniques>[0]) =>
  resolveTechniques(list, backend).map((t) => t.name);

test('the default list on onednn has the MLP architecture row, not the opt-in deeper CNN and tuned rows', () => {
  const onednn = names('onednn');
  assert.deepEqual(onednn, [
    'baseline',
    'augmentation',
    'prune-90',
    'prune-90+uint8',
    'quant-float16',
    'quant-uint8',
    'int8-per-channel',
    'cluster-16',
    'filters-50',
    'distill',
    'arch-mlp',
  ]);
  assert.equal(onednn.length, DEFAULT_TECHNIQUES.length);
  // On pure-JS cpu, rows that train are left out, and so is a row built on one of them.
  assert.deepEqual(names('cpu'), [
    'baseline',
    'quant-float16',
    'quant-uint8',
    'int8-per-channel',
    'cluster-16',
  ]);
  // Named in the config, every one of them runs, in the config's order.
  assert.deepEqual(names('cpu', ['arch-deep-cnn', 'tuned', 'arch-mlp']), [
    'arch-deep-cnn',
    'tuned',
    'arch-mlp',
  ]);
});

test('techniques are configurable objects, checked against their kind’s schema', () => {
  assert.deepEqual(
    names('onednn', [
      'baseline',
      { kind: 'prune', sparsity: 0.8 },
      { kind: 'quantize', dtype: 'int8' },
      { kind: 'quantize', dtype: 'uint8', base: 'prune-80' },
      { kind: 'prune', sparsity: 0.5, pattern: '2:4', name: 'semi' },
      'distill',
    ]),
    ['baseline', 'prune-80', 'int8-per-channel', 'prune-80+uint8', 'semi', 'distill'],
  );
  const where = (list: Parameters<typeof resolveTechniques>[0]) => {
    try {
      resolveTechniques(list, 'onednn');
      return 'ok';
    } catch (e) {
      const err = e as { code: string; where: string; hint?: string };
      return `${err.code} ${err.where}${err.hint ? ` | ${err.hint}` : ''}`;
    }
  };
  assert.equal(
    where([{ kind: 'prune', sparsty: 0.8 }]),
    'CONFIG_INVALID techniques[0].sparsty | did you mean "sparsity"?',
  );
  assert.match(
    where(['baseline', { kind: 'prune', sparsity: 1.5 }]),
    /^CONFIG_INVALID techniques\[1\]\.sparsity/,
  );
  assert.match(where([{ kind: 'quantize', dtype: 'int4' }]), /^CONFIG_INVALID techniques\[0\]\.dtype/);
  assert.match(where([{ kind: 'prnue' }]), /^UNKNOWN_TECHNIQUE techniques\[0\]\.kind/);
  assert.match(where(['prune-99']), /^UNKNOWN_TECHNIQUE techniques\[0\] \| use a kind/);
  assert.match(where([{ kind: 'quantize', base: 'prune-90' }]), /^TECHNIQUE_ORDER techniques\[0\]/);
  assert.match(where(['baseline', 'baseline']), /^TECHNIQUE_DUPLICATE techniques\[1\]/);
});
