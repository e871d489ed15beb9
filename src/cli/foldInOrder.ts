// Bounded look-ahead for reading inputs concurrently while folding them in
// argument order (used by `gopherage ci`).

/**
 * Load items 0..count-1 with `load` and hand each result to `fold` strictly in
 * index order. The load of item i starts only when i < folded + concurrency,
 * so at most `concurrency` items are loading or loaded-but-not-folded at any
 * time, however slow an early item is: memory stays bounded. The first
 * failure in index order (a load error, or an error thrown by `fold`) rejects;
 * later loads are then not started, and failures of loads already running are
 * ignored. Results and errors never depend on which load finished first.
 */
export async function foldInOrder<T>(
  count: number,
  concurrency: number,
  load: (index: number) => Promise<T>,
  fold: (value: T, index: number) => void,
): Promise<void> {
  const window = Math.floor(concurrency);
  if (!(window >= 1)) throw new RangeError(`concurrency must be at least 1, got ${concurrency}`);
  const loading = new Map<number, Promise<T>>();
  let started = 0;
  for (let folded = 0; folded < count; folded++) {
    for (; started < count && started < folded + window; started++) {
      const index = started;
      const p = Promise.resolve().then(() => load(index));
      p.catch(() => {}); // a rejection is reported when its turn comes, or never (if an earlier item failed)
      loading.set(index, p);
    }
    const value = await loading.get(folded)!;
    loading.delete(folded);
    fold(value, folded);
  }
}
