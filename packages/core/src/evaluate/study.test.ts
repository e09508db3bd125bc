import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrontierError } from '../util/errors.ts';
import { flattenParams } from './session.ts';
import { resolveStudy, studyModel } from './study.ts';
import { splitIndices } from './study-data.ts';

test('the default study fits the budget of the backend', () => {
  const cpu = resolveStudy({}, 'cpu');
  assert.equal(cpu.dataset.name, 'mnist');
  assert.equal(cpu.model, 'cnn');
  assert.equal(cpu.train.trainLimit, 3000);
  assert.equal(cpu.train.testLimit, 1000);
  const native = resolveStudy({}, 'onednn');
  assert.equal(native.train.trainLimit, undefined);
  assert.equal(native.train.epochs, 3);
  assert.deepEqual(native.train.optimizer, { name: 'adam', learningRate: 1e-3 });
  assert.deepEqual(native.train.schedule, { type: 'step', factor: 0.1, every: 2 });
  assert.equal(resolveStudy({ train: { schedule: null } }, 'onednn').train.schedule, null);
  assert.equal(resolveStudy({ dataset: { name: 'penguins' } }, 'onednn').train.schedule, undefined);
  assert.equal(studyModel(native, [28, 28, 1], 10).layers.length, 5);
  assert.equal(resolveStudy({ dataset: { name: 'penguins' } }, 'cpu').model, 'mlp');
});

test('bad study configs name the key', () => {
  const where = (cfg: unknown) => {
    try {
      resolveStudy(cfg as never, 'cpu');
    } catch (e) {
      return e instanceof FrontierError ? e.where : 'not a FrontierError';
    }
    return 'no error';
  };
  assert.equal(where({ dataset: { name: 'cifar' } }), 'dataset.name');
  assert.equal(where({ model: 'resnet' }), 'model');
  assert.equal(where({ train: { validationSplit: 1.5 } }), 'train.validationSplit');
  assert.equal(where({ train: { clipValue: 0 } }), 'train.clipValue');
  assert.equal(where({ train: { optimizer: { name: 'adam', beta2: 3 } } }), 'train.optimizer.beta2');
  assert.equal(
    where({ train: { schedule: { type: 'step', factor: 0.1, every: 0 } } }),
    'train.schedule.every',
  );
  assert.equal(
    where({ model: { name: 'm', inputShape: [2], layers: [{ type: 'dense', units: -1 }] } }),
    'model.layers[0].units',
  );
  assert.equal(where([]), undefined);
});

test('splitIndices holds out the tail, proportionally under a train limit', () => {
  const a = splitIndices(10, 0.2);
  assert.deepEqual(Array.from(a.trainIdx), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(Array.from(a.valIdx), [8, 9]);
  const b = splitIndices(100, 0.1, 9);
  assert.deepEqual(Array.from(b.trainIdx), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(Array.from(b.valIdx), [99]);
});

test('flattenParams makes dotted keys', () => {
  assert.deepEqual(
    flattenParams({
      seed: 1,
      train: { optimizer: { name: 'adam' }, epochs: 2 },
      techniques: ['a', 'b'],
      x: undefined,
    }),
    {
      seed: 1,
      'train.optimizer.name': 'adam',
      'train.epochs': 2,
      techniques: '["a","b"]',
    },
  );
});

test('the default technique list leaves out training techniques on the cpu backend only', async () => {
  const { pickTechniques } = await import('./evaluate.ts');
  const { registerTechnique } = await import('./technique.ts');
  registerTechnique({
    name: 'test-retrain',
    description: 'trains',
    trains: true,
    apply: async (ctx) => ({ model: ctx.baseline }),
  });
  const names = (backend: string, list?: string[]) => pickTechniques(list, backend).map((t) => t.name);
  assert.ok(!names('cpu').includes('test-retrain'));
  assert.ok(names('onednn').includes('test-retrain'));
  assert.deepEqual(names('cpu', ['test-retrain', 'baseline']), ['test-retrain', 'baseline']);
  assert.throws(
    () => names('cpu', ['nope']),
    (e: unknown) => e instanceof FrontierError && /available: .*baseline/.test(e.hint ?? ''),
  );
  // A technique built on another's variant follows its base: left out with it, and an
  // explicit list must name the base first.
  registerTechnique({
    name: 'test-derived',
    description: 'builds on test-retrain',
    base: 'test-retrain',
    apply: async (ctx) => ({ model: ctx.baseline }),
  });
  assert.ok(!names('cpu').includes('test-derived'));
  const onednn = names('onednn');
  assert.ok(onednn.indexOf('test-derived') > onednn.indexOf('test-retrain'));
  assert.deepEqual(names('cpu', ['test-retrain', 'test-derived']), ['test-retrain', 'test-derived']);
  assert.throws(
    () => names('cpu', ['test-derived', 'test-retrain']),
    (e: unknown) =>
      e instanceof FrontierError &&
      e.code === 'TECHNIQUE_ORDER' &&
      /list "test-retrain" before/.test(e.hint ?? ''),
  );
});
