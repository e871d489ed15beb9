// Lazy, bounded access to what reports need from Go sources: a SourceLocator
// (where a profile file name is on disk) in, per file its Location and
// function extents out. Files are read and parsed only when asked for, at
// most once while they stay in a small LRU cache (parse results only: the
// text is dropped after parsing).

import { goFunctions, type FuncExtent } from './functions.js';
import type { Location, SourceLocator } from './locator.js';

/** A file's location and, when found, its function extents. */
export interface SourceFunctions {
  location: Location;
  functions: FuncExtent[] | null;
}

/** Per-file function extents via a locator, cached (LRU, `capacity` files). */
export class SourceIndex {
  private readonly cache = new Map<string, Promise<SourceFunctions>>();
  constructor(
    readonly locator: SourceLocator,
    private readonly capacity = 512,
  ) {}

  /** Location and function extents of a profile file name. */
  functions(name: string): Promise<SourceFunctions> {
    const hit = this.cache.get(name);
    if (hit) {
      this.cache.delete(name);
      this.cache.set(name, hit);
      return hit;
    }
    const p = this.load(name);
    this.cache.set(name, p);
    if (this.cache.size > this.capacity) this.cache.delete(this.cache.keys().next().value!);
    return p;
  }

  private async load(name: string): Promise<SourceFunctions> {
    const location = await this.locator.locate(name);
    if (!location.found) return { location, functions: null };
    const bytes = await this.locator.read(name);
    if (bytes === null) return { location, functions: null };
    return { location, functions: await goFunctions(Buffer.from(bytes).toString('utf8')) };
  }
}
