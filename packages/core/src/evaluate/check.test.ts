import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { checkConfig, configJsonSchema } from './check.ts';

test('schema/*.schema.json are current (regenerate with `npm run schema`)', async () => {
  for (const kind of ['study', 'tune'] as const) {
    const file = JSON.parse(
      await readFile(new URL(`../../../../schema/${kind}.schema.json`, import.meta.url), 'utf8'),
    );
    assert.deepEqual(
      file,
      JSON.parse(JSON.stringify(configJsonSchema(kind))),
      `schema/${kind}.schema.json is stale`,
    );
  }
  const study = configJsonSchema('study') as {
    properties: Record<string, { properties?: Record<string, unknown> }>;
    additionalProperties: boolean;
  };
  // Editors flag unknown keys and know the fields and their ranges.
  assert.equal(study.additionalProperties, false);
  assert.deepEqual(study.properties.train.properties?.epochs, {
    description: 'default: 3 for images on onednn, 1 on cpu; 60 for tables',
    type: 'integer',
    minimum: 1,
    maximum: Number.MAX_SAFE_INTEGER,
  });
  // Technique objects carry each kind's parameters.
  assert.match(JSON.stringify(study.properties.techniques), /"sparsity"/);
});

test('checkConfig resolves every default and the technique rows, and sees a tune config by its search block', () => {
  const study = checkConfig(
    { dataset: { name: 'penguins' }, techniques: ['baseline', { kind: 'prune', sparsity: 0.8 }] },
    'onednn',
  );
  assert.equal(study.kind, 'study');
  assert.equal(study.study.train.epochs, 60);
  assert.equal(study.study.train.batchSize, 32);
  assert.deepEqual(study.study.train.optimizer, { name: 'adam', learningRate: 1e-3 });
  assert.deepEqual(study.techniques, ['baseline', 'prune-80']);
  assert.deepEqual(study.sections, ['explanations', 'optimizers', 'augmentation-grid', 'cleaning']);
  const tune = checkConfig(
    {
      search: { 'train.optimizer.learningRate': { type: 'float', low: 1e-4, high: 1e-1, log: true } },
      tune: { trials: 4 },
    },
    'onednn',
  );
  assert.equal(tune.kind, 'tune');
  assert.deepEqual(tune.tune, { trials: 4 });
  assert.throws(
    () => checkConfig({ search: { x: { type: 'float' } }, tune: { trails: 4 } }, 'onednn', 't.json'),
    {
      code: 'CONFIG_INVALID',
      where: 't.json: tune.trails',
      hint: 'did you mean "trials"?',
    },
  );
  assert.throws(() => checkConfig({ sections: ['clean'] }, 'onednn'), {
    code: 'UNKNOWN_SECTION',
    where: 'sections[0]',
  });
});
