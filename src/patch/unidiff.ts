// Unified diff text in (as `git diff` writes it, or any `diff -u` style
// patch), the files it changes out: the new path of each file and the
// new-side line numbers of its added lines. Handles renames and copies (the
// new path counts), new and deleted files, binary files (no lines), names
// git quotes ("a\303\251.go", spaces, tabs), mnemonic or no prefixes, a
// trailing tab or timestamp after a name, CRLF line ends and
// "\ No newline at end of file".

import { InputError } from '../profile/errors.js';

/** One file of a diff. */
export interface DiffFile {
  /** Path on the new side ('/'-separated, no prefix); null when the file is deleted. */
  path: string | null;
  /** Path on the old side; null for a new file. */
  oldPath: string | null;
  /** A binary change (no line information). */
  binary: boolean;
  /** New-side line numbers (1-based, ascending) of added lines. */
  added: number[];
}

const ESCAPES: Record<string, number> = { a: 7, b: 8, t: 9, n: 10, v: 11, f: 12, r: 13, '"': 34, '\\': 92 };

/** Decode a C-style quoted name as git writes it ("\303\251" octal bytes are UTF-8). */
export function unquoteGitName(quoted: string): string {
  const bytes: number[] = [];
  const enc = new TextEncoder();
  for (let i = 1; i < quoted.length - 1; i++) {
    const c = quoted[i];
    if (c !== '\\') {
      const cp = quoted.codePointAt(i)!;
      bytes.push(...enc.encode(String.fromCodePoint(cp)));
      if (cp > 0xffff) i++;
      continue;
    }
    const d = quoted[++i];
    if (d >= '0' && d <= '7') {
      bytes.push(parseInt(quoted.slice(i, i + 3), 8) & 0xff);
      i += 2;
    } else bytes.push(ESCAPES[d] ?? d.charCodeAt(0));
  }
  return new TextDecoder().decode(new Uint8Array(bytes));
}

/** The name of a `---`/`+++` line: unquoted, without a trailing tab/timestamp; null for /dev/null. */
function headerName(rest: string): string | null {
  let name: string;
  if (rest.startsWith('"')) {
    const end = closingQuote(rest);
    name = unquoteGitName(rest.slice(0, end + 1));
  } else {
    const tab = rest.indexOf('\t');
    name = tab < 0 ? rest : rest.slice(0, tab);
  }
  return name === '/dev/null' ? null : name;
}

/** Index of the quote closing a quoted name that starts at 0. */
function closingQuote(s: string): number {
  for (let i = 1; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return s.length - 1;
}

/** The name after `rename to ` / `copy to ` etc. (no prefix there). */
function plainName(rest: string): string {
  return rest.startsWith('"') ? unquoteGitName(rest.slice(0, closingQuote(rest) + 1)) : rest;
}

/**
 * Strip the one-letter prefixes of a `---`/`+++` pair ("a/" and "b/", or
 * git's mnemonic "c/", "i/", "w/", "o/"): only when both sides carry one and
 * the letters differ, so `git diff --no-prefix` paths such as "a/x.go" stay whole.
 */
function stripPrefixes(oldName: string | null, newName: string | null): [string | null, string | null] {
  const p = /^([a-z])\//;
  const o = oldName === null ? null : p.exec(oldName)?.[1];
  const n = newName === null ? null : p.exec(newName)?.[1];
  const prefixed = o !== undefined && n !== undefined && (o === null || n === null || o !== n) && !(o === null && n === null);
  if (!prefixed) return [oldName, newName];
  return [oldName === null ? null : oldName.slice(2), newName === null ? null : newName.slice(2)];
}

const GIT_EXTENDED = /^(index |old mode|new mode|deleted file mode|new file mode|similarity index|dissimilarity index|rename from|rename to|copy from|copy to)/;

/**
 * Parse a unified diff. `input` names it in errors (`<stdin>`, a file name).
 * A hunk header that does not parse is an InputError naming the line.
 */
export function parseUnifiedDiff(text: string, input = 'diff'): DiffFile[] {
  const files: DiffFile[] = [];
  let cur: DiffFile | null = null;
  let sawOld = false;
  let oldLeft = 0;
  let newLeft = 0;
  let newLine = 0;
  const lines = text.split('\n');
  const start = (): DiffFile => {
    const f: DiffFile = { path: null, oldPath: null, binary: false, added: [] };
    files.push(f);
    sawOld = false;
    return f;
  };
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n];
    if (oldLeft > 0 || newLeft > 0) {
      // Inside a hunk: the body is exactly as long as its header says.
      const c = raw[0];
      if (c === '+') {
        cur!.added.push(newLine++);
        newLeft--;
      } else if (c === '-') oldLeft--;
      else if (c === '\\') continue;
      else {
        // Context (' '), or an empty line whose space a mailer or editor stripped.
        newLine++;
        newLeft--;
        oldLeft--;
      }
      continue;
    }
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (line.startsWith('diff --git ')) {
      cur = start();
      // Names from the header, for changes without ---/+++ lines (binary, mode or rename only).
      const m = /^diff --git ("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(line);
      if (m) [cur.oldPath, cur.path] = stripPrefixes(plainName(m[1]), plainName(m[2]));
    } else if (line.startsWith('--- ') && lines[n + 1]?.startsWith('+++ ')) {
      // A plain `diff -u` patch starts each file here; in a git diff it follows the header.
      if (cur === null || sawOld || !(lines[n - 1]?.startsWith('diff --git ') || GIT_EXTENDED.test(lines[n - 1] ?? ''))) cur = start();
      sawOld = true;
      const next = lines[n + 1].replace(/\r$/, '');
      const [o, p] = stripPrefixes(headerName(line.slice(4)), headerName(next.slice(4)));
      if (cur.oldPath === null || o !== null) cur.oldPath = o;
      cur.path = p;
      n++;
    } else if (cur && line.startsWith('rename to ')) cur.path = plainName(line.slice(10));
    else if (cur && line.startsWith('copy to ')) cur.path = plainName(line.slice(8));
    else if (cur && line.startsWith('rename from ')) cur.oldPath = plainName(line.slice(12));
    else if (cur && line.startsWith('copy from ')) cur.oldPath = plainName(line.slice(10));
    else if (cur && line.startsWith('new file mode')) cur.oldPath = null;
    else if (cur && line.startsWith('deleted file mode')) cur.path = null;
    else if (cur && (line.startsWith('Binary files ') || line === 'GIT binary patch')) cur.binary = true;
    else if (line.startsWith('@@')) {
      const m = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m || !cur) throw new InputError('BAD_DIFF', `${input}:${n + 1}: bad hunk header ${JSON.stringify(line.slice(0, 80))}`);
      oldLeft = m[1] === undefined ? 1 : Number(m[1]);
      newLine = Number(m[2]);
      newLeft = m[3] === undefined ? 1 : Number(m[3]);
    }
  }
  return files;
}
