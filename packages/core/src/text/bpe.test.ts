import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { BpeTokenizer, CLS_ID, END_OF_WORD, MASK_ID, preTokenize, trainBpe, UNK_ID } from './bpe.ts';
import { maskTokens } from './masking.ts';

// Sennrich et al.'s toy corpus: low ×5, lower ×2, newest ×6, widest ×3.
const corpus = [
  ...Array(5).fill('low'),
  ...Array(2).fill('lower'),
  ...Array(6).fill('newest'),
  ...Array(3).fill('widest'),
];

test('BPE learns the hand-computed merges in order', () => {
  const tok = trainBpe(corpus, { vocabSize: 5 + 11 + 9, minFrequency: 2 });
  // Pair counts: e s, s t, t </w> all 9 (ties → by text); then l o 7 (ties o w 7), lo w 7;
  // then 6: e w, n e, w est</w> → e w first; then ew est</w>, n ew (6 each) → ew est</w>,
  // then n ewest</w>; then low </w> 5.
  assert.deepEqual(tok.merges.slice(0, 9), [
    ['e', 's'],
    ['es', 't'],
    ['est', END_OF_WORD],
    ['l', 'o'],
    ['lo', 'w'],
    ['e', 'w'],
    ['ew', 'est</w>'],
    ['n', 'ewest</w>'],
    ['low', END_OF_WORD],
  ]);
  // Alphabet: </w> d e i l n o r s t w (11) after the 5 special tokens.
  assert.equal(tok.vocab[5], END_OF_WORD);
  assert.equal(tok.vocabSize, 25); // 9 merges fill it
  const id = (t: string) => tok.vocab.indexOf(t);
  assert.deepEqual(tok.encode('newest low'), [id('newest</w>'), id('low</w>')]);
  assert.deepEqual(tok.encode('lowest'), [id('low'), id('est</w>')]);
  assert.deepEqual(tok.encode('lox'), [id('lo'), UNK_ID, id(END_OF_WORD)]);
});

test('encode/decode round-trips known words; encodeBatch pads with 0 after [CLS]', () => {
  const tok = trainBpe(corpus, { vocabSize: 40, minFrequency: 1 });
  assert.equal(tok.decode(tok.encode('Lower  NEWEST')), 'lower newest');
  assert.equal(tok.decode(tok.encode('low!')), 'low', 'unknown characters become [UNK], which decode drops');
  const batch = tok.encodeBatch(['low', 'newest widest low'], 4);
  assert.deepEqual([...batch.slice(0, 4)], [CLS_ID, tok.vocab.indexOf('low</w>'), 0, 0]);
  assert.equal(batch[4], CLS_ID);
  assert.ok(batch.slice(5).every((v) => v > 4));
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom('low', 'lower', 'newest', 'widest', 'wide', 'new', 'lowest'), {
        maxLength: 8,
      }),
      (ws) => tok.decode(tok.encode(ws.join(' '))) === ws.join(' '),
    ),
  );
});

test('the tokenizer saves and loads with a model folder', async () => {
  const tok = trainBpe(corpus, { vocabSize: 30 });
  const dir = await mkdtemp(join(tmpdir(), 'bpe-'));
  try {
    await tok.save(dir);
    const again = await BpeTokenizer.load(dir);
    assert.deepEqual(again.toJSON(), tok.toJSON());
    assert.deepEqual(again.encode('lowest newer'), tok.encode('lowest newer'));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  assert.throws(() => new BpeTokenizer({ ...tok.toJSON(), vocab: ['x'] }), /vocab\[0\] must be \[PAD\]/);
});

test('preTokenize lower-cases, splits punctuation and cuts long words', () => {
  assert.deepEqual(preTokenize('Hello, WORLD 42!'), ['hello', ',', 'world', '42', '!']);
  assert.deepEqual(preTokenize('abcdefgh', 3), ['abc']);
});

test('masked-LM corruption: about 15% of ordinary tokens, never specials or padding, 80/10/10', () => {
  const maxLen = 50;
  const rows = 400;
  const ids = new Int32Array(rows * maxLen);
  for (let r = 0; r < rows; r++) {
    ids[r * maxLen] = CLS_ID;
    for (let c = 1; c < 41; c++) ids[r * maxLen + c] = 5 + ((r + c) % 95);
  }
  const { inputs, positions, labels } = maskTokens(ids, maxLen, { vocabSize: 100, seed: 1 });
  const rate = positions.length / (rows * 40);
  assert.ok(Math.abs(rate - 0.15) < 0.01, `rate ${rate}`);
  let masked = 0;
  let kept = 0;
  positions.forEach((p, i) => {
    assert.ok(p % maxLen >= 1 && p % maxLen < 41, 'only ordinary tokens are chosen');
    assert.equal(labels[i], ids[p]);
    if (inputs[p] === MASK_ID) masked++;
    else if (inputs[p] === ids[p]) kept++;
  });
  assert.ok(Math.abs(masked / positions.length - 0.8) < 0.03, `masked ${masked / positions.length}`);
  assert.ok(kept / positions.length > 0.07 && kept / positions.length < 0.14);
  // Unselected positions are untouched, and the same seed gives the same batch.
  const chosen = new Set(positions);
  inputs.forEach((v, p) => chosen.has(p) || assert.equal(v, ids[p]));
  assert.deepEqual(maskTokens(ids, maxLen, { vocabSize: 100, seed: 1 }).inputs, inputs);
});
