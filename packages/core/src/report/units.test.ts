import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { displayUnit, formatMeasure, formatScaled, withUnit } from './units.ts';

describe('displayUnit', () => {
  it('shows ratios as percentages with two decimals', () => {
    assert.deepEqual(displayUnit('ratio', [0.981]), { label: '%', factor: 100, decimals: 2 });
    assert.equal(formatMeasure(0.98123, 'ratio'), '98.12 %');
    assert.equal(formatMeasure(1, 'ratio'), '100.00 %');
  });

  it('picks B, KiB, MiB or GiB by the largest value', () => {
    assert.equal(displayUnit('bytes', [100, 1023]).label, 'B');
    assert.equal(displayUnit('bytes', [100, 1024]).label, 'KiB');
    assert.equal(displayUnit('bytes', [1024, 1024 * 1024]).label, 'MiB');
    assert.equal(displayUnit('bytes', [3 * 1024 ** 3]).label, 'GiB');
    assert.equal(formatMeasure(1536, 'bytes'), '1.5 KiB');
    assert.equal(formatMeasure(1.5 * 1024 * 1024, 'bytes'), '1.50 MiB');
    assert.equal(formatMeasure(512, 'bytes'), '512 B');
    // One scale per column: the small value is shown in MiB too.
    const col = displayUnit('bytes', [2 * 1024 * 1024, 512 * 1024]);
    assert.equal(formatScaled(512 * 1024, col), '0.50');
  });

  it('shows milliseconds with two decimals', () => {
    assert.equal(formatMeasure(12.3, 'ms'), '12.30 ms');
    assert.equal(formatMeasure(1234.5678, 'ms'), '1,234.57 ms');
  });

  it('keeps other units, fitting decimals to the magnitude', () => {
    assert.equal(formatMeasure(1234, 'count'), '1,234');
    assert.equal(formatMeasure(3.14159, 'ε'), '3.14 ε');
    assert.equal(formatMeasure(0.0123, 'auc'), '0.0123 auc');
    assert.equal(formatMeasure(1532.4, 'samples/s'), '1,532 samples/s');
  });

  it('prints a dash for a value that is not finite', () => {
    assert.equal(formatMeasure(Number.NaN, 'ms'), '—');
    assert.equal(formatScaled(Number.POSITIVE_INFINITY, displayUnit('ratio', [])), '—');
  });

  it('adds the unit to a title only when it has one', () => {
    assert.equal(withUnit('size', displayUnit('bytes', [2048])), 'size (KiB)');
    assert.equal(withUnit('steps', displayUnit('count', [3])), 'steps');
  });
});
