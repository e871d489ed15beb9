// Path patterns for `filter`: flag values in, compiled regular expressions
// out. Two jobs, both matching what gopherage's flag library (spf13/pflag
// StringSlice) and Go's `regexp` do:
//  1. split one flag value into fields the way Go's `encoding/csv` reads one
//     record (`a,"b,c"` -> [a, b,c]; `""` inside quotes is a quote);
//  2. compile each field with an RE2 engine (re2js) for Go's exact syntax and
//     matching: an unanchored search; what Go rejects is a usage error.

import { RE2JS, RE2JSException } from 're2js';
import { OptionError } from '../profile/errors.js';
import { encodeName, hasEscapedBytes } from '../profile/names.js';

/** Split one flag value into fields as pflag's StringSlice does (Go `encoding/csv`, one record). */
export function splitFlagValue(value: string): string[] {
  if (value === '') return [];
  const reader = new LineReader(value);
  let line: string | null;
  // Skip empty lines, as encoding/csv does.
  for (;;) {
    line = reader.next();
    if (line === null) throw new CsvError('EOF (no field in value)');
    if (line !== '\n') break;
  }
  const fields: string[] = [];
  const lineNo = reader.lineNo;
  let col = 1;
  for (;;) {
    if (line.length === 0 || line[0] !== '"') {
      // Non-quoted field: up to the next comma or the end of the line.
      const i = line.indexOf(',');
      const field = i >= 0 ? line.slice(0, i) : line.slice(0, line.length - nlLength(line));
      const q = field.indexOf('"');
      if (q >= 0) throw new CsvError(`parse error on line ${lineNo}, column ${col + q}: bare " in non-quoted-field`);
      fields.push(field);
      if (i < 0) break;
      line = line.slice(i + 1);
      col += i + 1;
      continue;
    }
    // Quoted field: may span lines; `""` is a quote; must end at a comma or line end.
    line = line.slice(1);
    col += 1;
    let field = '';
    let done = false;
    for (;;) {
      const i = line.indexOf('"');
      if (i >= 0) {
        field += line.slice(0, i);
        line = line.slice(i + 1);
        col += i + 1;
        if (line[0] === '"') {
          field += '"';
          line = line.slice(1);
          col += 1;
        } else if (line[0] === ',') {
          line = line.slice(1);
          col += 1;
          fields.push(field);
          break;
        } else if (nlLength(line) === line.length) {
          fields.push(field);
          done = true;
          break;
        } else {
          throw new CsvError(`parse error on line ${reader.lineNo}, column ${col - 1}: extraneous or missing " in quoted-field`);
        }
      } else if (line.length > 0) {
        field += line;
        const next = reader.next();
        if (next === null) throw new CsvError(`parse error on line ${reader.lineNo}: extraneous or missing " in quoted-field`);
        line = next;
        col = 1;
      } else {
        throw new CsvError(`parse error on line ${reader.lineNo}: extraneous or missing " in quoted-field`);
      }
    }
    if (done) break;
  }
  // Go reads one record and silently ignores the rest; a pattern dropped
  // without a word would be a wrong report, so trailing records are an error.
  for (let rest = reader.next(); rest !== null; rest = reader.next()) {
    if (rest !== '\n') throw new CsvError('more than one line of patterns in one value (use the flag again, or commas)');
  }
  return fields;
}

class CsvError extends Error {}

function nlLength(line: string): number {
  return line.endsWith('\n') ? 1 : 0;
}

/** Go csv's readLine: lines keep their '\n'; "\r\n" becomes "\n"; a '\r' right before the end is dropped. */
class LineReader {
  private offset = 0;
  lineNo = 0;
  constructor(private readonly text: string) {}
  next(): string | null {
    if (this.offset >= this.text.length) return null;
    const nl = this.text.indexOf('\n', this.offset);
    let line: string;
    if (nl < 0) {
      line = this.text.slice(this.offset);
      this.offset = this.text.length;
      if (line.endsWith('\r')) line = line.slice(0, -1);
    } else {
      line = this.text.slice(this.offset, nl + 1);
      this.offset = nl + 1;
    }
    this.lineNo++;
    if (line.endsWith('\r\n')) line = `${line.slice(0, -2)}\n`;
    return line;
  }
}

/** All fields of repeated flag values (each split as by `splitFlagValue`); errors are OptionErrors naming `option`. */
export function splitFlagValues(option: string, values: readonly string[]): string[] {
  const out: string[] = [];
  for (const v of values) {
    try {
      out.push(...splitFlagValue(v));
    } catch (err) {
      if (err instanceof CsvError) {
        const why = err.message;
        throw new OptionError(option, (name) => `invalid argument ${JSON.stringify(v)} for ${name(option)}: ${why}`);
      }
      throw err;
    }
  }
  return out;
}

/** A compiled Go regular expression: an unanchored search, as Go's `regexp.MatchString`. */
export interface GoRegexp {
  /** The pattern as written. */
  readonly source: string;
  /** True when the pattern matches somewhere in `name`. */
  test(name: string): boolean;
  /** Length of the leftmost match in `name` (what Go's FindString returns), or -1 when there is none. */
  matchLength(name: string): number;
}

