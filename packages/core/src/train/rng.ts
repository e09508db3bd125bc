/**
 * A small seeded PRNG (mulberry32) for data order: fast, 32-bit state, and the
 * same sequence on every platform. Shuffles are derived from (seed, epoch), so a
 * resumed run visits batches in exactly the order an uninterrupted one would.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Fisher–Yates permutation of 0..n-1 determined by (seed, epoch). */
export function epochPermutation(n: number, seed: number, epoch: number): Int32Array {
  const rand = mulberry32((seed * 1000003 + epoch * 7919) >>> 0);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
