import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrontierError } from '../util/errors.ts';
import { flattenParams } from './session.ts';
import { resolveStudy, studyModel } from './study.ts';
import { splitExamples, stratifiedOrder } from './split.ts';
import { GENERIC_CONFIG_HINT } from './parse.ts';

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
  assert.equal(where([]), '(root)');
});

test('splitExamples: file order holds out the tail, proportionally under a train limit', () => {
  const a = splitExamples(10, { validationSplit: 0.2 });
  assert.deepEqual(Array.from(a.train), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(Array.from(a.validation), [8, 9]);
  assert.equal(a.test.length, 0);
  const b = splitExamples(100, { validationSplit: 0.1, trainLimit: 9 });
  assert.deepEqual(Array.from(b.train), [0, 1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(Array.from(b.validation), [99]);
  assert.throws(() => splitExamples(1, { validationSplit: 0.1, source: 'x.csv' }), {
    code: 'STUDY_SPLIT',
    where: 'x.csv',
  });
});

test('splitExamples: a seeded, stratified test split keeps every class in proportion, limits apply', () => {
  // 60 examples of class 0, 30 of class 1, 10 of class 2, in blocks (the worst case for a prefix split).
  const labels = Int32Array.from({ length: 100 }, (_, i) => (i < 60 ? 0 : i < 90 ? 1 : 2));
  const s = splitExamples(100, { seed: 7, labels, validationSplit: 0.25, testFraction: 0.2 });
  const count = (idx: Int32Array) => [0, 1, 2].map((c) => [...idx].filter((i) => labels[i] === c).length);
  assert.deepEqual(count(s.test), [12, 6, 2]);
  assert.deepEqual(count(s.validation), [12, 6, 2]);
  assert.deepEqual(count(s.train), [36, 18, 6]);
  // Disjoint and complete.
  assert.deepEqual(
    [...s.train, ...s.validation, ...s.test].sort((x, y) => x - y),
    [...Array(100).keys()],
  );
  // Same seed, same split; another seed, another.
  assert.deepEqual(splitExamples(100, { seed: 7, labels, validationSplit: 0.25, testFraction: 0.2 }), s);
  assert.notDeepEqual(Array.from(stratifiedOrder(labels, 8)), Array.from(stratifiedOrder(labels, 7)));
  const limited = splitExamples(100, {
    seed: 7,
    labels,
    validationSplit: 0.25,
    testFraction: 0.2,
    trainLimit: 30,
    testLimit: 5,
  });
  assert.equal(limited.train.length, 30);
  assert.equal(limited.validation.length, 10);
  assert.equal(limited.test.length, 5);
});

test('the schema rejects typos, wrong types and out-of-range values, naming the path', () => {
  const problem = (cfg: unknown) => {
    try {
      resolveStudy(cfg, 'cpu', 'study.json');
      return 'ok';
    } catch (e) {
      const err = e as FrontierError;
      return `${err.code} ${err.where} | ${err.message}${err.hint && err.hint !== GENERIC_CONFIG_HINT ? ` | ${err.hint}` : ''}`;
    }
  };
  assert.equal(
    problem({ train: { epoch: 3 } }),
    'CONFIG_INVALID study.json: train.epoch | unknown key "epoch" | did you mean "epochs"?',
  );
  assert.equal(
    problem({ dataset: { name: 'mnist', dirr: 'x' } }),
    'CONFIG_INVALID study.json: dataset.dirr | unknown key "dirr" | did you mean "dir"?',
  );
  assert.equal(
    problem({ train: { epochs: -1 } }),
    'CONFIG_INVALID study.json: train.epochs | train.epochs must be ≥ 1, got -1',
  );
  assert.equal(
    problem({ train: { epochs: 0 } }),
    'CONFIG_INVALID study.json: train.epochs | train.epochs must be ≥ 1, got 0',
  );
  assert.equal(
    problem({ train: { epochs: 'two' } }),
    'CONFIG_INVALID study.json: train.epochs | train.epochs must be a number, got "two"',
  );
  assert.equal(
    problem({ train: { epochs: 1.5 } }),
    'CONFIG_INVALID study.json: train.epochs | train.epochs must be an integer, got 1.5',
  );
  assert.equal(
    problem({ train: { trainLimit: -5 } }),
    'CONFIG_INVALID study.json: train.trainLimit | train.trainLimit must be ≥ 1, got -5',
  );
  assert.match(
    problem({ dataset: { name: 'tabel', path: 'x.csv' } }),
    /dataset\.name \| unknown name "tabel" \| did you mean "table"\?/,
  );
  // A table study without its label passes the schema: loading the file says which columns there are.
  assert.equal(problem({ dataset: { name: 'table', path: 'x.csv' } }), 'ok');
  assert.match(problem({ train: { schedule: { type: 'cosin' } } }), /did you mean "cosine"\?/);
  assert.match(
    problem({ preprocess: { clean: [{ step: 'fillna', stratgies: {} }] }, dataset: { name: 'penguins' } }),
    /preprocess\.clean\[0\]\.stratgies .*did you mean "strategies"\?/,
  );
  assert.match(problem({ seeed: 1 }), /seeed \| unknown key "seeed" \| did you mean "seed"\?/);
  // Every problem is listed, the misspelt key first.
  assert.match(
    problem({ train: { schedule: { type: 'step', factr: 0.1, every: 2 } } }),
    /factr.*and 1 more problem.*factor is required/,
  );
  assert.equal(
    problem({ dataset: { name: 'table', path: 'x.csv', label: 'y' }, $schema: './schema/study.schema.json' }),
    'ok',
  );
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
