import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import { briefCnn, buildModel } from '../../models/index.ts';
import { renderSvg } from '../../report/index.ts';
import { countMarks, markTexts } from '../../report/svg-test-util.ts';
import { modelDiagramSpec, modelStructure } from './model-plot.ts';

await tf.setBackend('cpu');

test('model diagram of the brief CNN: a box per layer with shapes and Keras parameter counts, arrows between', async () => {
  const model = buildModel(briefCnn(), 1);
  const boxes = modelStructure(model);
  // conv 3·3·1·32 + 32 = 320; dense 5408·128 + 128 = 692,352; dense 128·10 + 10 = 1,290.
  assert.deepEqual(
    boxes.map((b) => [b.className, b.outputShape, b.params]),
    [
      ['InputLayer', [null, 28, 28, 1], 0],
      ['Conv2D', [null, 26, 26, 32], 320],
      ['MaxPooling2D', [null, 13, 13, 32], 0],
      ['Flatten', [null, 5408], 0],
      ['Dense', [null, 128], 692352],
      ['Dense', [null, 10], 1290],
    ],
  );
  const spec = modelDiagramSpec(boxes);
  assert.equal(spec.description, 'model structure (693,962 parameters)');
  const svg = await renderSvg(spec);
  assert.equal(countMarks(svg, 'rect mark'), 6);
  assert.equal(countMarks(svg, 'rule mark'), 5);
  assert.equal(countMarks(svg, 'point'), 5);
  const texts = markTexts(svg);
  assert.ok(texts.includes('output [?, 26, 26, 32] · 320 params'));
  assert.ok(texts.includes('output [?, 128] · 692,352 params'));
  assert.equal(texts.length, 12);
  model.dispose();
});
