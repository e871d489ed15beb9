// Grouping the file names of a GOCOVERDIR directory into "pods" (one
// meta-data file and the counter files named after its hash), by the same
// name patterns as Go's internal/coverage/pods. Names in, pods out; pure.
// Partially written `tmp.*` files and unrelated names match neither pattern
// and are ignored.

import { compareUtf8 } from '../profile/model.js';

/** Go's `\S` is ASCII-only: not tab, newline, form feed, carriage return or space. */
const NON_SPACE = '[^\\t\\n\\f\\r ]';
const META_RE = new RegExp(`^covmeta\\.(${NON_SPACE}+)$`);
const COUNTER_RE = new RegExp(`^covcounters\\.(${NON_SPACE}+)\\.(\\d+)\\.(\\d+)+$`);

/** One meta-data file and its counter files (both as given names, sorted). */
export interface Pod {
  readonly hash: string;
  readonly metaFile: string;
  readonly counterFiles: readonly string[];
}

/** Pods of a directory listing, plus counter files whose meta-data file is missing. */
export interface PodList {
  /** Sorted by meta file name, as Go does. */
  readonly pods: readonly Pod[];
  /** Counter files without their meta-data file, sorted. */
  readonly orphans: readonly string[];
}

/** True when a name is a meta-data file name (`covmeta.<hash>`). */
export function isMetaFileName(name: string): boolean {
  return META_RE.test(name);
}

/** Group base names of one directory into pods. */
export function collectPods(names: readonly string[]): PodList {
  const byHash = new Map<string, { metaFile: string; counterFiles: string[] }>();
  for (const name of names) {
    const m = META_RE.exec(name);
    if (m && !byHash.has(m[1])) byHash.set(m[1], { metaFile: name, counterFiles: [] });
  }
  const orphans: string[] = [];
  for (const name of names) {
    const m = COUNTER_RE.exec(name);
    if (!m) continue;
    const pod = byHash.get(m[1]);
    if (pod) pod.counterFiles.push(name);
    else orphans.push(name);
  }
  const pods: Pod[] = [...byHash].map(([hash, p]) => ({ hash, metaFile: p.metaFile, counterFiles: sortUtf8(p.counterFiles) }));
  pods.sort((a, b) => compareUtf8(a.metaFile, b.metaFile));
  return { pods, orphans: sortUtf8(orphans) };
}

/** Sort names in UTF-8 byte order (compareUtf8). Without surrogates that is UTF-16 order: the built-in sort, much faster on thousands of names. */
function sortUtf8(names: string[]): string[] {
  return names.some((n) => /[\ud800-\udfff]/.test(n)) ? names.sort(compareUtf8) : names.sort();
}
