import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { glance, referenceRow } from './glance.ts';
import type { Measure, TechniqueRow } from './types.ts';

const ratio = (value: number): Measure => ({ value, unit: 'ratio' });
const bytes = (value: number): Measure => ({ value, unit: 'bytes' });
const row = (technique: string, metrics: Record<string, Measure>, skipped?: string): TechniqueRow => ({
  technique,
  description: '',
  metrics,
  ...(skipped !== undefined && { skipped }),
});

describe('referenceRow', () => {
  it('is the row named baseline, else the first measured row', () => {
    const a = row('a', {});
    const b = row('baseline', {});
    assert.equal(referenceRow([a, b]), b);
    assert.equal(referenceRow([row('s', {}, 'n/a'), a]), a);
    assert.equal(referenceRow([row('s', {}, 'n/a')]), undefined);
  });
});

describe('glance', () => {
  it('computes Δ accuracy in points and compression on gzip bytes against the reference', () => {
    const g = glance([
      row('baseline', { accuracy: ratio(0.98), bytes: bytes(4000), gzipBytes: bytes(3000) }),
      row('small', { accuracy: ratio(0.975), bytes: bytes(1000), gzipBytes: bytes(750) }),
    ]);
    assert.equal(g.keys.size, 'gzipBytes');
    assert.equal(g.rows[0].isReference, true);
    assert.equal(g.rows[0].compression, 1);
    // (0.975 − 0.98) × 100 = −0.5 pp; 3000 / 750 = 4
    assert.ok(Math.abs(g.rows[1].deltaAccuracy! + 0.5) < 1e-9);
    assert.equal(g.rows[1].compression, 4);
  });

  it('prefers a deltaAccuracy metric in pp, and falls back to raw bytes for size', () => {
    const g = glance([
      row('baseline', { accuracy: ratio(0.9), bytes: bytes(800) }),
      row('x', { accuracy: ratio(0.8), deltaAccuracy: { value: -7, unit: 'pp' }, bytes: bytes(200) }),
    ]);
    assert.equal(g.rows[1].deltaAccuracy, -7);
    assert.equal(g.keys.size, 'bytes');
    assert.equal(g.rows[1].compression, 4);
  });

  it('gives a skipped row no numbers and never uses it as the reference', () => {
    const g = glance([
      row('tuned', { accuracy: ratio(1) }, 'no tune section'),
      row('first', { accuracy: ratio(0.9), latencyP50: { value: 2, unit: 'ms' } }),
    ]);
    assert.equal(g.reference?.technique, 'first');
    assert.deepEqual(Object.keys(g.rows[0]).sort(), ['isReference', 'row']);
    assert.equal(g.rows[1].deltaAccuracy, 0);
    assert.equal(g.keys.latencyP50, 'latencyP50');
    assert.equal(g.keys.throughput, undefined);
  });
});
