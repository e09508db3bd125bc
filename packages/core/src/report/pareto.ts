import type { TechniqueRow } from './types.ts';

/**
 * The techniques on the Pareto frontier of `cost` (lower is better) against
 * `benefit` (higher is better): those no other row beats on one axis without
 * losing on the other. Rows missing either metric are ignored.
 */
export function paretoFrontier(rows: readonly TechniqueRow[], cost: string, benefit: string): string[] {
  const pts = rows
    .filter((r) => r.metrics[cost] && r.metrics[benefit])
    .map((r) => ({ name: r.technique, c: r.metrics[cost].value, b: r.metrics[benefit].value }));
  return pts
    .filter((p) => !pts.some((q) => q !== p && q.c <= p.c && q.b >= p.b && (q.c < p.c || q.b > p.b)))
    .map((p) => p.name);
}
