/** Small seeded randomness for shuffling and splits, so a seed reproduces a run's data order. */

/** mulberry32: a fast 32-bit generator with good enough statistics for shuffling; values in [0, 1). */
export function createRng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Fisher-Yates: every permutation equally likely for a uniform rng. */
export function shuffleInPlace<T>(a: T[] | Uint32Array, rng: () => number): void {
  // Both array kinds index the same way; the structural view avoids a union on every assignment.
  const items = a as { [index: number]: unknown; length: number };
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const held = items[i];
    items[i] = items[j];
    items[j] = held;
  }
}
