// filter: keep the files of a profile whose names match include patterns (if
// any), then drop those matching exclude patterns. Unanchored search, like Go's
// `regexp.MatchString`. Profile in, Profile out; blocks are shared, not copied.

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

/** The profile restricted to the files selected by `options` (same mode; may have no files). */
export function filterProfile(profile: Profile, options: FilterOptions): Profile {
  const include = options.include ?? [];
  const exclude = options.exclude ?? [];
  const files = profile.files.filter(
    (f) => (include.length === 0 || include.some((re) => matches(re, f.name))) && !exclude.some((re) => matches(re, f.name)),
  );
  return { mode: profile.mode, files };
}
