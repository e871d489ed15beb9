// foldInOrder (the input scheduling of `gopherage ci`) driven by promises the
// test resolves by hand: no timing. Loads never run more than `concurrency`
// ahead of the fold, results are folded in index order, and the first failure
// in index order is the one reported.

import { describe, expect, it } from 'vitest';
import { foldInOrder } from '../src/cli/foldInOrder.js';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(err: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Let every pending promise callback run. */
const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A run of foldInOrder whose loads wait for the test to resolve them. */
function controlled(count: number, concurrency: number) {
  const loads = Array.from({ length: count }, () => deferred<string>());
  const started: number[] = [];
  const folded: string[] = [];
  const done = foldInOrder(
    count,
    concurrency,
    (i) => {
      started.push(i);
      return loads[i].promise;
    },
    (value, i) => {
      if (value === 'bad fold') throw new Error(`fold ${i} failed`);
      folded.push(value);
    },
  );
  return { loads, started, folded, done };
}

describe('foldInOrder', () => {
  it('a slow first input holds back later loads: never more than `concurrency` ahead of the fold', async () => {
    const { loads, started, folded, done } = controlled(6, 2);
    await settle();
    expect(started).toEqual([0, 1]);
    loads[1].resolve('b'); // finished, but waits for 0
    await settle();
    expect(started).toEqual([0, 1]);
    expect(folded).toEqual([]);
    loads[0].resolve('a');
    await settle();
    expect(folded).toEqual(['a', 'b']);
    expect(started).toEqual([0, 1, 2, 3]);
    loads[3].resolve('d');
    loads[2].resolve('c');
    await settle();
    expect(folded).toEqual(['a', 'b', 'c', 'd']);
    expect(started).toEqual([0, 1, 2, 3, 4, 5]);
    loads[5].resolve('f');
    loads[4].resolve('e');
    await done;
    expect(folded).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
  });

  it('reports the first failure in index order, whatever fails first in time, and starts nothing after it', async () => {
    const { loads, started, folded, done } = controlled(5, 3);
    await settle();
    loads[2].reject(new Error('load 2 failed'));
    loads[1].reject(new Error('load 1 failed'));
    loads[0].resolve('a');
    await expect(done).rejects.toThrow('load 1 failed');
    expect(folded).toEqual(['a']);
    expect(started).toEqual([0, 1, 2, 3]);
    loads[3].reject(new Error('ignored')); // no unhandled rejection
    await settle();
  });

  it('an error thrown by fold stops the run', async () => {
    const { loads, folded, done } = controlled(3, 3);
    loads[2].resolve('c');
    loads[1].resolve('bad fold');
    loads[0].resolve('a');
    await expect(done).rejects.toThrow('fold 1 failed');
    expect(folded).toEqual(['a']);
  });

  it('concurrency 1 is sequential; zero items do nothing', async () => {
    const { loads, started, done } = controlled(3, 1);
    await settle();
    expect(started).toEqual([0]);
    loads[0].resolve('a');
    await settle();
    expect(started).toEqual([0, 1]);
    loads[1].resolve('b');
    loads[2].resolve('c');
    await done;
    await foldInOrder(0, 4, () => Promise.reject(new Error('never called')), () => {});
    await expect(foldInOrder(1, 0, async () => 1, () => {})).rejects.toThrow(/concurrency must be at least 1/);
  });
});
