// Column headings for multi-profile reports (table, html, ci): one column per
// input in argument order, named by the input's base name without extension
// (`after/kubelet.cov.gz` -> `kubelet`), or by user-given names. Pure string
// work: no file system access.

import { OptionError } from '../profile/errors.js';

/** Extensions stripped after the base name is taken (one compression suffix, then one more). */
const COMPRESSION = /\.(gz|gzip)$/i;

/**
 * The base name of an input without its extension: `before/list.cov` ->
 * `list`, `a.cov.gz` -> `a`, a GOCOVERDIR `covdir/` -> `covdir`, `-` -> `stdin`.
 * A name that would become empty (`.cov`) is kept whole.
 */
export function inputBaseName(input: string): string {
  if (input === '-') return 'stdin';
  const trimmed = input.replace(/\/+$/, '');
  const base = trimmed.slice(trimmed.lastIndexOf('/') + 1);
  if (base === '') return input;
  const plain = base.replace(COMPRESSION, '');
  const dot = plain.lastIndexOf('.');
  const stem = dot > 0 ? plain.slice(0, dot) : plain;
  return stem === '' ? base : stem;
}

/**
 * Column names for inputs, in order. With `names` they are used as given
 * and must match the inputs one to one (else an OptionError naming `names`).
 * Otherwise each is `inputBaseName(input)`; when two inputs would
 * get the same name, parent directories are prepended until the names differ
 * (`before/list`, `after/list`); inputs still equal (the same path twice) get
 * `#2`, `#3`... appended.
 */
export function columnNames(inputs: readonly string[], names?: readonly string[]): string[] {
  if (names !== undefined) {
    if (names.length !== inputs.length) {
      throw new OptionError('names', `${names.length} name${names.length === 1 ? '' : 's'} for ${inputs.length} input${inputs.length === 1 ? '' : 's'}`);
    }
    const empty = names.findIndex((n) => n.trim() === '');
    if (empty >= 0) throw new OptionError('names', `name ${empty + 1} is empty`);
    return [...names];
  }
  const result = inputs.map(inputBaseName);
  const dirs = inputs.map((i) => (i === '-' ? [] : i.replace(/\/+$/, '').split('/').slice(0, -1)));
  // Prepend one more parent segment to every member of a clash until nothing clashes or nothing is left.
  const taken = inputs.map(() => 0);
  for (;;) {
    const groups = clashes(result);
    let grew = false;
    for (const group of groups) {
      for (const i of group) {
        const d = dirs[i];
        if (taken[i] < d.length) {
          taken[i]++;
          result[i] = `${d[d.length - taken[i]]}/${result[i]}`;
          grew = true;
        }
      }
    }
    if (!grew) break;
  }
  const seen = new Map<string, number>();
  return result.map((name) => {
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name}#${n}`;
  });
}

/** Index groups (size > 1) of equal names. */
function clashes(names: readonly string[]): number[][] {
  const byName = new Map<string, number[]>();
  names.forEach((n, i) => {
    const g = byName.get(n);
    if (g) g.push(i);
    else byName.set(n, [i]);
  });
  return [...byName.values()].filter((g) => g.length > 1);
}
