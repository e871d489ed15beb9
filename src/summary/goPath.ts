// The one package rule: the package of a profile file name is Go's
// `path.Dir` of it (cleaned: `./x/a.go` and `x//b.go` are both in `x`, a
// top-level `a.go` is in `.`). junit, the JSON summary, Cobertura and ci's
// package thresholds all group by it.

import { compareUtf8, type Profile } from '../profile/model.js';
import { addTotals, fileTotals, type Totals } from './totals.js';

/** Go's `path.Clean`. */
export function goPathClean(p: string): string {
  if (p === '') return '.';
  const rooted = p.startsWith('/');
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
      continue;
    }
    out.push(seg);
  }
  const s = out.join('/');
  return rooted ? `/${s}` : s === '' ? '.' : s;
}

/** Go's `path.Dir`: everything up to the last '/', cleaned ("." when there is none). The package of a file. */
export function goPathDir(p: string): string {
  return goPathClean(p.slice(0, p.lastIndexOf('/') + 1));
}

/** Packages (goPathDir of each file) with the totals of the files directly in them, sorted bytewise. */
export function packageTotals(profile: Profile): Map<string, Totals> {
  const out = new Map<string, Totals>();
  for (const f of profile.files) {
    const dir = goPathDir(f.name);
    const t = out.get(dir);
    if (t) addTotals(t, fileTotals(f));
    else out.set(dir, fileTotals(f));
  }
  return new Map([...out].sort(([a], [b]) => compareUtf8(a, b)));
}