/**
 * Compile one Go regular expression with an RE2 engine of Go's syntax and
 * semantics (re2js, a port of RE2/J), so what is accepted, rejected and
 * matched is exactly Go's `regexp`. A name holding bytes that are not UTF-8
 * (names.ts) is matched as its bytes, as Go does. Throws an OptionError
 * (naming `option`) for a pattern Go rejects, with Go's reason.
 */
export function compileGoRegexp(option: string, pattern: string): GoRegexp {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    const why = err instanceof RE2JSException ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    throw new OptionError(option, `invalid regular expression ${JSON.stringify(pattern)}: ${why}`);
  }
  const subject = (name: string): string | Uint8Array => (hasEscapedBytes(name) ? encodeName(name) : name);
  const js = jsEquivalent(pattern);
  return {
    source: pattern,
    // A name with bytes that are not UTF-8 is matched by re2js on its bytes (JS RegExp only sees UTF-16).
    test: js === null ? (name) => re.test(subject(name) as string) : (name) => (hasEscapedBytes(name) ? re.test(subject(name) as string) : js.test(name)),
    matchLength: (name) => {
      const m = re.matcher(subject(name) as string);
      return m.find() ? (m.group() as string).length : -1;
    },
  };
}

/** Go escapes (outside a class) of the small subset, as JS source: a syntax character stays escaped. */
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  d: '[0-9]',
  D: '[^0-9]',
  w: '[0-9A-Za-z_]',
  W: '[^0-9A-Za-z_]',
  b: '\\b',
  B: '\\B',
  A: '^',
  z: '$',
  '-': '-',
  ...Object.fromEntries([...'^$\\.*+?()[]{}|/'].map((c) => [c, `\\${c}`])),
};
/** Characters that stand for themselves in a class of the subset (Go and JS alike). */
const CLASS_CHAR = /[0-9A-Za-z_/.,:]/;

/**
 * A JS RegExp that finds a match in exactly the strings the Go pattern does,
 * for patterns of a small subset whose meaning is the same in both engines
 * (literals, `.`, `^`, `$`, groups, alternation, `* + ?`, simple classes of
 * ASCII letters, digits and `_/.,:`, `\d \w \b \A \z` and escaped
 * punctuation), or null for anything else. Only whether a match exists is
 * equal (not which one), which is all `test` asks; V8 runs it ~20x faster
 * than re2js on a cold start (thousands of file names per filter).
 */
export function jsEquivalent(pattern: string): RegExp | null {
  if (/[\uD800-\uDFFF]/.test(pattern)) return null; // astral or lone surrogates: left to re2js
  let out = '';
  let i = 0;
  const n = pattern.length;
  while (i < n) {
    const c = pattern[i++];
    if (c === '\\') {
      const e = SIMPLE_ESCAPES[pattern[i++]];
      if (e === undefined) return null;
      out += e;
    } else if (c === '.') {
      out += '[^\\n]'; // Go's `.` is any character but newline; JS's also excludes \r, \u2028, \u2029
    } else if (c === '(') {
      if (pattern[i] === '?') {
        if (pattern[i + 1] !== ':') return null; // flags and named groups
        i += 2;
        out += '(?:';
      } else out += '(';
    } else if (c === '[') {
      let cls = '[';
      if (pattern[i] === '^') cls += pattern[i++];
      let items = 0;
      for (;;) {
        if (i >= n) return null;
        const d = pattern[i++];
        if (d === ']' && items > 0) break;
        if (!CLASS_CHAR.test(d)) return null;
        cls += d;
        items++;
        if (pattern[i] === '-' && pattern[i + 1] !== ']') {
          const to = pattern[i + 1];
          const kind = (x: string): number => (/[0-9]/.test(x) ? 1 : /[a-z]/.test(x) ? 2 : /[A-Z]/.test(x) ? 3 : 0);
          if (to === undefined || kind(d) === 0 || kind(d) !== kind(to) || to < d) return null;
          cls += `-${to}`;
          i += 2;
        }
      }
      out += `${cls}]`;
    } else if ('{}]'.includes(c)) {
      return null; // counted repetition; a lone '}' or ']' is a literal in Go, an error in JS
    } else {
      out += c; // a literal, or one of ^ $ | ) * + ? (same meaning in both)
    }
  }
  try {
    return new RegExp(out, 'u');
  } catch {
    return null;
  }
}

/**
 * Split repeated flag values and compile every field (see splitFlagValues,
 * compileGoRegexp). An empty field (`a,,b`, a trailing comma, `""`) is a usage
 * error: as a regex it would match every file, which gopherage silently does.
 */
export function compilePathPatterns(option: string, values: readonly string[]): GoRegexp[] {
  return splitFlagValues(option, values).map((p) => {
    if (p === '') throw new OptionError(option, 'empty pattern (a stray comma?) would match every file');
    return compileGoRegexp(option, p);
  });
}
