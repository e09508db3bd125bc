import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs';
import * as io from './index.ts';

test('importing the io index registers exactly one file:// router of each kind', () => {
  assert.equal(typeof io.registerFileRouter, 'function');
  io.registerFileRouter();
  assert.equal(tf.io.getSaveHandlers('file:///tmp/m').length, 1);
  assert.equal(tf.io.getLoadHandlers('file:///tmp/m/model.json').length, 1);
  assert.equal(io.DEFAULT_LOAD_LIMITS.maxModelJsonBytes, 64 * 1024 * 1024);
  assert.equal(io.DEFAULT_LOAD_LIMITS.maxEntries, 10_000);
  assert.equal(io.DEFAULT_LOAD_LIMITS.maxFiles, 1_000);
});
