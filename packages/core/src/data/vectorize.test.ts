import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { tokenize, vectorizeText } from './vectorize.ts';
import { FrontierError } from '../util/errors.ts';

const corpus = ['The cat sat on the mat.', 'The dog sat.', 'Cats and dogs!'];

test('tokenize lowercases and keeps apostrophes inside words', () => {
  assert.deepEqual(tokenize("Don't stop—it's 42!"), ["don't", 'stop', "it's", '42']);
  assert.deepEqual(tokenize('  '), []);
});

test('hand corpus: top words by document frequency, ties alphabetical, raw counts', () => {
  // df: the 2, sat 2; and, cat, cats, dog, dogs, mat, on 1 each.
  const m = vectorizeText(corpus, { vocabSize: 4 });
  assert.deepEqual(m.vocab, ['sat', 'the', 'and', 'cat']);
  assert.deepEqual(m.shape, [3, 4]);
  // prettier-ignore
  assert.deepEqual(Array.from(m.x), [
    1, 2, 0, 1,
    1, 1, 0, 0,
    0, 0, 1, 0,
  ]);
});

test('minCount drops rare words, so the vocabulary may be smaller than vocabSize', () => {
  const m = vectorizeText(corpus, { vocabSize: 10, minCount: 2 });
  assert.deepEqual(m.vocab, ['sat', 'the']);
  assert.deepEqual(Array.from(m.x), [1, 2, 1, 1, 0, 0]);
});

test('a given vocabulary is reused as is', () => {
  const m = vectorizeText(['The dog, the DOG.'], { vocab: ['dog', 'the', 'zebra'] });
  assert.deepEqual(Array.from(m.x), [2, 2, 0]);
  assert.deepEqual(m.shape, [1, 3]);
});

test('property: row sums equal the number of in-vocabulary tokens', () => {
  const word = fc.constantFrom('a', 'b', 'c', 'dd', 'E', 'f');
  const text = fc.array(word, { maxLength: 12 }).map((ws) => ws.join(' '));
  fc.assert(
    fc.property(
      fc.array(text, { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 1, max: 6 }),
      (texts, k) => {
        const m = vectorizeText(texts, { vocabSize: k });
        const inVocab = new Set(m.vocab);
        assert.ok(m.vocab.length <= k);
        texts.forEach((t, i) => {
          const row = m.x.subarray(i * m.shape[1], (i + 1) * m.shape[1]);
          assert.equal(
            row.reduce((a, b) => a + b, 0),
            tokenize(t).filter((w) => inVocab.has(w)).length,
          );
        });
      },
    ),
  );
});

test('bad options are errors', () => {
  const isBad = (e: unknown) => e instanceof FrontierError && e.code === 'TEXT_BAD_OPTION';
  assert.throws(() => vectorizeText(corpus, { vocabSize: 0 }), isBad);
  assert.throws(() => vectorizeText(corpus, { vocabSize: 3, minCount: 0.5 }), isBad);
  assert.throws(() => vectorizeText(corpus, { vocab: ['a', 'a'] }), isBad);
});
