// `.covignore`: gitignore-style globs at a module's root naming source files
// to leave out of coverage. Text in, a matcher out: given a '/'-separated
// path relative to the module root, the rule that excludes it (or null).
//
// Syntax as gitignore(5): blank lines and `#` lines are skipped; `!` negates
// (re-includes); a trailing `/` matches directories only; a pattern with a `/`
// at its start or middle is anchored at the module root, otherwise it matches
// at any depth; `*`, `?`, `[a-z]`/`[!a-z]`; `**/`, `/**`, `/**/` span
// directories; `\` escapes. As in git, a file whose directory is excluded
// cannot be re-included by a later `!` pattern.

/** The rule that excluded a path. */
export interface CovIgnoreRule {
  /** The pattern as written (trailing spaces removed). */
  pattern: string;
  /** 1-based line in the .covignore file. */
  line: number;
}

interface Compiled extends CovIgnoreRule {
  negated: boolean;
  dirOnly: boolean;
  re: RegExp;
}

/** A parsed .covignore. */
export interface CovIgnore {
  /** The rule excluding `relPath` (relative to the module root, '/'-separated), or null when it is kept. */
  match(relPath: string): CovIgnoreRule | null;
  /** Number of patterns. */
  readonly size: number;
}

/** Parse the text of a .covignore file. */
export function parseCovIgnore(text: string): CovIgnore {
  const rules: Compiled[] = [];
  text.split('\n').forEach((raw, i) => {
    let p = raw.replace(/\r$/, '');
    p = p.replace(/(?<!\\)[ \t]+$/, ''); // trailing blanks, unless escaped
    if (p === '' || p.startsWith('#')) return;
    const negated = p.startsWith('!');
    if (negated) p = p.slice(1);
    const dirOnly = p.endsWith('/') && !p.endsWith('\\/');
    if (dirOnly) p = p.slice(0, -1);
    if (p === '') return;
    const anchored = p.includes('/');
    if (p.startsWith('/')) p = p.slice(1);
    const body = globToRegex(p);
    rules.push({ pattern: raw.trim(), line: i + 1, negated, dirOnly, re: new RegExp(`^${anchored ? '' : '(?:.*/)?'}${body}$`, 's') });
  });
  const last = (path: string, isDir: boolean): Compiled | null => {
    for (let k = rules.length - 1; k >= 0; k--) {
      const r = rules[k];
      if (r.dirOnly && !isDir) continue;
      if (r.re.test(path)) return r;
    }
    return null;
  };
  return {
    size: rules.length,
    match(relPath: string): CovIgnoreRule | null {
      const parts = relPath.split('/').filter((s) => s !== '' && s !== '.');
      for (let k = 1; k < parts.length; k++) {
        const r = last(parts.slice(0, k).join('/'), true);
        if (r && !r.negated) return { pattern: r.pattern, line: r.line };
      }
      const r = last(parts.join('/'), false);
      return r && !r.negated ? { pattern: r.pattern, line: r.line } : null;
    },
  };
}

/** The regex source of one gitignore glob (without anchors). */
function globToRegex(glob: string): string {
  let out = '';
  let i = 0;
  while (i < glob.length) {
    if (glob.startsWith('**/', i) && (i === 0 || glob[i - 1] === '/')) {
      out += '(?:.*/)?';
      i += 3;
      continue;
    }
    if (glob.startsWith('**', i) && i + 2 === glob.length && (i === 0 || glob[i - 1] === '/')) {
      out += '.*';
      i += 2;
      continue;
    }
    const c = glob[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '\\' && i + 1 < glob.length) out += escapeRe(glob[++i]);
    else if (c === '[') {
      const end = classEnd(glob, i);
      if (end < 0) out += '\\[';
      else {
        let cls = glob.slice(i + 1, end);
        let neg = '';
        if (cls.startsWith('!') || cls.startsWith('^')) {
          neg = '^';
          cls = cls.slice(1);
        }
        out += `[${neg}${cls.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
        i = end;
      }
    } else out += escapeRe(c);
    i++;
  }
  return out;
}

/** Index of the `]` closing the class opened at `start`, or -1. */
function classEnd(glob: string, start: number): number {
  let j = start + 1;
  if (glob[j] === '!' || glob[j] === '^') j++;
  if (glob[j] === ']') j++;
  for (; j < glob.length; j++) if (glob[j] === ']') return j;
  return -1;
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
