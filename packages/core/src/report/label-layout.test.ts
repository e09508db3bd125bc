import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { estimateTextWidth, placeLabels, type Box } from './label-layout.ts';

const disjoint = (a: Box, b: Box): boolean => a.x1 <= b.x0 || b.x1 <= a.x0 || a.y1 <= b.y0 || b.y1 <= a.y0;

describe('estimateTextWidth', () => {
  it('counts wide letters wider than narrow ones, at 0.6 em for a plain letter', () => {
    // 4 × 0.6 em × 10 px + 2 px of slack
    assert.equal(estimateTextWidth('abcd', 10), 26);
    assert.ok(estimateTextWidth('WWWW', 10) > estimateTextWidth('iiii', 10));
  });
});

describe('placeLabels', () => {
  it('puts a lone label to the right of its point, vertically centred on it', () => {
    const { placed, unplaced } = placeLabels([{ x: 100, y: 50, text: 'baseline' }], 400, 200);
    assert.deepEqual(unplaced, []);
    // point radius 5 + 3 px of air
    assert.deepEqual(
      placed.map(({ x, y, align }) => ({ x, y, align })),
      [{ x: 108, y: 50, align: 'left' }],
    );
  });

  it('moves a label to the left when the right edge is too close', () => {
    const { placed } = placeLabels([{ x: 390, y: 50, text: 'baseline' }], 400, 200);
    assert.equal(placed[0].align, 'right');
    assert.equal(placed[0].x, 382);
  });

  it('gives two points at the same spot two different sides', () => {
    const { placed } = placeLabels(
      [
        { x: 200, y: 100, text: 'quant-uint8' },
        { x: 200, y: 100, text: 'int8-per-channel' },
      ],
      400,
      200,
    );
    assert.deepEqual(
      placed.map((p) => p.align),
      ['left', 'right'],
    );
    assert.ok(disjoint(placed[0].box, placed[1].box));
  });

  it('never overlaps two labels, a label and a point, or the edge; reports what it left out', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.integer({ min: 0, max: 300 }), y: fc.integer({ min: 0, max: 200 }) }), {
          maxLength: 25,
        }),
        (pts) => {
          const requests = pts.map((p, i) => ({ ...p, text: `technique-${i}` }));
          const { placed, unplaced } = placeLabels(requests, 300, 200);
          assert.equal(placed.length + unplaced.length, requests.length);
          for (const [i, a] of placed.entries()) {
            assert.ok(a.box.x0 >= 0 && a.box.y0 >= 0 && a.box.x1 <= 300 && a.box.y1 <= 200);
            for (const b of placed.slice(i + 1)) assert.ok(disjoint(a.box, b.box), `${a.text} × ${b.text}`);
            for (const p of requests) {
              const dot = { x0: p.x - 5, y0: p.y - 5, x1: p.x + 5, y1: p.y + 5 };
              assert.ok(disjoint(a.box, dot), `${a.text} covers the point of ${p.text}`);
            }
          }
        },
      ),
    );
  });

  it('leaves out labels when the points crowd one spot', () => {
    const requests = Array.from({ length: 30 }, (_, i) => ({ x: 150, y: 100, text: `t${i}` }));
    const { placed, unplaced } = placeLabels(requests, 300, 200);
    assert.ok(placed.length >= 2 && unplaced.length >= 1, `${placed.length} placed`);
    assert.deepEqual(
      unplaced,
      requests.slice(placed.length).map((r) => r.text),
    );
  });
});
