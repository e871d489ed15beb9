// filter: keep the files of a profile whose names match include patterns (if
// any), then drop those matching exclude patterns. Unanchored search, like Go's
// `regexp.MatchString`. Profile in, Profile out; blocks are shared, not copied.
// A canonical text input can instead be filtered as text: bytes in, the kept
// lines' bytes out (filterCanonicalText).

import { copyCanonicalLines, type CopyCounts } from '../profile/canonical.js';
import type { Profile } from '../profile/model.js';

/** Which files `filterProfile` keeps. */
export interface FilterOptions {
  /** When non-empty, only files matching at least one of these are kept. */
  include?: readonly NamePattern[];
  /** Files matching any of these are dropped (applied after include). */
  exclude?: readonly NamePattern[];
}

/** A pattern: true when it matches somewhere in a name (a GoRegexp of patterns.ts, or a RegExp). */
export interface NamePattern {
  test(name: string): boolean;
}

/** True when `re` matches somewhere in `name` (stateless even for a RegExp with /g or /y). */
function matches(re: NamePattern, name: string): boolean {
  if (re instanceof RegExp) re.lastIndex = 0;
  return re.test(name);
}

/** The rule of `options` as a predicate on file names: true for a file the filter keeps. */
export function keepsFile(options: FilterOptions): (name: string) => boolean {
  const include = options.include ?? [];
  const exclude = options.exclude ?? [];
  return (name) => (include.length === 0 || include.some((re) => matches(re, name))) && !exclude.some((re) => matches(re, name));
}

/** The profile restricted to the files selected by `options` (same mode; may have no files). */
export function filterProfile(profile: Profile, options: FilterOptions): Profile {
  const keep = keepsFile(options);
  return { mode: profile.mode, files: profile.files.filter((f) => keep(f.name)) };
}

/**
 * Filter a text profile by copying lines, when it is canonical (see
 * src/profile/canonical.ts): the output bytes go to `emit`, and are those of
 * writing `filterProfile` of the parsed input. Null when the input is not
 * canonical (discard what `emit` got and filter the parsed profile instead).
 */
export function filterCanonicalText(
  chunks: AsyncIterable<Uint8Array>,
  input: string,
  options: FilterOptions,
  emit: (bytes: Uint8Array) => void | Promise<void>,
): Promise<CopyCounts | null> {
  return copyCanonicalLines(chunks, input, keepsFile(options), emit);
}
