// What reports learn from the sources of a profile's files: per file its
// Location (where it is, its path in the repository) and per-function
// coverage. Profile + SourceIndex in, a map by profile file name out. Files
// are looked up with bounded concurrency; each is parsed at most once.

import pMap from 'p-map';
import type { Profile } from '../profile/model.js';
import { functionCoverage, type FuncCoverage } from '../summary/functions.js';
import type { Location } from './locator.js';
import type { SourceIndex } from './sourceIndex.js';

/** One file's source facts: functions null when its source was not found. */
export interface FileFacts {
  location: Location;
  functions: FuncCoverage[] | null;
}

/** Source facts of every file of a profile (parsing only when `functions` is wanted). */
export async function profileSourceFacts(
  profile: Profile,
  index: SourceIndex,
  opts: { functions?: boolean; concurrency?: number } = {},
): Promise<Map<string, FileFacts>> {
  const wantFunctions = opts.functions ?? true;
  const facts = await pMap(
    profile.files,
    async (f): Promise<FileFacts> => {
      if (!wantFunctions) return { location: await index.locator.locate(f.name), functions: null };
      const s = await index.functions(f.name);
      return { location: s.location, functions: s.functions === null ? null : functionCoverage(f, s.functions) };
    },
    { concurrency: opts.concurrency ?? 16 },
  );
  return new Map(profile.files.map((f, i) => [f.name, facts[i]] as const));
}

/** The found and not-found locations of a facts map. */
export function splitFound(facts: ReadonlyMap<string, FileFacts>): { found: number; missing: Location[] } {
  let found = 0;
  const missing: Location[] = [];
  for (const f of facts.values()) {
    if (f.location.found) found++;
    else missing.push(f.location);
  }
  return { found, missing };
}

/** How reports name files: the profile's import path, or the path in the repository when the source is found there. */
export type PathStyle = 'import' | 'repo';

/** The report name of a profile file: repository path (style repo, when found) then `rules` (e.g. --path-prefix). */
export function reportPathMapper(style: PathStyle, facts: ReadonlyMap<string, FileFacts>, rules: (name: string) => string): (name: string) => string {
  return (name) => {
    const loc = facts.get(name)?.location;
    return rules(style === 'repo' && loc?.found && loc.repoPath !== undefined ? loc.repoPath : name);
  };
}
