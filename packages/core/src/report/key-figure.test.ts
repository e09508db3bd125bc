import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { keyFigure } from './key-figure.ts';
import type { Measure, TechniqueRow } from './types.ts';

const row = (metrics: Record<string, Measure>, technique = 't'): TechniqueRow => ({
  technique,
  description: '',
  metrics,
});
const count = (value: number): Measure => ({ value, unit: 'count' });
const reference = row({ parameters: count(1000), bytes: { value: 4000, unit: 'bytes' } }, 'baseline');

describe('keyFigure', () => {
  it('reads sparsity, ε and bits first, in that order', () => {
    const sparsity = { value: 0.9, unit: 'ratio' };
    const epsilon = { value: 3.2, unit: 'ε' };
    assert.equal(keyFigure(row({ sparsity, epsilon }), reference), 'sparsity 90.0 %');
    assert.equal(keyFigure(row({ epsilon, bits: count(8) }), reference), 'ε = 3.20');
    assert.equal(keyFigure(row({ bits: count(4), parameters: count(10) }), reference), '4 bits');
  });

  it('gives the share of the reference’s parameters when a technique has fewer', () => {
    // 248 / 1000
    assert.equal(keyFigure(row({ parameters: count(248) }), reference), 'params 24.8 %');
    // as many parameters: not a key figure
    assert.equal(keyFigure(row({ parameters: count(1000) }), reference), undefined);
  });

  it('gives packed bytes, then bits per weight when they moved ≥ 10 % from the reference', () => {
    assert.equal(
      keyFigure(row({ packedBytes: { value: 3 * 1024, unit: 'bytes' } }), reference),
      'packed 3.0 KiB',
    );
    // 1,010 bytes × 8 / 1,000 parameters = 8.08; the reference has 32
    assert.equal(
      keyFigure(row({ parameters: count(1000), bytes: { value: 1010, unit: 'bytes' } }), reference),
      '8.1 bits/weight',
    );
    // 3,800 bytes: 30.4 bits, within 10 % of 32
    assert.equal(
      keyFigure(row({ parameters: count(1000), bytes: { value: 3800, unit: 'bytes' } }), reference),
      undefined,
    );
  });

  it('falls back to the shifted accuracy, then the first tuned value', () => {
    assert.equal(
      keyFigure(row({ shiftedAccuracy: { value: 0.912, unit: 'ratio' } }), reference),
      'shifted acc. 91.2 %',
    );
    assert.equal(
      keyFigure(
        row({ searchSeconds: count(3), 'tuned.learningRate': { value: 0.003123, unit: '1' } }),
        reference,
      ),
      'learningRate = 0.00312',
    );
  });

  it('compares nothing on the reference itself', () => {
    assert.equal(keyFigure(reference, reference), undefined);
    assert.equal(keyFigure(row({ parameters: count(5) })), undefined);
  });
});
