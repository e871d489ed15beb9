// Cobertura in parts that each stay under a size limit. GitLab ignores a
// Cobertura file over 10 MiB (about 9 KB per Go source file, so Kubernetes
// exceeds it) but reads every file its `coverage_report` glob matches: the
// same report split by package into several complete documents shows the same
// annotations. Profile in, sub-profiles out (render each with coberturaByteChunks).

import { compareUtf8, type FileCoverage, type Profile } from '../profile/model.js';
import { coberturaByteChunks, type CoberturaOptions } from './cobertura.js';
import { goPathDir } from '../summary/goPath.js';

function renderedBytes(profile: Profile, opts: CoberturaOptions): number {
  let n = 0;
  for (const chunk of coberturaByteChunks(profile, opts)) n += chunk.length;
  return n;
}

/**
 * The profile's files grouped into parts whose Cobertura documents are each at
 * most `maxBytes` (whole packages where they fit; a package too big for one
 * part is split between its files). Deterministic: packages in report order.
 * A single file bigger than the limit gets a part of its own (it cannot be
 * split); `oversized` lists such files.
 */
export function coberturaParts(profile: Profile, opts: CoberturaOptions, maxBytes: number): { parts: Profile[]; oversized: string[] } {
  const mapPath = opts.mapPath ?? ((n: string) => n);
  const sub = (files: FileCoverage[]): Profile => ({ mode: profile.mode, files });
  const overhead = renderedBytes(sub([]), opts);
  const cost = (files: FileCoverage[]): number => renderedBytes(sub(files), opts) - overhead;
  // Headers carry totals whose digits vary between parts: keep a little slack.
  const budget = maxBytes - overhead - 64;

  const packages = new Map<string, FileCoverage[]>();
  for (const f of profile.files) {
    const dir = goPathDir(mapPath(f.name));
    const list = packages.get(dir);
    if (list) list.push(f);
    else packages.set(dir, [f]);
  }
  // Units that are never split: whole packages, or the files of a package too big for one part.
  const units: { files: FileCoverage[]; bytes: number }[] = [];
  const oversized: string[] = [];
  for (const dir of [...packages.keys()].sort(compareUtf8)) {
    const files = packages.get(dir)!;
    const bytes = cost(files);
    if (bytes <= budget) {
      units.push({ files, bytes });
      continue;
    }
    for (const f of files) {
      const b = cost([f]);
      if (b > budget) oversized.push(f.name);
      units.push({ files: [f], bytes: b });
    }
  }
  const parts: Profile[] = [];
  let current: FileCoverage[] = [];
  let used = 0;
  for (const u of units) {
    if (current.length > 0 && used + u.bytes > budget) {
      parts.push(sub(current));
      current = [];
      used = 0;
    }
    current = current.concat(u.files);
    used += u.bytes;
  }
  if (current.length > 0 || parts.length === 0) parts.push(sub(current));
  return { parts, oversized };
}
